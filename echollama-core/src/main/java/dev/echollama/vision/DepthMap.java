package dev.echollama.vision;

import dev.echollama.BadInputException;
import java.util.Arrays;

/**
 * A per-pixel depth estimate over a {@code width × height} grid (usually the image's own size), row-major from
 * the top-left. What the numbers mean is stated by {@link #convention()}.
 *
 * <p>Immutable and thread-safe; {@link #values()} returns a copy.
 */
public final class DepthMap {

    /** What a depth value means. */
    public enum Convention {
        /**
         * Relative inverse depth (disparity-like), as MiDaS outputs: larger is nearer; scale and shift are unknown,
         * so only the order within one image means anything.
         */
        RELATIVE_INVERSE_DEPTH(true),
        /** Relative depth: larger is farther; scale and shift unknown. */
        RELATIVE_DEPTH(false),
        /** Metric depth in metres: larger is farther. */
        METRIC_METERS(false);

        private final boolean largerIsNearer;

        Convention(boolean largerIsNearer) {
            this.largerIsNearer = largerIsNearer;
        }

        public boolean largerIsNearer() {
            return largerIsNearer;
        }
    }

    private final int width;
    private final int height;
    private final float[] values;
    private final Convention convention;
    private final float min;
    private final float max;

    private DepthMap(int width, int height, float[] values, Convention convention, float min, float max) {
        this.width = width;
        this.height = height;
        this.values = values;
        this.convention = convention;
        this.min = min;
        this.max = max;
    }

    /** A map holding a copy of {@code values}; non-finite values are refused. */
    public static DepthMap of(int width, int height, float[] values, Convention convention) {
        if (width <= 0 || height <= 0) {
            throw new BadInputException("depth map size must be positive, got " + width + "x" + height);
        }
        if (values == null || values.length != (long) width * height) {
            throw new BadInputException("depth map " + width + "x" + height + " needs " + ((long) width * height)
                    + " values, got " + (values == null ? "null" : values.length));
        }
        if (convention == null) {
            throw new BadInputException("depth convention is null");
        }
        float[] copy = values.clone();
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < copy.length; i++) {
            float v = copy[i];
            if (!Float.isFinite(v)) {
                throw new BadInputException("depth value " + i + " is " + v + "; values must be finite");
            }
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return new DepthMap(width, height, copy, convention, min, max);
    }

    /** The smallest value in the map. */
    public float min() {
        return min;
    }

    /** The largest value in the map. */
    public float max() {
        return max;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public Convention convention() {
        return convention;
    }

    /** The value at column x, row y. */
    public float at(int x, int y) {
        if (x < 0 || y < 0 || x >= width || y >= height) {
            throw new IndexOutOfBoundsException("(" + x + ", " + y + ") outside " + width + "x" + height);
        }
        return values[y * width + x];
    }

    /** A copy of all values, row-major. */
    public float[] values() {
        return values.clone();
    }

    /** Copies row {@code y} into {@code dst}. */
    public void copyRow(int y, float[] dst, int offset) {
        System.arraycopy(values, y * width, dst, offset, width);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DepthMap d && d.width == width && d.height == height && d.convention == convention
                && Arrays.equals(d.values, values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values) * 31 + convention.hashCode();
    }

    @Override
    public String toString() {
        return "DepthMap[" + width + "x" + height + ", " + convention + "]";
    }
}

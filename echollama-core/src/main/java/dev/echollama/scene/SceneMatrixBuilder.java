package dev.echollama.scene;

import dev.echollama.BadInputException;
import dev.echollama.vision.BoundingBox;
import dev.echollama.vision.DepthMap;
import dev.echollama.vision.Detection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Builds the {@link SceneMatrix} of paper §5.1 from detections and an optional depth map.
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li>Only detections with {@code score >= threshold} enter (default 0.90, the paper's). Scores are compared at
 *       float precision, so a detector's float {@code 0.9f} counts as 0.90.</li>
 *   <li>An object goes to the cell holding its box centre. Cells are half-open, {@code [k/n, (k+1)/n)}: a centre
 *       exactly on a grid line goes to the cell right of (or below) it; a centre at 1.0 goes to the last cell.</li>
 *   <li>{@code x}, {@code y} are the box centre in [0, 1], origin top-left.</li>
 *   <li>{@code z}: the median depth over the inner half of the box (the box shrunk to half its width and half its
 *       height about its centre; the pixel under the centre when that holds no pixel centre), mapped to [0, 1]
 *       over the whole depth map's range so that 0 is the nearest point of the image and 1 the farthest. The
 *       map's {@link DepthMap.Convention} says which way is near. A flat map gives 0 for everything. Without a
 *       depth map z is absent.</li>
 *   <li>Within a cell, entries are ordered by score (highest first), then label, then x.</li>
 * </ul>
 *
 * Immutable and thread-safe once built; {@link #build(List, Optional)} allocates only what it returns and a
 * scratch array per call.
 */
public final class SceneMatrixBuilder {
    /** The paper's detection threshold. */
    public static final double PAPER_THRESHOLD = 0.90;

    private static final double FLOAT_SLACK = 1e-6;
    private static final double EDGE_SLACK = 1e-9;

    private static final Comparator<SceneObject> CELL_ORDER = Comparator
            .comparingDouble(SceneObject::probability).reversed()
            .thenComparing(SceneObject::label)
            .thenComparingDouble(SceneObject::x);

    private final int rows;
    private final int columns;
    private final double threshold;

    private SceneMatrixBuilder(int rows, int columns, double threshold) {
        this.rows = rows;
        this.columns = columns;
        this.threshold = threshold;
    }

    /** 2 rows × 3 columns, threshold 0.90. */
    public static SceneMatrixBuilder paper() {
        return new SceneMatrixBuilder(2, 3, PAPER_THRESHOLD);
    }

    /**
     * @throws BadInputException if a dimension is below 1 or above 16, or the threshold is outside [0, 1]
     */
    public static SceneMatrixBuilder of(int rows, int columns, double threshold) {
        if (rows < 1 || columns < 1 || rows > 16 || columns > 16) {
            throw new BadInputException("grid must be between 1x1 and 16x16, got " + rows + "x" + columns);
        }
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new BadInputException("threshold must be in [0, 1], got " + threshold);
        }
        return new SceneMatrixBuilder(rows, columns, threshold);
    }

    public int rows() {
        return rows;
    }

    public int columns() {
        return columns;
    }

    public double threshold() {
        return threshold;
    }

    /** Whether a detection passes this builder's threshold. */
    public boolean accepts(Detection d) {
        return d.score() >= threshold - FLOAT_SLACK;
    }

    /** The column of a centre x in [0, 1] (half-open cells; 1.0 → last column). */
    public int columnOf(double x) {
        return index(x, columns);
    }

    /** The row of a centre y in [0, 1] (half-open cells; 1.0 → last row). */
    public int rowOf(double y) {
        return index(y, rows);
    }

    private static int index(double v, int n) {
        int i = (int) Math.floor(v * n + EDGE_SLACK);
        return Math.max(0, Math.min(n - 1, i));
    }

    /**
     * The matrix for these detections.
     *
     * @param detections any order; those under the threshold are ignored
     * @param depth      the image's depth map, any resolution (boxes are normalised)
     */
    public SceneMatrix build(List<Detection> detections, Optional<DepthMap> depth) {
        if (detections == null) {
            throw new BadInputException("detections are null");
        }
        DepthRange range = depth.map(DepthRange::of).orElse(null);
        List<List<List<SceneObject>>> cells = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            List<List<SceneObject>> row = new ArrayList<>(columns);
            for (int c = 0; c < columns; c++) {
                row.add(new ArrayList<>(2));
            }
            cells.add(row);
        }
        float[] scratch = null;
        for (Detection d : detections) {
            if (!accepts(d)) {
                continue;
            }
            BoundingBox b = d.box();
            OptionalDouble z = OptionalDouble.empty();
            if (range != null) {
                DepthMap map = depth.get();
                if (scratch == null) {
                    scratch = new float[64];
                }
                int needed = innerPixelCount(b, map);
                if (scratch.length < needed) {
                    scratch = new float[needed];
                }
                z = OptionalDouble.of(range.relativeDistance(innerMedian(b, map, scratch)));
            }
            SceneObject o = new SceneObject(d.label(), d.score(), b.centerX(), b.centerY(), z);
            cells.get(rowOf(o.y())).get(columnOf(o.x())).add(o);
        }
        for (List<List<SceneObject>> row : cells) {
            for (List<SceneObject> cell : row) {
                cell.sort(CELL_ORDER);
            }
        }
        return SceneMatrix.of(rows, columns, cells);
    }

    /** Same as {@link #build(List, Optional)} with no depth. */
    public SceneMatrix build(List<Detection> detections) {
        return build(detections, Optional.empty());
    }

    // Pixel i covers [i, i+1); it is in the inner region when its centre i + 0.5 lies in [a, b].
    private static int firstPixel(double a) {
        return (int) Math.ceil(a - 0.5);
    }

    private static int lastPixel(double b) {
        return (int) Math.floor(b - 0.5);
    }

    private static int[] innerRange(double lo, double hi, double centre, int n) {
        double c = centre * n;
        double half = (hi - lo) * n / 4;
        int from = Math.max(0, firstPixel(c - half));
        int to = Math.min(n - 1, lastPixel(c + half));
        if (from > to) {
            int p = Math.max(0, Math.min(n - 1, (int) Math.floor(c)));
            from = p;
            to = p;
        }
        return new int[] {from, to};
    }

    private static int innerPixelCount(BoundingBox b, DepthMap map) {
        int[] xs = innerRange(b.x1(), b.x2(), b.centerX(), map.width());
        int[] ys = innerRange(b.y1(), b.y2(), b.centerY(), map.height());
        return (xs[1] - xs[0] + 1) * (ys[1] - ys[0] + 1);
    }

    static float innerMedian(BoundingBox b, DepthMap map, float[] scratch) {
        int[] xs = innerRange(b.x1(), b.x2(), b.centerX(), map.width());
        int[] ys = innerRange(b.y1(), b.y2(), b.centerY(), map.height());
        int n = 0;
        for (int y = ys[0]; y <= ys[1]; y++) {
            for (int x = xs[0]; x <= xs[1]; x++) {
                scratch[n++] = map.at(x, y);
            }
        }
        return median(scratch, n);
    }

    /** Median of {@code a[0..n)}; reorders the array. Mean of the two middle values when n is even. */
    static float median(float[] a, int n) {
        if (n == 1) {
            return a[0];
        }
        int mid = n / 2;
        float upper = select(a, 0, n - 1, mid);
        if ((n & 1) == 1) {
            return upper;
        }
        // After selection everything left of mid is <= upper: the lower middle is their maximum.
        float lower = a[0];
        for (int i = 1; i < mid; i++) {
            lower = Math.max(lower, a[i]);
        }
        return (float) ((lower + (double) upper) / 2);
    }

    private static float select(float[] a, int lo, int hi, int k) {
        while (lo < hi) {
            float pivot = a[lo + (hi - lo) / 2];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    float t = a[i];
                    a[i] = a[j];
                    a[j] = t;
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return a[k];
            }
        }
        return a[k];
    }

    /** The map's value range and which end is near. */
    private record DepthRange(float min, float max, boolean largerIsNearer) {
        static DepthRange of(DepthMap map) {
            return new DepthRange(map.min(), map.max(), map.convention().largerIsNearer());
        }

        double relativeDistance(float v) {
            double span = (double) max - min;
            if (span <= 0) {
                return 0;
            }
            double t = (v - (double) min) / span;
            double z = largerIsNearer ? 1 - t : t;
            return Math.max(0, Math.min(1, z));
        }
    }
}

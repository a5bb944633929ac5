package dev.echollama.testkit.onnx;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What {@link SyntheticModels#yoloxNano} outputs: a fixed YOLOX-Nano head output for a 416×416 input in which each
 * {@link Row} holds the raw values it names and every other row is all zeros (objectness 0, so below any score
 * floor).
 *
 * @param rows     the non-zero head rows, at most one per grid cell, in any order
 * @param fileName file written in the target folder
 */
public record YoloxSpec(List<Row> rows, String fileName) {
    /** Side of the square input. */
    public static final int SIZE = 416;
    /** The head's strides, in the order their cells appear in the output. */
    public static final List<Integer> STRIDES = List.of(8, 16, 32);
    /** COCO-80 classes. */
    public static final int NUM_CLASSES = 80;
    /** Floats per output row: x_off, y_off, log_w, log_h, objectness and one probability per class. */
    public static final int ROW_LENGTH = 5 + NUM_CLASSES;
    /** Output rows for a 416×416 input: 52² + 26² + 13². */
    public static final int NUM_ROWS = 3549;

    /**
     * One head row at grid cell ({@code gx}, {@code gy}) of {@code stride}: {@code [xOff, yOff, logW, logH,
     * objectness, 0, ..., classProb at 5 + classId, ..., 0]}. A YOLOX decoder reads it as the box centred at
     * {@code ((xOff + gx) * stride, (yOff + gy) * stride)} of size {@code exp(logW) * stride} by
     * {@code exp(logH) * stride} in input pixels, with score {@code objectness * classProb} for {@code classId}.
     */
    public record Row(int stride, int gx, int gy, float xOff, float yOff, float logW, float logH, float objectness,
            int classId, float classProb) {
        public Row {
            if (!STRIDES.contains(stride)) {
                throw new IllegalArgumentException("stride must be 8, 16 or 32, got " + stride);
            }
            int cells = SIZE / stride;
            if (gx < 0 || gx >= cells || gy < 0 || gy >= cells) {
                throw new IllegalArgumentException("cell (" + gx + ", " + gy + ") is outside the " + cells + "x"
                        + cells + " grid of stride " + stride);
            }
            if (classId < 0 || classId >= NUM_CLASSES) {
                throw new IllegalArgumentException("classId must be in [0, 80), got " + classId);
            }
            for (float v : new float[] {xOff, yOff, logW, logH, objectness, classProb}) {
                if (!Float.isFinite(v)) {
                    throw new IllegalArgumentException("row values must be finite, got " + v);
                }
            }
        }

        /** Index of this row in the output: the cells of the smaller strides first, then row-major. */
        public int index() {
            int row = 0;
            for (int s : STRIDES) {
                if (s == stride) {
                    break;
                }
                row += (SIZE / s) * (SIZE / s);
            }
            return row + gy * (SIZE / stride) + gx;
        }
    }

    public YoloxSpec {
        rows = List.copyOf(rows);
        Objects.requireNonNull(fileName, "fileName");
        if (fileName.isBlank()) {
            throw new IllegalArgumentException("fileName must not be blank");
        }
        Set<Integer> seen = new HashSet<>();
        for (Row r : rows) {
            if (!seen.add(r.index())) {
                throw new IllegalArgumentException("two rows at cell (" + r.gx() + ", " + r.gy() + ") of stride "
                        + r.stride());
            }
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects a {@link YoloxSpec}. */
    public static final class Builder {
        private final List<Row> rows = new ArrayList<>();
        private String fileName = "yolox_nano.onnx";

        private Builder() {
        }

        /** Adds a row; see {@link Row}. */
        public Builder row(int stride, int gx, int gy, float xOff, float yOff, float logW, float logH,
                float objectness, int classId, float classProb) {
            rows.add(new Row(stride, gx, gy, xOff, yOff, logW, logH, objectness, classId, classProb));
            return this;
        }

        /** Default {@code yolox_nano.onnx}, the file name the real export ships under. */
        public Builder fileName(String value) {
            this.fileName = value;
            return this;
        }

        public YoloxSpec build() {
            return new YoloxSpec(rows, fileName);
        }
    }
}

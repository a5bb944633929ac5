package dev.echollama.vision.yolox;

import dev.echollama.InferenceException;
import dev.echollama.vision.BoundingBox;
import dev.echollama.vision.Detection;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * YOLOX head decoding and class-aware non-maximum suppression, in plain Java over the raw output array.
 *
 * <p>Output layout (Megvii's ONNX export with the decode left out): {@code [1, N, 5 + C]} with
 * {@code N = Σ (H/s)·(W/s)} over strides 8, 16, 32 in that order, cells row-major; per row
 * {@code [x_off, y_off, log_w, log_h, objectness, C class probabilities]}. A box is
 * {@code cx = (x_off + gx)·s, cy = (y_off + gy)·s, w = exp(log_w)·s, h = exp(log_h)·s} in network pixels, and a
 * row's score for class c is {@code objectness · p(c)}. Every class of a row whose score reaches the floor is a
 * candidate (as YOLOX's class-aware {@code multiclass_nms}), then greedy NMS runs per class: a box is dropped
 * when its IoU with a kept, higher-scoring box of the same class exceeds the NMS threshold. IoU is taken over
 * continuous box areas, as torchvision's {@code batched_nms} in YOLOX's {@code postprocess} takes it (the numpy
 * demo's {@code nms} adds one pixel to each side, which matters only for boxes a few pixels wide).
 *
 * <p>Immutable and thread-safe; {@link #decode} allocates only per call.
 */
final class YoloxDecoder {
    static final int[] STRIDES = {8, 16, 32};

    /** More candidates than this before NMS means the output is not a trained detector's; keep the best. */
    static final int MAX_CANDIDATES = 4096;

    private final int inputWidth;
    private final int inputHeight;
    private final List<String> labels;
    private final int rowLength;
    private final int rows;

    YoloxDecoder(int inputWidth, int inputHeight, List<String> labels) {
        this.inputWidth = inputWidth;
        this.inputHeight = inputHeight;
        this.labels = List.copyOf(labels);
        this.rowLength = 5 + labels.size();
        int n = 0;
        for (int s : STRIDES) {
            n += (inputHeight / s) * (inputWidth / s);
        }
        this.rows = n;
    }

    /** How many rows the head must output for this input size (3549 for 416×416). */
    int rows() {
        return rows;
    }

    int rowLength() {
        return rowLength;
    }

    /**
     * Detections with score at least {@code scoreFloor} that survive NMS, best score first.
     *
     * @param output   the head output, {@code rows() × rowLength()} floats, row-major
     * @param geometry how the image was letterboxed into the input
     */
    List<Detection> decode(float[] output, Letterbox geometry, double scoreFloor, double nmsIou) {
        return decode(FloatBuffer.wrap(output), geometry, scoreFloor, nmsIou);
    }

    /** As {@link #decode(float[], Letterbox, double, double)}, over a buffer's values from index 0 to its limit. */
    List<Detection> decode(FloatBuffer output, Letterbox geometry, double scoreFloor, double nmsIou) {
        if (output.limit() != (long) rows * rowLength) {
            throw new InferenceException("YOLOX output must hold " + rows + " x " + rowLength + " = "
                    + ((long) rows * rowLength) + " floats for a " + inputWidth + "x" + inputHeight
                    + " input, got " + output.limit());
        }
        List<Candidate> candidates = new ArrayList<>();
        int row = 0;
        for (int stride : STRIDES) {
            int gw = inputWidth / stride;
            int gh = inputHeight / stride;
            for (int gy = 0; gy < gh; gy++) {
                for (int gx = 0; gx < gw; gx++, row++) {
                    int o = row * rowLength;
                    float objectness = output.get(o + 4);
                    // score = objectness x p(c) <= objectness: most rows end here.
                    if (!(objectness >= scoreFloor)) {
                        continue;
                    }
                    double cx = (output.get(o) + gx) * stride;
                    double cy = (output.get(o + 1) + gy) * stride;
                    double w = Math.exp(output.get(o + 2)) * stride;
                    double h = Math.exp(output.get(o + 3)) * stride;
                    for (int c = 0; c < labels.size(); c++) {
                        double score = (double) objectness * output.get(o + 5 + c);
                        if (score >= scoreFloor) {
                            candidates.add(new Candidate(c, Math.min(1, score),
                                    cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2));
                        }
                    }
                }
            }
        }
        Candidate[] sorted = candidates.toArray(new Candidate[0]);
        Arrays.sort(sorted, (a, b) -> Double.compare(b.score, a.score));
        int n = Math.min(sorted.length, MAX_CANDIDATES);
        boolean[] suppressed = new boolean[n];
        List<Detection> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (suppressed[i]) {
                continue;
            }
            Candidate keep = sorted[i];
            out.add(toDetection(keep, geometry));
            for (int j = i + 1; j < n; j++) {
                if (!suppressed[j] && sorted[j].label == keep.label && keep.iou(sorted[j]) > nmsIou) {
                    suppressed[j] = true;
                }
            }
        }
        return out;
    }

    private Detection toDetection(Candidate c, Letterbox g) {
        BoundingBox box = BoundingBox.clamped(g.normalisedX(c.x1), g.normalisedY(c.y1),
                g.normalisedX(c.x2), g.normalisedY(c.y2));
        return new Detection(labels.get(c.label), c.score, box);
    }

    /** A box in network pixels with one class and its score. */
    private record Candidate(int label, double score, double x1, double y1, double x2, double y2) {
        double iou(Candidate o) {
            double iw = Math.min(x2, o.x2) - Math.max(x1, o.x1);
            double ih = Math.min(y2, o.y2) - Math.max(y1, o.y1);
            if (!(iw > 0 && ih > 0)) {
                return 0;
            }
            double inter = iw * ih;
            double union = (x2 - x1) * (y2 - y1) + (o.x2 - o.x1) * (o.y2 - o.y1) - inter;
            return union > 0 ? inter / union : 0;
        }
    }
}

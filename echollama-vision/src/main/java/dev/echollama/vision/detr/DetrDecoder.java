package dev.echollama.vision.detr;

import dev.echollama.InferenceException;
import dev.echollama.vision.BoundingBox;
import dev.echollama.vision.Detection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * DETR's own post-processing ({@code facebookresearch/detr models/detr.py PostProcess}): per query, softmax over
 * all {@code C + 1} logits, then the best of the {@code C} real classes (the last, "no object", takes part in the
 * softmax but not in the choice); boxes are normalised {@code (cx, cy, w, h)} of the unpadded image, turned into
 * corners. Queries whose class is "N/A" (an unused COCO id) or whose score is under the floor are dropped. No
 * NMS: DETR's set prediction does not produce duplicates by design.
 *
 * <p>Stateless and thread-safe.
 */
final class DetrDecoder {
    private final List<String> labels;

    /** @param labels one name per real class (index = class id); "N/A" marks ids that are not classes */
    DetrDecoder(List<String> labels) {
        this.labels = List.copyOf(labels);
    }

    /**
     * @param logits  {@code queries × classes} floats, row-major, where {@code classes = labels + 1}
     * @param boxes   {@code queries × 4} floats
     */
    List<Detection> decode(float[] logits, float[] boxes, int queries, int classes, double floor) {
        if (classes < 2 || (long) queries * classes != logits.length) {
            throw new InferenceException("DETR logits must hold " + queries + " queries x " + classes
                    + " classes, got " + logits.length + " floats");
        }
        if ((long) queries * 4 != boxes.length) {
            throw new InferenceException("DETR pred_boxes must hold " + queries + " x 4 floats, got " + boxes.length);
        }
        int real = classes - 1;
        List<Detection> out = new ArrayList<>();
        for (int q = 0; q < queries; q++) {
            int o = q * classes;
            float max = Float.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                max = Math.max(max, logits[o + c]);
            }
            if (!Float.isFinite(max)) {
                continue; // NaN or infinite logits: nothing trustworthy in this query
            }
            double sum = 0;
            int best = -1;
            float bestLogit = Float.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                sum += Math.exp(logits[o + c] - max);
                if (c < real && logits[o + c] > bestLogit) {
                    bestLogit = logits[o + c];
                    best = c;
                }
            }
            double score = Math.exp(bestLogit - max) / sum;
            if (best < 0 || !(score >= floor) || best >= labels.size()) {
                continue;
            }
            String label = labels.get(best);
            if (label == null || label.isBlank() || label.equals(Coco91.NOT_A_CLASS)) {
                continue;
            }
            int b = q * 4;
            double cx = boxes[b];
            double cy = boxes[b + 1];
            double w = boxes[b + 2];
            double h = boxes[b + 3];
            BoundingBox box = BoundingBox.clamped(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2);
            out.add(new Detection(label, Math.min(1, score), box));
        }
        out.sort(Comparator.comparingDouble(Detection::score).reversed());
        return out;
    }
}

package dev.echollama.testkit.onnx;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What {@link SyntheticModels#detr} detects. Queries {@code 0..queries.size()-1} are fixed detections; if a probe
 * class is set, query {@code queries.size()} is the image-dependent probe; if a size-probe class is set, the next
 * query is the size probe, whose box spells the height and width of the {@code pixel_values} the graph received;
 * if a value-probe class is set, the next {@link #valueProbeQueries()} queries are the value probe, whose boxes
 * spell the values fed at {@link #valueProbePixels()}, four per query; every other query is "no object".
 *
 * @param queries      fixed detections, in query order
 * @param probeClass   COCO-91 class id of the probe query, or -1 for no probe
 * @param probeLogit   the probe's logit for {@code probeClass}
 * @param sizeProbeClass COCO-91 class id of the size probe query, or -1 for none
 * @param sizeProbeLogit the size probe's logit for {@code sizeProbeClass}
 * @param valueProbeClass COCO-91 class id of the value probe queries, or -1 for none
 * @param valueProbeLogit the first value probe query's logit for {@code valueProbeClass}; each later one's is
 *                     {@link #VALUE_PROBE_LOGIT_STEP} lower, so detections sorted by score keep the query order
 * @param valueProbePixels the {@code pixel_values} elements the value probe reads, in order (empty without it)
 * @param numQueries   dim 1 of the outputs at run time (100 in the real model)
 * @param pixelMask    whether the graph declares {@code pixel_mask int64 [batch_size, 64, 64]}
 * @param ioType       FLOAT, or FLOAT16 for an fp16 export that keeps half-precision I/O (unconfirmed upstream)
 * @param fileName     file written in the target folder
 */
public record DetrSpec(List<Query> queries, int probeClass, float probeLogit, int sizeProbeClass,
        float sizeProbeLogit, int valueProbeClass, float valueProbeLogit, List<Pixel> valueProbePixels,
        int numQueries, boolean pixelMask, ElementType ioType, String fileName) {

    /** Logits per query: 91 COCO-91 ids (0 = "N/A") plus "no object" at index 91. */
    public static final int NUM_LOGITS = 92;
    /** Index of the "no object" logit. */
    public static final int NO_OBJECT = 91;
    /** The "no object" logit of a background query. */
    public static final float BACKGROUND_LOGIT = 10f;
    /**
     * The size probe's box is {@code (0.5, 0.5, width / SIZE_UNIT, height / SIZE_UNIT)}: sizes up to 4096 stay
     * inside the image (a box in [0, 1]) and are exact in float32 (and in float16 up to 2048).
     */
    public static final int SIZE_UNIT = 4096;
    /**
     * The value probe writes each value v it reads as the box component {@code 0.5 + v / VALUE_UNIT}, so
     * {@code v = (component - 0.5) * VALUE_UNIT}. For values within ±5 (ImageNet-normalised pixels lie in
     * [-2.12, 2.64]) every corner {@code cx ± w / 2}, {@code cy ± h / 2} stays inside [0, 1], so a decoder that
     * clamps boxes to the image leaves them intact; float32 keeps v to about 2e-6 (float32 I/O only).
     */
    public static final float VALUE_UNIT = 32f;
    /** How much lower each value probe query's logit is than the previous one's. */
    public static final float VALUE_PROBE_LOGIT_STEP = 0.25f;
    /** Values per value probe query: cx, cy, w, h. */
    public static final int VALUES_PER_QUERY = 4;

    /** The element {@code pixel_values[b, channel, y, x]} of the tensor fed, for the value probe. */
    public record Pixel(int channel, int y, int x) {
        public Pixel {
            if (channel < 0 || channel > 2 || y < 0 || x < 0) {
                throw new IllegalArgumentException("need channel in [0, 3) and y, x >= 0, got " + channel + ", " + y
                        + ", " + x);
            }
        }
    }

    /**
     * One fixed detection: {@code logits[q, classId] = logit} (every other logit 0) and
     * {@code pred_boxes[q] = (cx, cy, w, h)}, normalised to the image.
     */
    public record Query(int classId, float logit, float cx, float cy, float w, float h) {
        public Query {
            if (classId < 0 || classId >= NUM_LOGITS) {
                throw new IllegalArgumentException("classId must be in [0, 92), got " + classId);
            }
            if (!Float.isFinite(logit) || !Float.isFinite(cx) || !Float.isFinite(cy) || !Float.isFinite(w)
                    || !Float.isFinite(h)) {
                throw new IllegalArgumentException("query values must be finite: " + logit + ", " + cx + ", " + cy
                        + ", " + w + ", " + h);
            }
        }
    }

    public DetrSpec {
        queries = List.copyOf(queries);
        valueProbePixels = List.copyOf(valueProbePixels);
        Objects.requireNonNull(ioType, "ioType");
        Objects.requireNonNull(fileName, "fileName");
        LlamaSpec.requireFloat("ioType", ioType);
        if (valueProbeClass >= NUM_LOGITS || valueProbeClass < -1) {
            throw new IllegalArgumentException("valueProbeClass must be -1 (none) or in [0, 92), got "
                    + valueProbeClass);
        }
        if ((valueProbeClass >= 0) == valueProbePixels.isEmpty()) {
            throw new IllegalArgumentException("a value probe needs a class and at least one pixel, got class "
                    + valueProbeClass + " and " + valueProbePixels.size() + " pixels");
        }
        if (!Float.isFinite(valueProbeLogit)) {
            throw new IllegalArgumentException("valueProbeLogit must be finite, got " + valueProbeLogit);
        }
        if (valueProbeClass >= 0 && ioType != ElementType.FLOAT) {
            // A float16 box keeps v only to about 0.008, half an 8-bit level after ImageNet normalisation.
            throw new IllegalArgumentException("the value probe needs float32 I/O, got " + ioType);
        }
        int used = queries.size() + (probeClass >= 0 ? 1 : 0) + (sizeProbeClass >= 0 ? 1 : 0)
                + (valueProbePixels.size() + VALUES_PER_QUERY - 1) / VALUES_PER_QUERY;
        if (numQueries < 1 || used > numQueries) {
            throw new IllegalArgumentException("numQueries " + numQueries + " cannot hold " + used + " detections");
        }
        if (probeClass >= NUM_LOGITS || probeClass < -1) {
            throw new IllegalArgumentException("probeClass must be -1 (none) or in [0, 92), got " + probeClass);
        }
        if (!Float.isFinite(probeLogit)) {
            throw new IllegalArgumentException("probeLogit must be finite, got " + probeLogit);
        }
        if (sizeProbeClass >= NUM_LOGITS || sizeProbeClass < -1) {
            throw new IllegalArgumentException("sizeProbeClass must be -1 (none) or in [0, 92), got "
                    + sizeProbeClass);
        }
        if (!Float.isFinite(sizeProbeLogit)) {
            throw new IllegalArgumentException("sizeProbeLogit must be finite, got " + sizeProbeLogit);
        }
        if (fileName.isBlank()) {
            throw new IllegalArgumentException("fileName must not be blank");
        }
    }

    /** Index of the probe query, or -1. */
    public int probeIndex() {
        return probeClass >= 0 ? queries.size() : -1;
    }

    /** Index of the size probe query (after the fixed queries and the probe), or -1. */
    public int sizeProbeIndex() {
        return sizeProbeClass >= 0 ? queries.size() + (probeClass >= 0 ? 1 : 0) : -1;
    }

    /** Index of the first value probe query (after the fixed queries and the other probes), or -1. */
    public int valueProbeIndex() {
        return valueProbeClass >= 0 ? queries.size() + (probeClass >= 0 ? 1 : 0) + (sizeProbeClass >= 0 ? 1 : 0) : -1;
    }

    /** How many queries the value probe takes: one per four pixels, rounded up (0 without it). */
    public int valueProbeQueries() {
        return (valueProbePixels.size() + VALUES_PER_QUERY - 1) / VALUES_PER_QUERY;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects a {@link DetrSpec}. */
    public static final class Builder {
        private final List<Query> queries = new ArrayList<>();
        private int probeClass = -1;
        private float probeLogit;
        private int sizeProbeClass = -1;
        private float sizeProbeLogit;
        private int valueProbeClass = -1;
        private float valueProbeLogit;
        private final List<Pixel> valueProbePixels = new ArrayList<>();
        private int numQueries = 100;
        private boolean pixelMask;
        private ElementType ioType = ElementType.FLOAT;
        private String fileName;

        private Builder() {
        }

        /** Adds a fixed detection (next query index). */
        public Builder detection(int classId, float logit, float cx, float cy, float w, float h) {
            queries.add(new Query(classId, logit, cx, cy, w, h));
            return this;
        }

        /** Adds the image-dependent probe query (after the fixed ones) with this class and logit. */
        public Builder probe(int classId, float logit) {
            this.probeClass = classId;
            this.probeLogit = logit;
            return this;
        }

        /**
         * Adds the size probe query (after the fixed ones and the probe) with this class and logit: its box is
         * {@code (0.5, 0.5, width / SIZE_UNIT, height / SIZE_UNIT)} of the {@code pixel_values} fed, so a test can
         * read back the exact size a provider's pre-processing made.
         */
        public Builder sizeProbe(int classId, float logit) {
            this.sizeProbeClass = classId;
            this.sizeProbeLogit = logit;
            return this;
        }

        /**
         * Adds the value probe (after the fixed queries and the other probes): query {@code valueProbeIndex() + j}
         * has logit {@code logit - j * VALUE_PROBE_LOGIT_STEP} for {@code classId}, and its box {@code (cx, cy, w,
         * h)} is {@code 0.5 + v / VALUE_UNIT} for the values v fed at {@code pixels[4j .. 4j+3]} (a missing fourth
         * reads as 0), so a test can read back what a provider's pre-processing put at those elements.
         */
        public Builder valueProbe(int classId, float logit, Pixel... pixels) {
            this.valueProbeClass = classId;
            this.valueProbeLogit = logit;
            this.valueProbePixels.clear();
            this.valueProbePixels.addAll(List.of(pixels));
            return this;
        }

        public Builder numQueries(int value) {
            this.numQueries = value;
            return this;
        }

        public Builder pixelMask(boolean value) {
            this.pixelMask = value;
            return this;
        }

        public Builder ioType(ElementType value) {
            this.ioType = value;
            return this;
        }

        /** Default {@code model.onnx}, or {@code model_fp16.onnx} with FLOAT16 I/O. */
        public Builder fileName(String value) {
            this.fileName = value;
            return this;
        }

        public DetrSpec build() {
            String file = fileName != null ? fileName
                    : ioType == ElementType.FLOAT16 ? "model_fp16.onnx" : "model.onnx";
            return new DetrSpec(queries, probeClass, probeLogit, sizeProbeClass, sizeProbeLogit, valueProbeClass,
                    valueProbeLogit, valueProbePixels, numQueries, pixelMask, ioType, file);
        }
    }
}

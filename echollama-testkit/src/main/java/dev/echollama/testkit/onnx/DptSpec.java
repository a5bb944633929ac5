package dev.echollama.testkit.onnx;

import java.util.Objects;

/**
 * What {@link SyntheticModels#dptHybrid(java.nio.file.Path, DptSpec)} computes and how it is typed.
 *
 * @param scale     depth = {@code max(0, scale * channel mean + offset)}
 * @param offset    see {@code scale}
 * @param ioType    FLOAT, or FLOAT16 for an fp16 export ({@code pixel_values} and {@code predicted_depth} both
 *                  float16, as optimum's fp16 conversion keeps them)
 * @param sizeProbe when set, every depth value is {@code height * SIZE_BASE + width} of the {@code pixel_values} fed
 *                  instead, so a test can read back the exact size a provider's pre-processing made; float32 only
 * @param pixelProbe when set, {@code predicted_depth[b,y,x] = pixel_values[b,0,y,x]}: the first (red) plane as
 *                  fed, so a test can read back the values a provider's resize and normalisation made; not with
 *                  {@code sizeProbe}
 * @param fileName  file written in the target folder
 */
public record DptSpec(float scale, float offset, ElementType ioType, boolean sizeProbe, boolean pixelProbe,
        String fileName) {

    /**
     * Base of the size probe's code: {@code height * 4096 + width} is an exact float32 integer (below 2^24) for any
     * height and width under 4096.
     */
    public static final int SIZE_BASE = 4096;

    public DptSpec {
        Objects.requireNonNull(ioType, "ioType");
        Objects.requireNonNull(fileName, "fileName");
        LlamaSpec.requireFloat("ioType", ioType);
        if (!Float.isFinite(scale) || !Float.isFinite(offset)) {
            throw new IllegalArgumentException("scale and offset must be finite, got " + scale + ", " + offset);
        }
        if (sizeProbe && ioType != ElementType.FLOAT) {
            // float16 holds integers exactly only up to 2048, far below 384 * 4096 + 384.
            throw new IllegalArgumentException("the size probe needs FLOAT I/O, got " + ioType);
        }
        if (sizeProbe && pixelProbe) {
            throw new IllegalArgumentException("the size probe and the pixel probe both set the depth; pick one");
        }
        if (fileName.isBlank()) {
            throw new IllegalArgumentException("fileName must not be blank");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects a {@link DptSpec}; defaults: scale 1, offset 1, FLOAT, no probe. */
    public static final class Builder {
        private float scale = 1f;
        private float offset = 1f;
        private ElementType ioType = ElementType.FLOAT;
        private boolean sizeProbe;
        private boolean pixelProbe;
        private String fileName;

        private Builder() {
        }

        public Builder scale(float value) {
            this.scale = value;
            return this;
        }

        public Builder offset(float value) {
            this.offset = value;
            return this;
        }

        public Builder ioType(ElementType value) {
            this.ioType = value;
            return this;
        }

        public Builder sizeProbe(boolean value) {
            this.sizeProbe = value;
            return this;
        }

        public Builder pixelProbe(boolean value) {
            this.pixelProbe = value;
            return this;
        }

        /** Default {@code model.onnx}, or {@code model_fp16.onnx} with FLOAT16 I/O (the export's names). */
        public Builder fileName(String value) {
            this.fileName = value;
            return this;
        }

        public DptSpec build() {
            String file = fileName != null ? fileName
                    : ioType == ElementType.FLOAT16 ? "model_fp16.onnx" : "model.onnx";
            return new DptSpec(scale, offset, ioType, sizeProbe, pixelProbe, file);
        }
    }
}

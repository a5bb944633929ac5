package dev.echollama.testkit.onnx;

import java.util.Objects;

/**
 * Shape and behaviour of {@link SyntheticModels#llama32}. Defaults are those of Llama-3.2-1B-Instruct's ONNX
 * export (16 layers, 8 KV heads, head_dim 64, vocabulary 128256, float32 KV, position_ids, no
 * use_cache_branch, no num_logits_to_keep) and never stop.
 *
 * @param layers          number of {@code past_key_values.{i}} / {@code present.{i}} pairs
 * @param kvHeads         dim 1 of every KV tensor
 * @param headDim         dim 3 of every KV tensor
 * @param vocabSize       dim 2 of {@code logits}
 * @param kvType          FLOAT ({@code model.onnx}) or FLOAT16 ({@code model_fp16.onnx}, {@code model_q4f16.onnx})
 * @param logitsType      FLOAT or FLOAT16 ({@code logits} dtype of fp16 exports is unconfirmed, so both exist)
 * @param positionIds     whether the graph declares {@code position_ids} (and checks it)
 * @param useCacheBranch  whether the graph is an optimum "merged" decoder with {@code use_cache_branch bool[1]}
 * @param numLogitsToKeep whether the graph declares the int64 scalar {@code num_logits_to_keep}
 * @param stopAtLength    once the sequence holds this many tokens the next token is {@code stopToken}; 0 = never
 * @param stopToken       token emitted at {@code stopAtLength} (default 128009, {@code <|eot_id|>}); checked
 *                        against the vocabulary only when stopping is on
 * @param mismatchToken   token emitted where position_ids disagree with the cache (default vocabSize - 1)
 * @param fileName        file written in the target folder (default {@code model.onnx} or {@code model_fp16.onnx})
 */
public record LlamaSpec(int layers, int kvHeads, int headDim, int vocabSize, ElementType kvType,
        ElementType logitsType, boolean positionIds, boolean useCacheBranch, boolean numLogitsToKeep,
        int stopAtLength, long stopToken, long mismatchToken, String fileName) {

    public LlamaSpec {
        Objects.requireNonNull(kvType, "kvType");
        Objects.requireNonNull(logitsType, "logitsType");
        Objects.requireNonNull(fileName, "fileName");
        if (layers < 1 || kvHeads < 1 || headDim < 1 || vocabSize < 2) {
            throw new IllegalArgumentException("layers, kvHeads and headDim must be >= 1 and vocabSize >= 2; got layers="
                    + layers + ", kvHeads=" + kvHeads + ", headDim=" + headDim + ", vocabSize=" + vocabSize);
        }
        requireFloat("kvType", kvType);
        requireFloat("logitsType", logitsType);
        if (stopAtLength < 0) {
            throw new IllegalArgumentException("stopAtLength must be >= 0 (0 = never stop), got " + stopAtLength);
        }
        if (stopAtLength > 0) {
            requireToken("stopToken", stopToken, vocabSize);
        }
        requireToken("mismatchToken", mismatchToken, vocabSize);
        if (fileName.isBlank()) {
            throw new IllegalArgumentException("fileName must not be blank");
        }
    }

    static void requireFloat(String what, ElementType type) {
        if (type != ElementType.FLOAT && type != ElementType.FLOAT16) {
            throw new IllegalArgumentException(what + " must be FLOAT or FLOAT16, got " + type);
        }
    }

    static void requireToken(String what, long token, long vocabSize) {
        if (token < 0 || token >= vocabSize) {
            throw new IllegalArgumentException(what + " " + token + " is outside the vocabulary [0, " + vocabSize + ")");
        }
    }

    private static String defaultFileName(ElementType kvType) {
        return kvType == ElementType.FLOAT16 ? "model_fp16.onnx" : "model.onnx";
    }

    /** The Llama-3.2-1B layout, float32, never stopping. */
    public static LlamaSpec defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder preset with this spec's values; a file name and mismatch token that were derived defaults are
     * derived again from the builder's final kvType and vocabSize.
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.layers = layers;
        b.kvHeads = kvHeads;
        b.headDim = headDim;
        b.vocabSize = vocabSize;
        b.kvType = kvType;
        b.logitsType = logitsType;
        b.positionIds = positionIds;
        b.useCacheBranch = useCacheBranch;
        b.numLogitsToKeep = numLogitsToKeep;
        b.stopAtLength = stopAtLength;
        b.stopToken = stopToken;
        // Derived defaults stay derived, so that changing kvType or vocabSize re-derives them.
        b.mismatchToken = mismatchToken == vocabSize - 1L ? null : mismatchToken;
        b.fileName = fileName.equals(defaultFileName(kvType)) ? null : fileName;
        return b;
    }

    /** Collects a {@link LlamaSpec}; {@link #build()} validates. */
    public static final class Builder {
        private int layers = 16;
        private int kvHeads = 8;
        private int headDim = 64;
        private int vocabSize = 128_256;
        private ElementType kvType = ElementType.FLOAT;
        private ElementType logitsType = ElementType.FLOAT;
        private boolean positionIds = true;
        private boolean useCacheBranch;
        private boolean numLogitsToKeep;
        private int stopAtLength;
        private long stopToken = 128_009;
        private Long mismatchToken;
        private String fileName;

        private Builder() {
        }

        public Builder layers(int value) {
            this.layers = value;
            return this;
        }

        public Builder kvHeads(int value) {
            this.kvHeads = value;
            return this;
        }

        public Builder headDim(int value) {
            this.headDim = value;
            return this;
        }

        /** Vocabulary size; {@code stopToken} must stay below it (set it too when shrinking the vocabulary). */
        public Builder vocabSize(int value) {
            this.vocabSize = value;
            return this;
        }

        /** FLOAT16 declares float16 pasts and presents, as fp16/q4f16 exports do. */
        public Builder kvType(ElementType value) {
            this.kvType = value;
            return this;
        }

        public Builder logitsType(ElementType value) {
            this.logitsType = value;
            return this;
        }

        public Builder positionIds(boolean value) {
            this.positionIds = value;
            return this;
        }

        public Builder useCacheBranch(boolean value) {
            this.useCacheBranch = value;
            return this;
        }

        public Builder numLogitsToKeep(boolean value) {
            this.numLogitsToKeep = value;
            return this;
        }

        /** Emit {@code token} as the next token once the sequence (prompt + generated) holds {@code length} tokens. */
        public Builder stopAt(int length, long token) {
            this.stopAtLength = length;
            this.stopToken = token;
            return this;
        }

        public Builder mismatchToken(long value) {
            this.mismatchToken = value;
            return this;
        }

        public Builder fileName(String value) {
            this.fileName = value;
            return this;
        }

        public LlamaSpec build() {
            String file = fileName != null ? fileName : defaultFileName(kvType);
            long mismatch = mismatchToken != null ? mismatchToken : vocabSize - 1L;
            return new LlamaSpec(layers, kvHeads, headDim, vocabSize, kvType, logitsType, positionIds, useCacheBranch,
                    numLogitsToKeep, stopAtLength, stopToken, mismatch, file);
        }
    }
}

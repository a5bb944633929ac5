package dev.echollama.testkit.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Shape and behaviour of the synthetic Moondream2 files ({@link SyntheticModels#moondream2}). Defaults follow
 * Xenova/moondream2 (24 layers, 32 KV heads of 64, hidden 2048, vocabulary 51200, float32, position_ids and
 * use_cache_branch declared, end of text 50256). Shrink layers and heads for tests: a 740-position cache at the
 * default size is 290 MB per step.
 *
 * @param layers         decoder layers
 * @param heads          dim 1 of every KV tensor
 * @param headDim        dim 3 of every KV tensor (at least 4: the key carries a marker and 3 features)
 * @param hidden         embedding width (dim 2 of image_features and inputs_embeds; at least 4)
 * @param vocabSize      dim 2 of {@code logits}
 * @param kvType         FLOAT or FLOAT16 ({@code kv_cache_dtype} of fp16/q4f16)
 * @param visionType     FLOAT or FLOAT16: {@code pixel_values} and {@code image_features} dtype (an fp16 vision
 *                       encoder takes and gives half precision)
 * @param embedType      FLOAT or FLOAT16: {@code inputs_embeds} dtype out of embed_tokens
 * @param decoderEmbedType FLOAT or FLOAT16: {@code inputs_embeds} dtype into the decoder (default embedType). They
 *                       differ in the "q4" set of transformers.js' Moondream demo (MODELS.md §3.5): fp16
 *                       embed_tokens beside decoder_model_merged_q4, whose I/O stays float32 (INFERRED: the config
 *                       declares float16 only for the fp16 and q4f16 caches, §3.2)
 * @param positionIds    whether the decoder declares {@code position_ids}
 * @param useCacheBranch whether the decoder declares {@code use_cache_branch}
 * @param stopAtLength   once the (spliced) sequence holds this many positions the next token is stopToken; 0 = never
 * @param stopToken      default 50256 ({@code <|endoftext|>})
 * @param mismatchToken  emitted when cache, positions, the image block or the prompt layout are inconsistent
 *                       (default vocabSize - 1)
 * @param logitMargin    the chosen token's logit (every other logit is 0); default 30, which makes sampling as sure
 *                       as greedy search; a small margin lets a test tell them apart
 * @param layout         the prompt the decoder must be given first, as token ids with {@link #IMAGE_TOKEN_INDEX}
 *                       where the 729 image rows belong (e.g. {@code [50256, -200, ...]}); empty = not checked
 * @param pixelChecks    values the vision encoder expects in the {@code pixel_values} it is fed; when one is off by
 *                       more than {@code pixelTolerance} (or is NaN) it numbers its image rows from 1 instead of 0,
 *                       which the decoder answers with {@code mismatchToken}; empty = not checked
 * @param pixelTolerance the largest accepted {@code |fed - expected|}, compared in float32 after widening
 * @param visionFile     default {@code vision_encoder.onnx} ({@code vision_encoder_fp16.onnx} for FLOAT16)
 * @param embedFile      default {@code embed_tokens.onnx} ({@code embed_tokens_fp16.onnx} for FLOAT16 embeds)
 * @param decoderFile    default {@code decoder_model_merged.onnx} ({@code _fp16} for FLOAT16 KV)
 */
public record MoondreamSpec(int layers, int heads, int headDim, int hidden, int vocabSize, ElementType kvType,
        ElementType visionType, ElementType embedType, ElementType decoderEmbedType, boolean positionIds,
        boolean useCacheBranch, int stopAtLength, long stopToken, long mismatchToken, float logitMargin,
        List<Long> layout, List<PixelCheck> pixelChecks, float pixelTolerance, String visionFile, String embedFile,
        String decoderFile) {

    /** Image side after pre-processing. */
    public static final int IMAGE_SIZE = 378;
    /** Patch side: 378 / 14 = 27 patches per side. */
    public static final int PATCH = 14;
    /** Patches per side. */
    public static final int GRID = IMAGE_SIZE / PATCH;
    /** Rows of image_features per image (27 x 27). */
    public static final int IMAGE_TOKENS = GRID * GRID;
    /** {@code image_token_index} of the Xenova config (MODELS.md §3.2): marks the image in {@link #layout}. */
    public static final long IMAGE_TOKEN_INDEX = -200;

    /**
     * One value {@code pixel_values[b, channel, y, x]} the vision encoder expects (378×378 input).
     *
     * @param expected the pre-processed value, e.g. {@code (r / 255 - 0.5) / 0.5} for red byte r
     */
    public record PixelCheck(int channel, int y, int x, float expected) {
        public PixelCheck {
            if (channel < 0 || channel > 2 || y < 0 || y >= IMAGE_SIZE || x < 0 || x >= IMAGE_SIZE
                    || !Float.isFinite(expected)) {
                throw new IllegalArgumentException("need channel in [0, 3), y and x in [0, " + IMAGE_SIZE
                        + ") and a finite value, got " + channel + ", " + y + ", " + x + ", " + expected);
            }
        }
    }

    public MoondreamSpec {
        if (layers < 1 || heads < 1 || headDim < 4 || hidden < 4 || vocabSize < 2) {
            throw new IllegalArgumentException("need layers >= 1, heads >= 1, headDim >= 4, hidden >= 4, vocabSize >= 2;"
                    + " got layers=" + layers + ", heads=" + heads + ", headDim=" + headDim + ", hidden=" + hidden
                    + ", vocabSize=" + vocabSize);
        }
        LlamaSpec.requireFloat("kvType", Objects.requireNonNull(kvType, "kvType"));
        LlamaSpec.requireFloat("visionType", Objects.requireNonNull(visionType, "visionType"));
        LlamaSpec.requireFloat("embedType", Objects.requireNonNull(embedType, "embedType"));
        LlamaSpec.requireFloat("decoderEmbedType", Objects.requireNonNull(decoderEmbedType, "decoderEmbedType"));
        if (!(logitMargin > 0) || Float.isInfinite(logitMargin)) {
            throw new IllegalArgumentException("logitMargin must be > 0 and finite, got " + logitMargin);
        }
        layout = List.copyOf(Objects.requireNonNull(layout, "layout"));
        if (!layout.isEmpty()) {
            long images = layout.stream().filter(id -> id == IMAGE_TOKEN_INDEX).count();
            if (images != 1 || layout.stream().anyMatch(id -> id < 0 && id != IMAGE_TOKEN_INDEX)) {
                throw new IllegalArgumentException("layout must hold non-negative ids and exactly one "
                        + IMAGE_TOKEN_INDEX + ", got " + layout);
            }
        }
        pixelChecks = List.copyOf(Objects.requireNonNull(pixelChecks, "pixelChecks"));
        if (!(pixelTolerance >= 0) || Float.isInfinite(pixelTolerance)) {
            throw new IllegalArgumentException("pixelTolerance must be >= 0 and finite, got " + pixelTolerance);
        }
        if (stopAtLength < 0) {
            throw new IllegalArgumentException("stopAtLength must be >= 0 (0 = never stop), got " + stopAtLength);
        }
        if (stopAtLength > 0) {
            LlamaSpec.requireToken("stopToken", stopToken, vocabSize);
        }
        LlamaSpec.requireToken("mismatchToken", mismatchToken, vocabSize);
        for (String f : new String[] {visionFile, embedFile, decoderFile}) {
            if (f == null || f.isBlank()) {
                throw new IllegalArgumentException("file names must not be blank");
            }
        }
    }

    public static MoondreamSpec defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects a {@link MoondreamSpec}; the record's constructor validates. */
    public static final class Builder {
        private int layers = 24;
        private int heads = 32;
        private int headDim = 64;
        private int hidden = 2048;
        private int vocabSize = 51_200;
        private ElementType kvType = ElementType.FLOAT;
        private ElementType visionType = ElementType.FLOAT;
        private ElementType embedType = ElementType.FLOAT;
        private ElementType decoderEmbedType;
        private boolean positionIds = true;
        private boolean useCacheBranch = true;
        private int stopAtLength;
        private long stopToken = 50_256;
        private Long mismatchToken;
        private float logitMargin = CountingDecoder.LOGIT;
        private List<Long> layout = List.of();
        private final List<PixelCheck> pixelChecks = new ArrayList<>();
        private float pixelTolerance = 1e-4f;
        private String visionFile;
        private String embedFile;
        private String decoderFile;

        private Builder() {
        }

        public Builder layers(int value) {
            this.layers = value;
            return this;
        }

        public Builder heads(int value) {
            this.heads = value;
            return this;
        }

        public Builder headDim(int value) {
            this.headDim = value;
            return this;
        }

        public Builder hidden(int value) {
            this.hidden = value;
            return this;
        }

        public Builder vocabSize(int value) {
            this.vocabSize = value;
            return this;
        }

        public Builder kvType(ElementType value) {
            this.kvType = value;
            return this;
        }

        public Builder visionType(ElementType value) {
            this.visionType = value;
            return this;
        }

        /** The dtype out of embed_tokens, and into the decoder unless {@link #decoderEmbedType} says otherwise. */
        public Builder embedType(ElementType value) {
            this.embedType = value;
            return this;
        }

        public Builder decoderEmbedType(ElementType value) {
            this.decoderEmbedType = value;
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

        /** Emit {@code token} once the spliced sequence holds {@code length} positions. */
        public Builder stopAt(int length, long token) {
            this.stopAtLength = length;
            this.stopToken = token;
            return this;
        }

        public Builder mismatchToken(long value) {
            this.mismatchToken = value;
            return this;
        }

        public Builder logitMargin(float value) {
            this.logitMargin = value;
            return this;
        }

        /** The spliced prompt the decoder insists on; {@link #IMAGE_TOKEN_INDEX} marks the image block. */
        public Builder layout(long... ids) {
            this.layout = Arrays.stream(ids).boxed().toList();
            return this;
        }

        /** Adds a value the vision encoder must be fed (see {@link MoondreamSpec#pixelChecks()}). */
        public Builder expectPixel(int channel, int y, int x, float expected) {
            this.pixelChecks.add(new PixelCheck(channel, y, x, expected));
            return this;
        }

        /** Default 1e-4: about a eightieth of one 8-bit step after mean = std = 0.5 (2 / 255 = 0.0078). */
        public Builder pixelTolerance(float value) {
            this.pixelTolerance = value;
            return this;
        }

        public Builder visionFile(String value) {
            this.visionFile = value;
            return this;
        }

        public Builder embedFile(String value) {
            this.embedFile = value;
            return this;
        }

        public Builder decoderFile(String value) {
            this.decoderFile = value;
            return this;
        }

        public MoondreamSpec build() {
            String fp16Vision = visionType == ElementType.FLOAT16 ? "_fp16" : "";
            String fp16Embed = embedType == ElementType.FLOAT16 ? "_fp16" : "";
            String fp16Kv = kvType == ElementType.FLOAT16 ? "_fp16" : "";
            return new MoondreamSpec(layers, heads, headDim, hidden, vocabSize, kvType, visionType, embedType,
                    decoderEmbedType != null ? decoderEmbedType : embedType, positionIds, useCacheBranch, stopAtLength,
                    stopToken, mismatchToken != null ? mismatchToken : vocabSize - 1L, logitMargin, layout,
                    pixelChecks, pixelTolerance,
                    visionFile != null ? visionFile : "vision_encoder" + fp16Vision + ".onnx",
                    embedFile != null ? embedFile : "embed_tokens" + fp16Embed + ".onnx",
                    decoderFile != null ? decoderFile : "decoder_model_merged" + fp16Kv + ".onnx");
        }
    }
}

package dev.echollama.testkit.onnx;

import java.util.List;
import java.util.Objects;

/**
 * Shape and script of {@link SyntheticModels#whisperEncoder} and {@link SyntheticModels#whisperDecoder}. Defaults
 * follow whisper-base (6 decoder layers, 8 heads of 64, d_model 512, vocabulary 51865, multilingual special ids).
 *
 * @param layers           decoder layers ({@code past_key_values.{i}.decoder/encoder.*})
 * @param heads            attention heads (dim 1 of every KV tensor)
 * @param headDim          dim 3 of every KV tensor; {@code d_model = heads * headDim}
 * @param vocabSize        dim 2 of {@code logits}
 * @param prompt           the decoder prompt the script assumes, e.g. {@code [50258, 50259, 50359, 50363]}
 * @param speechTokens     text tokens the decoder "transcribes" when the audio is not silent
 * @param silenceTokens    text tokens for silent audio (default none: the transcript is empty)
 * @param endOfText        {@code <|endoftext|>}, emitted after the tokens and forever after
 * @param silenceThreshold audio counts as speech when {@code mean(input_features) > silenceThreshold}
 * @param mismatchToken    emitted when the caches are inconsistent (default vocabSize - 1)
 */
public record WhisperSpec(int layers, int heads, int headDim, int vocabSize, List<Long> prompt, List<Long> speechTokens,
        List<Long> silenceTokens, long endOfText, float silenceThreshold, long mismatchToken) {

    /** Mel bins of the encoder input. */
    public static final int MEL_BINS = 80;
    /** Frames of the encoder input (30 s at 10 ms). */
    public static final int FRAMES = 3000;
    /** Encoder output positions (frames / 2). */
    public static final int ENCODER_POSITIONS = 1500;

    public WhisperSpec {
        prompt = List.copyOf(prompt);
        speechTokens = List.copyOf(speechTokens);
        silenceTokens = List.copyOf(silenceTokens);
        if (layers < 1 || heads < 1 || headDim < 1 || vocabSize < 2) {
            throw new IllegalArgumentException("layers, heads and headDim must be >= 1 and vocabSize >= 2; got layers="
                    + layers + ", heads=" + heads + ", headDim=" + headDim + ", vocabSize=" + vocabSize);
        }
        if (prompt.isEmpty()) {
            throw new IllegalArgumentException("prompt must hold at least <|startoftranscript|>");
        }
        for (List<Long> l : List.of(prompt, speechTokens, silenceTokens)) {
            for (Long t : l) {
                LlamaSpec.requireToken("token", Objects.requireNonNull(t, "token"), vocabSize);
            }
        }
        LlamaSpec.requireToken("endOfText", endOfText, vocabSize);
        LlamaSpec.requireToken("mismatchToken", mismatchToken, vocabSize);
        if (!Float.isFinite(silenceThreshold)) {
            throw new IllegalArgumentException("silenceThreshold must be finite, got " + silenceThreshold);
        }
    }

    /** {@code d_model}, the width of the encoder states. */
    public int dModel() {
        return heads * headDim;
    }

    /** What the decoder predicts at decoder position p (0-based) for speech or silence: the script row. */
    public List<Long> script(boolean speech) {
        List<Long> row = new java.util.ArrayList<>(prompt.subList(1, prompt.size()));
        row.addAll(speech ? speechTokens : silenceTokens);
        row.add(endOfText);
        return List.copyOf(row);
    }

    /** whisper-base defaults with speech tokens [400, 500, 600]. */
    public static WhisperSpec defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder preset with this spec's values (a derived mismatch token is derived again). */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.layers = layers;
        b.heads = heads;
        b.headDim = headDim;
        b.vocabSize = vocabSize;
        b.prompt = prompt;
        b.speechTokens = speechTokens;
        b.silenceTokens = silenceTokens;
        b.endOfText = endOfText;
        b.silenceThreshold = silenceThreshold;
        b.mismatchToken = mismatchToken == vocabSize - 1L ? null : mismatchToken;
        return b;
    }

    /** Collects a {@link WhisperSpec}; the record's constructor validates. */
    public static final class Builder {
        private int layers = 6;
        private int heads = 8;
        private int headDim = 64;
        private int vocabSize = 51_865;
        private List<Long> prompt = List.of(50_258L, 50_259L, 50_359L, 50_363L);
        private List<Long> speechTokens = List.of(400L, 500L, 600L);
        private List<Long> silenceTokens = List.of();
        private long endOfText = 50_257;
        private float silenceThreshold = -1.45f;
        private Long mismatchToken;

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

        public Builder vocabSize(int value) {
            this.vocabSize = value;
            return this;
        }

        /** The English-only layout: vocabulary 51864, prompt [50257, 50362], end of text 50256. */
        public Builder englishOnly() {
            this.vocabSize = 51_864;
            this.prompt = List.of(50_257L, 50_362L);
            this.endOfText = 50_256;
            return this;
        }

        public Builder prompt(List<Long> value) {
            this.prompt = value;
            return this;
        }

        public Builder speechTokens(List<Long> value) {
            this.speechTokens = value;
            return this;
        }

        public Builder silenceTokens(List<Long> value) {
            this.silenceTokens = value;
            return this;
        }

        public Builder endOfText(long value) {
            this.endOfText = value;
            return this;
        }

        public Builder silenceThreshold(float value) {
            this.silenceThreshold = value;
            return this;
        }

        public Builder mismatchToken(long value) {
            this.mismatchToken = value;
            return this;
        }

        public WhisperSpec build() {
            return new WhisperSpec(layers, heads, headDim, vocabSize, prompt, speechTokens, silenceTokens, endOfText,
                    silenceThreshold, mismatchToken != null ? mismatchToken : vocabSize - 1L);
        }
    }
}

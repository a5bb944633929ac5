package dev.echollama.onnx.decoder;

import ai.onnxruntime.OnnxTensor;
import dev.echollama.BadInputException;
import dev.echollama.language.GenerationOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One generation's input and limits. Immutable once built; the builder validates in {@link Builder#build()}.
 *
 * <p>The prompt is either token ids (one or more rows; rows of different lengths are left-padded with
 * {@code padTokenId} and masked out) or, for graphs that take {@code inputs_embeds}, a float buffer
 * {@code [batch, seq, hidden]} plus a {@link TokenEmbedder} for the generated tokens. An encoder-decoder graph also
 * needs {@code encoderHiddenStates}, a tensor the caller owns and closes after {@code generate} returns.
 */
public final class DecodeRequest {

    /** How the decoder reuses work between steps. */
    public enum CacheMode {
        /** Feed each step's presents back as the next pasts: one new token per run (the normal mode). */
        KV_CACHE,
        /** No cache: every step runs the whole sequence again with empty pasts (a reference for tests). */
        RECOMPUTE
    }

    private final List<int[]> promptIds;
    private final float[] embeddings;
    private final int embeddingRows;
    private final int embeddingLength;
    private final int[] embeddingPadding;
    private final TokenEmbedder embedder;
    private final OnnxTensor encoderHiddenStates;
    private final int maxNewTokens;
    private final int[] stopTokens;
    private final SamplingConfig sampling;
    private final List<LogitsProcessor> processors;
    private final CacheMode cacheMode;
    private final int prefillChunk;
    private final int contextLength;
    private final int padTokenId;

    private DecodeRequest(Builder b) {
        this.promptIds = b.promptIds == null ? null : b.promptIds.stream().map(int[]::clone).toList();
        this.embeddings = b.embeddings;
        this.embeddingRows = b.embeddingRows;
        this.embeddingLength = b.embeddingLength;
        this.embeddingPadding = b.embeddingPadding == null ? new int[b.embeddingRows] : b.embeddingPadding.clone();
        this.embedder = b.embedder;
        this.encoderHiddenStates = b.encoderHiddenStates;
        this.maxNewTokens = b.maxNewTokens;
        this.stopTokens = b.stopTokens.clone();
        this.sampling = b.sampling;
        this.processors = List.copyOf(b.processors);
        this.cacheMode = b.cacheMode;
        this.prefillChunk = b.prefillChunk;
        this.contextLength = b.contextLength;
        this.padTokenId = b.padTokenId;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Number of batch rows. */
    public int batchSize() {
        return promptIds != null ? promptIds.size() : embeddingRows;
    }

    /** Whether the prompt is embeddings rather than ids. */
    public boolean hasEmbeddings() {
        return embeddings != null;
    }

    /** The prompt rows as ids (copies); empty when the prompt is embeddings. */
    public List<int[]> promptIds() {
        return promptIds == null ? List.of() : promptIds.stream().map(int[]::clone).toList();
    }

    List<int[]> promptIdsView() {
        return promptIds;
    }

    float[] embeddingsView() {
        return embeddings;
    }

    int embeddingLength() {
        return embeddingLength;
    }

    int[] embeddingPadding() {
        return embeddingPadding;
    }

    TokenEmbedder embedder() {
        return embedder;
    }

    /** The caller-owned encoder output, or null for a decoder-only graph. */
    public OnnxTensor encoderHiddenStates() {
        return encoderHiddenStates;
    }

    public int maxNewTokens() {
        return maxNewTokens;
    }

    public int[] stopTokens() {
        return stopTokens.clone();
    }

    int[] stopTokensView() {
        return stopTokens;
    }

    public SamplingConfig sampling() {
        return sampling;
    }

    public List<LogitsProcessor> processors() {
        return processors;
    }

    public CacheMode cacheMode() {
        return cacheMode;
    }

    /** Prompt positions per prefill run; 0 means the whole prompt in one run. */
    public int prefillChunk() {
        return prefillChunk;
    }

    /** The context window to respect; 0 means the model metadata's, or none when the metadata has none. */
    public int contextLength() {
        return contextLength;
    }

    public int padTokenId() {
        return padTokenId;
    }

    /** Builds a {@link DecodeRequest}; defaults: greedy, 256 new tokens, KV cache, whole-prompt prefill, pad 0. */
    public static final class Builder {
        private List<int[]> promptIds;
        private float[] embeddings;
        private int embeddingRows;
        private int embeddingLength;
        private int[] embeddingPadding;
        private TokenEmbedder embedder;
        private OnnxTensor encoderHiddenStates;
        private int maxNewTokens = 256;
        private int[] stopTokens = new int[0];
        private SamplingConfig sampling = SamplingConfig.greedy();
        private final List<LogitsProcessor> processors = new ArrayList<>();
        private CacheMode cacheMode = CacheMode.KV_CACHE;
        private int prefillChunk;
        private int contextLength;
        private int padTokenId;

        private Builder() {
        }

        /** A single prompt row of token ids (BOS included if the model wants one). */
        public Builder prompt(int... ids) {
            return prompts(List.of(ids));
        }

        /** Several prompt rows, generated together as one left-padded batch. */
        public Builder prompts(List<int[]> rows) {
            this.promptIds = new ArrayList<>();
            for (int[] row : rows) {
                promptIds.add(Objects.requireNonNull(row, "prompt row").clone());
            }
            this.embeddings = null;
            return this;
        }

        /**
         * A prompt given as embeddings, {@code [rows, length, hidden]} row-major; rows are left-padded as told by
         * {@link #embeddingPadding(int...)} (none by default). {@code embedder} embeds each generated token.
         */
        public Builder embeddings(float[] data, int rows, int length, TokenEmbedder embedder) {
            this.embeddings = Objects.requireNonNull(data, "embeddings").clone();
            this.embeddingRows = rows;
            this.embeddingLength = length;
            this.embedder = Objects.requireNonNull(embedder, "embedder");
            this.promptIds = null;
            return this;
        }

        /** How many leading positions of each embedding row are padding (masked out). */
        public Builder embeddingPadding(int... padding) {
            this.embeddingPadding = padding.clone();
            return this;
        }

        /** The encoder output for an encoder-decoder graph; owned (and closed) by the caller. */
        public Builder encoderHiddenStates(OnnxTensor states) {
            this.encoderHiddenStates = states;
            return this;
        }

        public Builder maxNewTokens(int n) {
            this.maxNewTokens = n;
            return this;
        }

        /** Ids that end a row when sampled (not included in the result). */
        public Builder stopTokens(int... ids) {
            this.stopTokens = ids.clone();
            return this;
        }

        public Builder sampling(SamplingConfig config) {
            this.sampling = Objects.requireNonNull(config, "sampling");
            return this;
        }

        /** Core's options: the sampler settings and {@code maxNewTokens} (stop strings are for the text layer). */
        public Builder options(GenerationOptions options) {
            this.sampling = SamplingConfig.from(options);
            this.maxNewTokens = options.maxNewTokens();
            return this;
        }

        /** Appends processors, run in order before sampling. */
        public Builder processors(LogitsProcessor... more) {
            for (LogitsProcessor p : more) {
                processors.add(Objects.requireNonNull(p, "processor"));
            }
            return this;
        }

        public Builder cacheMode(CacheMode mode) {
            this.cacheMode = Objects.requireNonNull(mode, "cacheMode");
            return this;
        }

        /** Prompt positions per prefill run (KV cache mode); 0 (default) runs the whole prompt at once. */
        public Builder prefillChunk(int positions) {
            this.prefillChunk = positions;
            return this;
        }

        /** Overrides the context window (prompt + generated positions); 0 uses the model's metadata. */
        public Builder contextLength(int positions) {
            this.contextLength = positions;
            return this;
        }

        /** The id fed at padding positions and for rows that already finished (masked out or ignored). */
        public Builder padTokenId(int id) {
            this.padTokenId = id;
            return this;
        }

        public DecodeRequest build() {
            if (promptIds == null && embeddings == null) {
                throw new BadInputException("a decode request needs a prompt: token ids or embeddings");
            }
            if (promptIds != null) {
                if (promptIds.isEmpty()) {
                    throw new BadInputException("a decode request needs at least one prompt row");
                }
                for (int r = 0; r < promptIds.size(); r++) {
                    int[] row = promptIds.get(r);
                    if (row.length == 0) {
                        throw new BadInputException("prompt row " + r
                                + " is empty; a decoder needs at least one token (e.g. BOS)");
                    }
                    for (int id : row) {
                        if (id < 0) {
                            throw new BadInputException("prompt row " + r + " holds negative token id " + id);
                        }
                    }
                }
            } else {
                if (embeddingRows < 1 || embeddingLength < 1) {
                    throw new BadInputException("embeddings need rows >= 1 and length >= 1, got rows="
                            + embeddingRows + " length=" + embeddingLength);
                }
                long cells = (long) embeddingRows * embeddingLength;
                if (embeddings.length == 0 || embeddings.length % cells != 0) {
                    throw new BadInputException("embeddings hold " + embeddings.length + " floats, not a multiple of "
                            + embeddingRows + " rows x " + embeddingLength + " positions");
                }
                if (embeddingPadding != null) {
                    if (embeddingPadding.length != embeddingRows) {
                        throw new BadInputException("embedding padding has " + embeddingPadding.length
                                + " entries for " + embeddingRows + " rows");
                    }
                    for (int p : embeddingPadding) {
                        if (p < 0 || p >= embeddingLength) {
                            throw new BadInputException("embedding padding " + p + " outside 0.."
                                    + (embeddingLength - 1) + " (each row needs one real position)");
                        }
                    }
                }
            }
            if (maxNewTokens < 1 || maxNewTokens > 1_000_000) {
                throw new BadInputException("maxNewTokens must be in 1..1000000, got " + maxNewTokens);
            }
            if (prefillChunk < 0) {
                throw new BadInputException("prefillChunk must be >= 0, got " + prefillChunk);
            }
            if (contextLength < 0) {
                throw new BadInputException("contextLength must be >= 0, got " + contextLength);
            }
            if (padTokenId < 0) {
                throw new BadInputException("padTokenId must be >= 0, got " + padTokenId);
            }
            for (int id : stopTokens) {
                if (id < 0) {
                    throw new BadInputException("stop token ids must be >= 0, got " + Arrays.toString(stopTokens));
                }
            }
            return new DecodeRequest(this);
        }
    }
}

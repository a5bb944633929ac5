package dev.echollama.testkit.onnx;

import java.util.List;

/** Builds the three graphs documented at {@link SyntheticModels#moondream2}. */
final class MoondreamGraphs {
    private static final CountingDecoder.Names N = CountingDecoder.Names.DECODER_ONLY;
    /** Embedding layout: [kind, hi, lo, patch mean, 0...], value = hi * 256 + lo. */
    static final int SPLIT = 256;

    private MoondreamGraphs() {
    }

    static OnnxModel visionEncoder(MoondreamSpec spec) {
        int n = MoondreamSpec.IMAGE_TOKENS;
        Graph.Builder g = Graph.builder("synthetic_moondream_vision")
                .input("pixel_values", spec.visionType(), "batch_size", 3, MoondreamSpec.IMAGE_SIZE,
                        MoondreamSpec.IMAGE_SIZE)
                .output("image_features", spec.visionType(), "batch_size", n, spec.hidden());
        Ops o = new Ops(g);
        int grid = MoondreamSpec.GRID;
        int patch = MoondreamSpec.PATCH;
        String pixels = CountingDecoder.widen(o, "pixel_values", spec.visionType());
        String gray = o.reduce("ReduceMean", pixels, false, 1); // [B,378,378]
        String patches = o.reshape(gray, o.i64(0, grid, patch, grid, patch));
        String means = o.reshape(o.reduce("ReduceMean", patches, false, 2, 4), o.i64(0, n, 1)); // [B,729,1]
        float[] rows = new float[n * 3];
        for (int k = 0; k < n; k++) {
            putImageRow(rows, k, k);
        }
        String table = g.constant(Tensor.floats("rows", new long[] {1, n, 3}, rows));
        String batch = o.dim(pixels, 0);
        String head = o.expand(table, o.concat(0, batch, o.i64(1), o.i64(1)));
        if (!spec.pixelChecks().isEmpty()) {
            // A failed check adds 1 to every row's lo feature: the rows then read k + 1, which the decoder's
            // order check (and any layout check) answers with the mismatch token on every step.
            String shift = o.mul(pixelsOff(o, spec, pixels), o.f32(0f, 0f, 1f)); // [B,1,1] * [3] -> [B,1,3]
            head = o.add(head, shift);
        }
        String features = o.padLast(o.concat(2, head, means), 3, o.i64(spec.hidden() - 4L));
        o.alias(spec.visionType() == ElementType.FLOAT ? features : o.cast(features, spec.visionType()),
                "image_features");
        return OnnxModel.builder(g.build())
                .docString("Synthetic Moondream2 vision encoder from echollama-testkit; see SyntheticModels.moondream2.")
                .metadata("echollama.synthetic", "moondream2-vision-encoder")
                .build();
    }

    /**
     * Float {@code [B,1,1]}: 1 where some checked {@code pixel_values} element is not within the tolerance of its
     * expected value (NaN included), else 0.
     */
    private static String pixelsOff(Ops o, MoondreamSpec spec, String pixels) {
        List<MoondreamSpec.PixelCheck> checks = spec.pixelChecks();
        String[] values = new String[checks.size()];
        float[] expected = new float[checks.size()];
        for (int i = 0; i < values.length; i++) {
            MoondreamSpec.PixelCheck c = checks.get(i);
            values[i] = o.element(pixels, c.channel(), c.y(), c.x()); // [B,1]
            expected[i] = c.expected();
        }
        String distance = o.abs(o.sub(o.concat(1, values), o.f32(expected))); // [B,n]
        // tolerance >= distance is false for NaN, so a NaN fails the check.
        String off = o.cast(o.not(o.greaterOrEqual(o.f32Scalar(spec.pixelTolerance()), distance)), ElementType.FLOAT);
        return o.reshape(o.reduce("ReduceMax", off, true, 1), o.i64(0, 1, 1));
    }

    static OnnxModel embedTokens(MoondreamSpec spec) {
        Graph.Builder g = Graph.builder("synthetic_moondream_embed")
                .input("input_ids", ElementType.INT64, "batch_size", "sequence_length")
                .output("inputs_embeds", spec.embedType(), "batch_size", "sequence_length", spec.hidden());
        Ops o = new Ops(g);
        String lo = o.mod("input_ids", o.i64Scalar(SPLIT));
        String hi = o.div(o.sub("input_ids", lo), o.i64Scalar(SPLIT));
        String kind = o.mul("input_ids", o.i64Scalar(0));
        String parts = o.cast(o.concat(2, o.unsqueeze(kind, 2), o.unsqueeze(hi, 2), o.unsqueeze(lo, 2)),
                ElementType.FLOAT);
        String embeds = o.padLast(parts, 3, o.i64(spec.hidden() - 3L));
        o.alias(spec.embedType() == ElementType.FLOAT ? embeds : o.cast(embeds, spec.embedType()), "inputs_embeds");
        return OnnxModel.builder(g.build())
                .docString("Synthetic Moondream2 token embedding from echollama-testkit; see SyntheticModels.moondream2.")
                .metadata("echollama.synthetic", "moondream2-embed-tokens")
                .build();
    }

    /** Vision row {@code k}'s leading features {@code [1, k / SPLIT, k % SPLIT]} at position {@code p}. */
    private static void putImageRow(float[] rows, int p, int k) {
        rows[p * 3] = 1f;
        rows[p * 3 + 1] = k / SPLIT;
        rows[p * 3 + 2] = k % SPLIT;
    }

    /**
     * The features {@code [kind, hi, lo]} each position of the spliced prompt must carry: embed_tokens' row of
     * each id, and vision row k in place of {@link MoondreamSpec#IMAGE_TOKEN_INDEX}.
     */
    static float[] layoutRows(List<Long> layout) {
        int rows = layout.size() - 1 + MoondreamSpec.IMAGE_TOKENS;
        float[] out = new float[rows * 3];
        int p = 0;
        for (long id : layout) {
            if (id == MoondreamSpec.IMAGE_TOKEN_INDEX) {
                for (int k = 0; k < MoondreamSpec.IMAGE_TOKENS; k++, p++) {
                    putImageRow(out, p, k);
                }
            } else {
                out[p * 3 + 1] = id / SPLIT;
                out[p * 3 + 2] = id % SPLIT;
                p++;
            }
        }
        return out;
    }

    /**
     * True (bool {@code [1]}) unless the cache starts with exactly the expected prompt: its first L positions
     * carry {@link #layoutRows}, and the first pass (past length 0) holds exactly those L positions. Reading the
     * cache, not this pass's inputs, keeps the check in force on every later step.
     */
    private static String layoutDiffers(Ops o, List<Long> layout, String head0, String seq) {
        float[] rows = layoutRows(layout);
        long length = rows.length / 3;
        String want = o.g.constant(Tensor.floats("layout", new long[] {1, length, 3}, rows));
        String cached = o.slice(head0, o.i64(1), o.i64(4), o.i64(2)); // [B,T,3]: kind, hi, lo
        String total = o.dim(cached, 1);
        String lengthT = o.i64(length);
        // Both cut to min(T, L) positions, so a short cache compares its prefix and then fails the length test.
        String have = o.slice(cached, o.i64(0), lengthT, o.i64(1));
        String expected = o.slice(want, o.i64(0), total, o.i64(1));
        String differs = o.reduce("ReduceMax", o.cast(o.not(o.equal(have, expected)), ElementType.FLOAT), true,
                0, 1, 2); // [1,1,1]
        String anyDiffers = o.greater(o.reshape(differs, o.i64(1)), o.f32Scalar(0f));
        String shortCache = o.less(total, lengthT);
        String longPrompt = o.and(o.equal(o.sub(total, seq), o.i64(0)), o.greater(total, lengthT));
        return o.or(anyDiffers, o.or(shortCache, longPrompt));
    }

    static OnnxModel decoder(MoondreamSpec spec) {
        Graph.Builder g = Graph.builder("synthetic_moondream_decoder");
        g.input("inputs_embeds", spec.decoderEmbedType(), "batch_size", "sequence_length", spec.hidden());
        g.input("attention_mask", ElementType.INT64, "batch_size", "past_sequence_length + sequence_length");
        if (spec.positionIds()) {
            g.input("position_ids", ElementType.INT64, "batch_size", "sequence_length");
        }
        for (int l = 0; l < spec.layers(); l++) {
            g.input(N.pastKey(l), spec.kvType(), "batch_size", spec.heads(), "past_sequence_length", spec.headDim());
            g.input(N.pastValue(l), spec.kvType(), "batch_size", spec.heads(), "past_sequence_length", spec.headDim());
        }
        if (spec.useCacheBranch()) {
            g.input("use_cache_branch", ElementType.BOOL, 1);
        }
        g.output("logits", ElementType.FLOAT, "batch_size", "sequence_length", spec.vocabSize());
        for (int l = 0; l < spec.layers(); l++) {
            g.output(N.presentKey(l), spec.kvType(), "batch_size", spec.heads(), "past_sequence_length + sequence_length",
                    spec.headDim());
            g.output(N.presentValue(l), spec.kvType(), "batch_size", spec.heads(),
                    "past_sequence_length + sequence_length", spec.headDim());
        }
        Ops o = new Ops(g);
        String embeds = CountingDecoder.widen(o, "inputs_embeds", spec.decoderEmbedType());
        String batch = o.dim(embeds, 0);
        String seq = o.dim(embeds, 1);
        String features = o.slice(embeds, o.i64(0), o.i64(3), o.i64(2)); // [B,S,3] = kind, hi, lo
        var fresh = CountingDecoder.newEntries(o, spec.layers(), spec.heads(), spec.headDim(), spec.kvType(), batch, seq,
                features, 3);
        CountingDecoder.presents(o, N, spec.layers(), spec.heads(), spec.headDim(), spec.kvType(), fresh,
                spec.useCacheBranch() ? "use_cache_branch" : null);
        CountingDecoder cache = CountingDecoder.count(o, N, spec.layers(), spec.kvType(), "attention_mask", seq);

        // Cached features of head 0: kind, and the image row index k = hi * 256 + lo.
        String head0 = o.gather(cache.key0, o.i64Scalar(0), 1); // [B,T,D]
        String kind = o.gather(head0, o.i64Scalar(1), 2); // [B,T]
        String row = o.add(o.mul(o.gather(head0, o.i64Scalar(2), 2), o.f32Scalar(SPLIT)), o.gather(head0, o.i64Scalar(3), 2));
        String imageVisible = o.mul(cache.visible, kind);
        String imagesSoFar = o.cumsum(imageVisible, 1); // [B,T]
        String outOfOrder = o.mul(imageVisible, o.cast(o.not(o.equal(row, o.sub(imagesSoFar, o.f32Scalar(1f)))),
                ElementType.FLOAT));
        String last = o.neg(seq);
        String bad = o.slice(o.cumsum(outOfOrder, 1), last, o.i64(Ops.INT64_MAX), o.i64(1));
        String images = o.cast(o.slice(imagesSoFar, last, o.i64(Ops.INT64_MAX), o.i64(1)), ElementType.INT64);

        String current = o.round(o.add(o.mul(o.gather(embeds, o.i64Scalar(1), 2), o.f32Scalar(SPLIT)),
                o.gather(embeds, o.i64Scalar(2), 2)));
        String x = o.cast(current, ElementType.INT64); // [B,S]
        String c = cache.count;
        String token = o.mod(o.add(o.add(x, c), images), o.i64Scalar(spec.vocabSize()));
        // Mod keeps the divisor's sign, so negative ids (e.g. an unspliced -200) still land in the vocabulary.
        if (spec.stopAtLength() > 0) {
            token = o.where(o.greaterOrEqual(c, o.i64Scalar(spec.stopAtLength())), o.i64Scalar(spec.stopToken()), token);
        }
        String wrong = o.greater(bad, o.f32Scalar(0f));
        if (spec.positionIds()) {
            wrong = o.or(wrong, o.not(o.equal("position_ids", o.sub(c, o.i64Scalar(1)))));
        }
        if (!spec.layout().isEmpty()) {
            wrong = o.or(wrong, layoutDiffers(o, spec.layout(), head0, seq));
        }
        token = o.where(wrong, o.i64Scalar(spec.mismatchToken()), token);
        o.alias(CountingDecoder.oneHotLogits(o, token, spec.vocabSize(), ElementType.FLOAT, spec.logitMargin()),
                "logits");
        return OnnxModel.builder(g.build())
                .docString("Synthetic Moondream2 merged decoder from echollama-testkit: next token = (x + visible "
                        + "positions + visible image rows) mod vocab; see SyntheticModels.moondream2.")
                .metadata("echollama.synthetic", "moondream2-decoder")
                .metadata("num_hidden_layers", Integer.toString(spec.layers()))
                .metadata("num_key_value_heads", Integer.toString(spec.heads()))
                .metadata("head_dim", Integer.toString(spec.headDim()))
                .metadata("vocab_size", Integer.toString(spec.vocabSize()))
                .metadata("kv_cache_dtype", spec.kvType() == ElementType.FLOAT16 ? "float16" : "float32")
                .metadata("stop_at_length", Integer.toString(spec.stopAtLength()))
                .metadata("stop_token", Long.toString(spec.stopToken()))
                .metadata("mismatch_token", Long.toString(spec.mismatchToken()))
                .build();
    }
}

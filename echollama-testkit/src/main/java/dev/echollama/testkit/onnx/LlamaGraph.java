package dev.echollama.testkit.onnx;

/** Builds the graph documented at {@link SyntheticModels#llama32}. */
final class LlamaGraph {
    private static final CountingDecoder.Names N = CountingDecoder.Names.DECODER_ONLY;

    private LlamaGraph() {
    }

    static OnnxModel build(LlamaSpec spec) {
        Graph.Builder g = Graph.builder("synthetic_llama32");
        g.input("input_ids", ElementType.INT64, "batch_size", "sequence_length");
        g.input("attention_mask", ElementType.INT64, "batch_size", "past_sequence_length + sequence_length");
        if (spec.positionIds()) {
            g.input("position_ids", ElementType.INT64, "batch_size", "sequence_length");
        }
        for (int l = 0; l < spec.layers(); l++) {
            g.input(N.pastKey(l), spec.kvType(), "batch_size", spec.kvHeads(), "past_sequence_length",
                    spec.headDim());
            g.input(N.pastValue(l), spec.kvType(), "batch_size", spec.kvHeads(), "past_sequence_length",
                    spec.headDim());
        }
        if (spec.useCacheBranch()) {
            g.input("use_cache_branch", ElementType.BOOL, 1);
        }
        if (spec.numLogitsToKeep()) {
            g.input("num_logits_to_keep", ElementType.INT64);
        }
        g.output("logits", spec.logitsType(), "batch_size", "sequence_length", spec.vocabSize());
        for (int l = 0; l < spec.layers(); l++) {
            g.output(N.presentKey(l), spec.kvType(), "batch_size", spec.kvHeads(),
                    "past_sequence_length + sequence_length", spec.headDim());
            g.output(N.presentValue(l), spec.kvType(), "batch_size", spec.kvHeads(),
                    "past_sequence_length + sequence_length", spec.headDim());
        }

        Ops o = new Ops(g);
        String batch = o.dim("input_ids", 0);
        String seq = o.dim("input_ids", 1);
        var fresh = CountingDecoder.newEntries(o, spec.layers(), spec.kvHeads(), spec.headDim(), spec.kvType(), batch,
                seq, null, 0);
        CountingDecoder.presents(o, N, spec.layers(), spec.kvHeads(), spec.headDim(), spec.kvType(), fresh,
                spec.useCacheBranch() ? "use_cache_branch" : null);
        CountingDecoder cache = CountingDecoder.count(o, N, spec.layers(), spec.kvType(), "attention_mask", seq);
        String c = cache.count;
        String token = o.mod(o.add("input_ids", c), o.i64Scalar(spec.vocabSize()));
        if (spec.stopAtLength() > 0) {
            token = o.where(o.greaterOrEqual(c, o.i64Scalar(spec.stopAtLength())), o.i64Scalar(spec.stopToken()), token);
        }
        if (spec.positionIds()) {
            String mismatch = o.not(o.equal("position_ids", o.sub(c, o.i64Scalar(1))));
            token = o.where(mismatch, o.i64Scalar(spec.mismatchToken()), token);
        }
        if (spec.numLogitsToKeep()) {
            token = keepLast(o, token, "num_logits_to_keep");
        }
        String logits = CountingDecoder.oneHotLogits(o, token, spec.vocabSize(), spec.logitsType());
        o.alias(logits, "logits");

        return OnnxModel.builder(g.build())
                .docString("Synthetic Llama-3.2-shaped decoder from echollama-testkit: next token = (input_id + "
                        + "visible valid cache entries) mod vocab; see SyntheticModels.llama32.")
                .metadata("echollama.synthetic", "llama-3.2")
                .metadata("num_hidden_layers", Integer.toString(spec.layers()))
                .metadata("num_key_value_heads", Integer.toString(spec.kvHeads()))
                .metadata("head_dim", Integer.toString(spec.headDim()))
                .metadata("vocab_size", Integer.toString(spec.vocabSize()))
                .metadata("kv_cache_dtype", spec.kvType() == ElementType.FLOAT16 ? "float16" : "float32")
                .metadata("stop_at_length", Integer.toString(spec.stopAtLength()))
                .metadata("stop_token", Long.toString(spec.stopToken()))
                .metadata("mismatch_token", Long.toString(spec.mismatchToken()))
                .build();
    }

    /** Keeps the last k positions of {@code [B,S]} when the int64 scalar k is positive, all of them when it is 0. */
    static String keepLast(Ops o, String x, String k) {
        String start = o.where(o.greater(k, o.i64Scalar(0)), o.neg(k), o.i64Scalar(0));
        return o.slice(x, o.unsqueeze(start, 0), o.i64(Ops.INT64_MAX), o.i64(1));
    }
}

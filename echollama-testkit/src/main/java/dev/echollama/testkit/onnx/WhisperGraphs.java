package dev.echollama.testkit.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Builds the graphs documented at {@link SyntheticModels#whisperEncoder} and {@link SyntheticModels#whisperDecoder}. */
final class WhisperGraphs {
    private static final CountingDecoder.Names N = CountingDecoder.Names.SEQ2SEQ;
    private static final float EPS = 1e-3f;

    private WhisperGraphs() {
    }

    static String encoderKey(int l) {
        return "past_key_values." + l + ".encoder.key";
    }

    static String encoderValue(int l) {
        return "past_key_values." + l + ".encoder.value";
    }

    static OnnxModel encoder(WhisperSpec spec) {
        Graph.Builder g = Graph.builder("synthetic_whisper_encoder")
                .input("input_features", ElementType.FLOAT, "batch_size", WhisperSpec.MEL_BINS, WhisperSpec.FRAMES)
                .output("last_hidden_state", ElementType.FLOAT, "batch_size", WhisperSpec.ENCODER_POSITIONS,
                        spec.dModel());
        Ops o = new Ops(g);
        String perFrame = o.reduce("ReduceMean", "input_features", false, 1); // [B,3000]
        String pairs = o.reshape(perFrame, o.i64(0, WhisperSpec.ENCODER_POSITIONS, 2));
        String perPosition = o.reduce("ReduceMean", pairs, true, 2); // [B,1500,1]
        o.alias(o.expand(perPosition, o.i64(1, 1, spec.dModel())), "last_hidden_state");
        return OnnxModel.builder(g.build())
                .docString("Synthetic Whisper encoder from echollama-testkit: last_hidden_state[b,t,:] = mean of "
                        + "input_features[b,:,2t..2t+1]; see SyntheticModels.whisperEncoder.")
                .metadata("echollama.synthetic", "whisper-encoder")
                .metadata("d_model", Integer.toString(spec.dModel()))
                .build();
    }

    static OnnxModel decoder(WhisperSpec spec) {
        int layers = spec.layers();
        int heads = spec.heads();
        int hd = spec.headDim();
        Graph.Builder g = Graph.builder("synthetic_whisper_decoder");
        g.input("input_ids", ElementType.INT64, "batch_size", "decoder_sequence_length");
        g.input("encoder_hidden_states", ElementType.FLOAT, "batch_size", WhisperSpec.ENCODER_POSITIONS, spec.dModel());
        for (int l = 0; l < layers; l++) {
            g.input(N.pastKey(l), ElementType.FLOAT, "batch_size", heads, "past_decoder_sequence_length", hd);
            g.input(N.pastValue(l), ElementType.FLOAT, "batch_size", heads, "past_decoder_sequence_length", hd);
            g.input(encoderKey(l), ElementType.FLOAT, "batch_size", heads, "encoder_sequence_length_out", hd);
            g.input(encoderValue(l), ElementType.FLOAT, "batch_size", heads, "encoder_sequence_length_out", hd);
        }
        g.input("use_cache_branch", ElementType.BOOL, 1);
        g.output("logits", ElementType.FLOAT, "batch_size", "decoder_sequence_length", spec.vocabSize());
        List<String> presents = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            presents.addAll(List.of(N.presentKey(l), N.presentValue(l), presentEncoder(l, "key"),
                    presentEncoder(l, "value")));
        }
        for (String p : presents) {
            boolean enc = p.contains(".encoder.");
            g.output(p, ElementType.FLOAT, "batch_size", heads,
                    enc ? "encoder_sequence_length_out" : "past_decoder_sequence_length + 1", hd);
        }

        Ops o = new Ops(g);
        String batch = o.dim("input_ids", 0);
        String seq = o.dim("input_ids", 1);
        var fresh = CountingDecoder.newEntries(o, layers, heads, hd, ElementType.FLOAT, batch, seq, null, 0);

        Graph.Builder withPast = Graph.builder("with_past");
        Graph.Builder noPast = Graph.builder("no_past");
        Ops np = new Ops(noPast);
        // Cross-attention keys as a real projection would shape them: [B,1500,d] -> [B,H,1500,hd].
        String states = np.transpose(np.reshape("encoder_hidden_states", np.i64(0, 0, heads, hd)), 0, 2, 1, 3);
        for (int l = 0; l < layers; l++) {
            for (int kv = 0; kv < 2; kv++) {
                String present = kv == 0 ? N.presentKey(l) : N.presentValue(l);
                String past = kv == 0 ? N.pastKey(l) : N.pastValue(l);
                String t = "with_past/" + present;
                String e = "no_past/" + present;
                withPast.node("Concat", List.of(past, fresh.get(kv).get(l)), List.of(t), Attribute.of("axis", 2L))
                        .output(t, ElementType.FLOAT, "batch_size", heads, "past_decoder_sequence_length + 1", hd);
                noPast.node("Identity", List.of(fresh.get(kv).get(l)), List.of(e))
                        .output(e, ElementType.FLOAT, "batch_size", heads, "decoder_sequence_length", hd);
            }
            for (int kv = 0; kv < 2; kv++) {
                String present = presentEncoder(l, kv == 0 ? "key" : "value");
                String past = kv == 0 ? encoderKey(l) : encoderValue(l);
                String t = "with_past/" + present;
                String e = "no_past/" + present;
                withPast.node("Identity", List.of(past), List.of(t))
                        .output(t, ElementType.FLOAT, "batch_size", heads, "encoder_sequence_length_out", hd);
                float offset = kv == 0 ? l + 1f : -(l + 1f);
                noPast.node("Add", List.of(states, np.f32Scalar(offset)), List.of(e))
                        .output(e, ElementType.FLOAT, "batch_size", heads, "encoder_sequence_length_out", hd);
            }
        }
        // Outputs of If follow the branch output order: decoder key, value, encoder key, value per layer.
        g.node("If", List.of("use_cache_branch"), presents, Attribute.of("else_branch", noPast.build()),
                Attribute.of("then_branch", withPast.build()));

        // Self-attention cache: every cached position must be valid.
        CountingDecoder cache = CountingDecoder.count(o, N, layers, ElementType.FLOAT, null, seq);
        String invalid = o.sub(o.f32Scalar(1f), cache.visible);
        String invalidSoFar = o.slice(o.cumsum(invalid, 1), o.neg(seq), o.i64(Ops.INT64_MAX), o.i64(1));
        String decoderOk = o.equal(invalidSoFar, o.f32Scalar(0f)); // [B,S]

        // Cross-attention cache: every layer's key/value must carry the same audio evidence.
        String evidence = null;
        String encoderOk = null;
        for (int l = 0; l < layers; l++) {
            String k = o.sub(o.reduce("ReduceMean", presentEncoder(l, "key"), false, 1, 2, 3), o.f32Scalar(l + 1f));
            String v = o.add(o.reduce("ReduceMean", presentEncoder(l, "value"), false, 1, 2, 3), o.f32Scalar(l + 1f));
            if (evidence == null) {
                evidence = k;
            }
            String ok = o.and(o.less(o.abs(o.sub(k, evidence)), o.f32Scalar(EPS)),
                    o.less(o.abs(o.sub(v, evidence)), o.f32Scalar(EPS)));
            encoderOk = encoderOk == null ? ok : o.and(encoderOk, ok);
        }
        String speech = o.cast(o.greater(evidence, o.f32Scalar(spec.silenceThreshold())), ElementType.INT64); // [B]

        List<Long> silenceRow = spec.script(false);
        List<Long> speechRow = spec.script(true);
        int width = Math.max(silenceRow.size(), speechRow.size());
        long[] table = new long[2 * width];
        Arrays.fill(table, spec.endOfText());
        for (int i = 0; i < silenceRow.size(); i++) {
            table[i] = silenceRow.get(i);
        }
        for (int i = 0; i < speechRow.size(); i++) {
            table[width + i] = speechRow.get(i);
        }
        String position = o.max(o.min(o.sub(cache.count, o.i64Scalar(1)), o.i64Scalar(width - 1L)), o.i64Scalar(0));
        String flat = o.add(o.mul(o.unsqueeze(speech, 1), o.i64Scalar(width)), position);
        String scripted = o.gather(g.constant(Tensor.vector("script", table)), flat, 0);
        String ok = o.and(decoderOk, o.unsqueeze(encoderOk, 1));
        String token = o.where(ok, scripted, o.i64Scalar(spec.mismatchToken()));
        o.alias(CountingDecoder.oneHotLogits(o, token, spec.vocabSize(), ElementType.FLOAT), "logits");

        return OnnxModel.builder(g.build())
                .docString("Synthetic Whisper merged decoder from echollama-testkit: plays a token script chosen by "
                        + "the audio evidence in the cross-attention cache; see SyntheticModels.whisperDecoder.")
                .metadata("echollama.synthetic", "whisper-decoder")
                .metadata("decoder_layers", Integer.toString(layers))
                .metadata("decoder_attention_heads", Integer.toString(heads))
                .metadata("d_model", Integer.toString(spec.dModel()))
                .metadata("vocab_size", Integer.toString(spec.vocabSize()))
                .metadata("speech_script", speechRow.toString())
                .metadata("silence_script", silenceRow.toString())
                .metadata("mismatch_token", Long.toString(spec.mismatchToken()))
                .build();
    }

    static String presentEncoder(int l, String kv) {
        return "present." + l + ".encoder." + kv;
    }
}

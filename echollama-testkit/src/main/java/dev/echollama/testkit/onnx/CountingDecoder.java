package dev.echollama.testkit.onnx;

import java.util.ArrayList;
import java.util.List;

/**
 * The cache arithmetic shared by the synthetic decoders (Llama, Moondream, Whisper's self-attention cache).
 *
 * <p>New entries: {@code key[b,h,i,:] = [l+1, features[b,i,0..F-1], 0, ...]}, {@code value[b,h,i,:] = -(l+1)}.
 * An entry is valid when, for every layer l, {@code key[b,h,j,0] == l+1} and {@code value[b,h,j,:] == -(l+1)}
 * for all heads (and value dims); it is visible to new position i when it is valid, {@code mask[b,j] != 0} (if
 * there is a mask) and {@code j <= P + i}. {@link #count} is that number (int64 {@code [B,S]}).
 */
final class CountingDecoder {
    /** The logit of the chosen token; every other logit is 0. */
    static final float LOGIT = 30f;

    /** How a graph names its self-attention KV tensors. */
    record Names(String pastFormat, String presentFormat) {
        static final Names DECODER_ONLY = new Names("past_key_values.%d.%s", "present.%d.%s");
        static final Names SEQ2SEQ = new Names("past_key_values.%d.decoder.%s", "present.%d.decoder.%s");

        String pastKey(int l) {
            return String.format(pastFormat, l, "key");
        }

        String pastValue(int l) {
            return String.format(pastFormat, l, "value");
        }

        String presentKey(int l) {
            return String.format(presentFormat, l, "key");
        }

        String presentValue(int l) {
            return String.format(presentFormat, l, "value");
        }
    }

    final String count;
    /** present.0.key widened to float {@code [B,H,T,D]}, for graphs that read cached features back. */
    final String key0;
    /** Visible-and-valid flags as float {@code [B,T]}. */
    final String visible;

    private CountingDecoder(String count, String key0, String visible) {
        this.count = count;
        this.key0 = key0;
        this.visible = visible;
    }

    /** New key and value tensors for S positions, per layer: {@code [keys, values]}. */
    static List<List<String>> newEntries(Ops o, int layers, int heads, int headDim, ElementType kvType, String batch,
            String seq, String features, int featureCount) {
        List<String> keys = new ArrayList<>();
        List<String> values = new ArrayList<>();
        String fullShape = o.concat(0, batch, o.i64(heads), seq, o.i64(headDim));
        for (int l = 0; l < layers; l++) {
            float marker = l + 1;
            String key;
            if (features == null) {
                key = o.constantOfShape(fullShape, scalarOf(kvType, marker));
            } else {
                String ones = o.constantOfShape(o.concat(0, batch, seq, o.i64(1)), Tensor.vector("", marker));
                String row = o.padLast(o.concat(2, ones, features), 3, o.i64(headDim - 1L - featureCount));
                key = o.expand(o.unsqueeze(row, 1), fullShape);
                if (kvType != ElementType.FLOAT) {
                    key = o.cast(key, kvType);
                }
            }
            keys.add(key);
            values.add(o.constantOfShape(fullShape, scalarOf(kvType, -marker)));
        }
        return List.of(keys, values);
    }

    /**
     * Writes the presents: Concat(past, new) on axis 2, or, with {@code cacheBranch}, an If whose false branch
     * keeps only the new entries (optimum's merged decoder).
     */
    static void presents(Ops o, Names names, int layers, int heads, int headDim, ElementType kvType,
            List<List<String>> fresh, String cacheBranch) {
        if (cacheBranch == null) {
            for (int l = 0; l < layers; l++) {
                o.g.node("Concat", List.of(names.pastKey(l), fresh.get(0).get(l)), List.of(names.presentKey(l)),
                        Attribute.of("axis", 2L));
                o.g.node("Concat", List.of(names.pastValue(l), fresh.get(1).get(l)), List.of(names.presentValue(l)),
                        Attribute.of("axis", 2L));
            }
            return;
        }
        Graph.Builder withPast = Graph.builder("with_past");
        Graph.Builder noPast = Graph.builder("no_past");
        List<String> outs = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            for (int kv = 0; kv < 2; kv++) {
                String present = kv == 0 ? names.presentKey(l) : names.presentValue(l);
                String past = kv == 0 ? names.pastKey(l) : names.pastValue(l);
                branch(withPast, noPast, present, past, fresh.get(kv).get(l), kvType, heads, headDim);
                outs.add(present);
            }
        }
        o.g.node("If", List.of(cacheBranch), outs, Attribute.of("else_branch", noPast.build()),
                Attribute.of("then_branch", withPast.build()));
    }

    /** Adds one KV output to both branches of a merged decoder's If. */
    static void branch(Graph.Builder withPast, Graph.Builder noPast, String present, String past, String fresh,
            ElementType kvType, int heads, int headDim) {
        String t = "with_past/" + present;
        String e = "no_past/" + present;
        withPast.node("Concat", List.of(past, fresh), List.of(t), Attribute.of("axis", 2L))
                .output(t, kvType, "batch_size", heads, "past_sequence_length + sequence_length", headDim);
        noPast.node("Identity", List.of(fresh), List.of(e))
                .output(e, kvType, "batch_size", heads, "sequence_length", headDim);
    }

    /**
     * Counts visible valid entries in the presents for each of the last S positions.
     *
     * @param mask int64 {@code [B, T]} attention mask, or null when every position is visible
     */
    static CountingDecoder count(Ops o, Names names, int layers, ElementType kvType, String mask, String seq) {
        String valid = null;
        String key0 = null;
        String zeroIdx = o.i64(0);
        for (int l = 0; l < layers; l++) {
            String k = widen(o, names.presentKey(l), kvType);
            String v = widen(o, names.presentValue(l), kvType);
            if (l == 0) {
                key0 = k;
            }
            String kMark = o.gather(k, zeroIdx, 3); // [B,H,T,1]
            String kMin = o.reduce("ReduceMin", kMark, false, 1, 3);
            String kMax = o.reduce("ReduceMax", kMark, false, 1, 3);
            String vMin = o.reduce("ReduceMin", v, false, 1, 3);
            String vMax = o.reduce("ReduceMax", v, false, 1, 3);
            String pos = o.f32Scalar(l + 1f);
            String negPos = o.f32Scalar(-(l + 1f));
            String ok = o.and(o.and(o.equal(kMin, pos), o.equal(kMax, pos)),
                    o.and(o.equal(vMin, negPos), o.equal(vMax, negPos)));
            valid = valid == null ? ok : o.and(valid, ok);
        }
        String visible = o.cast(valid, ElementType.FLOAT);
        if (mask != null) {
            // Reshape (not broadcast) so that a mask whose length is not past + new fails loudly, as it should.
            String maskF = o.reshape(o.cast(o.not(o.equal(mask, o.i64Scalar(0))), ElementType.FLOAT), o.shape(visible));
            visible = o.mul(visible, maskF);
        }
        String cumulative = o.cumsum(visible, 1);
        String lastS = o.slice(cumulative, o.neg(seq), o.i64(Ops.INT64_MAX), o.i64(1));
        return new CountingDecoder(o.cast(lastS, ElementType.INT64), key0, visible);
    }

    static String widen(Ops o, String x, ElementType type) {
        return type == ElementType.FLOAT ? x : o.cast(x, ElementType.FLOAT);
    }

    static Tensor scalarOf(ElementType type, float value) {
        return switch (type) {
            case FLOAT -> Tensor.vector("", value);
            case FLOAT16 -> Tensor.float16("", new long[] {1}, value);
            default -> throw new IllegalArgumentException("KV type must be FLOAT or FLOAT16, got " + type);
        };
    }

    /**
     * One-hot logits: {@link #LOGIT} at {@code token[b,i]}, {@code 0} elsewhere, as {@code [B,S,vocab]} of
     * {@code type}. 30 keeps softmax mass on the token (> 1 - 1e-8 even for a 128256-entry vocabulary) so
     * sampling with the usual temperatures and penalties picks it as surely as greedy search.
     */
    static String oneHotLogits(Ops o, String token, long vocab, ElementType type) {
        return oneHotLogits(o, token, vocab, type, LOGIT);
    }

    /** As {@link #oneHotLogits(Ops, String, long, ElementType)} with {@code margin} in place of {@link #LOGIT}. */
    static String oneHotLogits(Ops o, String token, long vocab, ElementType type, float margin) {
        String ids = o.range(o.i64Scalar(0), o.i64Scalar(vocab), o.i64Scalar(1));
        String hot = o.cast(o.equal(o.unsqueeze(token, -1), ids), ElementType.FLOAT);
        String scaled = o.mul(hot, o.f32Scalar(margin));
        return type == ElementType.FLOAT ? scaled : o.cast(scaled, type);
    }
}

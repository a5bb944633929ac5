package dev.echollama.testkit.onnx;

import java.util.ArrayList;
import java.util.List;

/**
 * The cache arithmetic shared by the synthetic decoder-only graphs (Llama, Moondream): builds the presents from
 * the pasts and the new positions, and counts, for each new position, the visible valid cache entries.
 *
 * <p>New entries: {@code key[b,h,i,:] = [l+1, features[b,i,0..F-1], 0, ...]}, {@code value[b,h,i,:] = -(l+1)}.
 * An entry is valid when, for every layer l, {@code key[b,h,j,0] == l+1} and {@code value[b,h,j,:] == -(l+1)}
 * for all heads (and value dims); it is visible to new position i when it is valid, {@code mask[b,j] != 0} and
 * {@code j <= P + i}. {@link #count} is that number (int64 {@code [B,S]}).
 */
final class CountingDecoder {
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

    static String pastKey(int layer) {
        return "past_key_values." + layer + ".key";
    }

    static String pastValue(int layer) {
        return "past_key_values." + layer + ".value";
    }

    static String presentKey(int layer) {
        return "present." + layer + ".key";
    }

    static String presentValue(int layer) {
        return "present." + layer + ".value";
    }

    /**
     * @param batch    int64 [1] batch size
     * @param seq      int64 [1] new positions S
     * @param features float [B,S,F] written after the layer marker in each new key, or null (F = 0)
     * @param cacheBranch name of the bool[1] {@code use_cache_branch} input, or null for a plain decoder
     */
    static CountingDecoder build(Ops o, int layers, int heads, int headDim, ElementType kvType, String batch, String seq,
            String features, int featureCount, String mask, String cacheBranch) {
        List<String> newKeys = new ArrayList<>();
        List<String> newValues = new ArrayList<>();
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
            newKeys.add(key);
            newValues.add(o.constantOfShape(fullShape, scalarOf(kvType, -marker)));
        }
        if (cacheBranch == null) {
            for (int l = 0; l < layers; l++) {
                o.g.node("Concat", List.of(pastKey(l), newKeys.get(l)), List.of(presentKey(l)), Attribute.of("axis", 2L));
                o.g.node("Concat", List.of(pastValue(l), newValues.get(l)), List.of(presentValue(l)),
                        Attribute.of("axis", 2L));
            }
        } else {
            // optimum's merged decoder: an If on use_cache_branch; the no-cache branch ignores the pasts.
            Graph.Builder withPast = Graph.builder("with_past");
            Graph.Builder noPast = Graph.builder("no_past");
            List<String> outs = new ArrayList<>();
            for (int l = 0; l < layers; l++) {
                for (boolean isKey : new boolean[] {true, false}) {
                    String present = isKey ? presentKey(l) : presentValue(l);
                    String past = isKey ? pastKey(l) : pastValue(l);
                    String fresh = isKey ? newKeys.get(l) : newValues.get(l);
                    String t = "with_past/" + present;
                    String e = "no_past/" + present;
                    withPast.node("Concat", List.of(past, fresh), List.of(t), Attribute.of("axis", 2L))
                            .output(t, kvType, "batch_size", heads, "past_sequence_length + sequence_length", headDim);
                    noPast.node("Identity", List.of(fresh), List.of(e))
                            .output(e, kvType, "batch_size", heads, "sequence_length", headDim);
                    outs.add(present);
                }
            }
            o.g.node("If", List.of(cacheBranch), outs, Attribute.of("else_branch", noPast.build()),
                    Attribute.of("then_branch", withPast.build()));
        }

        String valid = null;
        String key0 = null;
        String zeroIdx = o.i64(0);
        for (int l = 0; l < layers; l++) {
            String k = widen(o, presentKey(l), kvType);
            String v = widen(o, presentValue(l), kvType);
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
        String validF = o.cast(valid, ElementType.FLOAT);
        // Reshape (not broadcast) so that a mask whose length is not past + new fails loudly, as it should.
        String maskF = o.reshape(o.cast(o.not(o.equal(mask, o.i64Scalar(0))), ElementType.FLOAT), o.shape(validF));
        String visible = o.mul(validF, maskF);
        String cumulative = o.cumsum(visible, 1);
        String lastS = o.slice(cumulative, o.neg(seq), o.i64(Ops.INT64_MAX), o.i64(1));
        String count = o.cast(lastS, ElementType.INT64);
        return new CountingDecoder(count, key0, visible);
    }

    private static String widen(Ops o, String x, ElementType type) {
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
     * One-hot logits: {@code 30} at {@code token[b,i]}, {@code 0} elsewhere, as {@code [B,S,vocab]} of
     * {@code type}. 30 keeps softmax mass on the token (> 1 - 1e-8 even for a 128256-entry vocabulary) so
     * sampling with the usual temperatures and penalties picks it as surely as greedy search.
     */
    static String oneHotLogits(Ops o, String token, long vocab, ElementType type) {
        String ids = o.range(o.i64Scalar(0), o.i64Scalar(vocab), o.i64Scalar(1));
        String hot = o.cast(o.equal(o.unsqueeze(token, -1), ids), ElementType.FLOAT);
        String scaled = o.mul(hot, o.f32Scalar(LOGIT));
        return type == ElementType.FLOAT ? scaled : o.cast(scaled, type);
    }

    /** The logit of the chosen token; every other logit is 0. */
    static final float LOGIT = 30f;
}

package dev.echollama.onnx.decoder;

import dev.echollama.testkit.onnx.Attribute;
import dev.echollama.testkit.onnx.ElementType;
import dev.echollama.testkit.onnx.Graph;
import dev.echollama.testkit.onnx.OnnxModel;
import dev.echollama.testkit.onnx.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Two small graphs, built with the testkit's public {@link Graph} builder, for the decoder paths the testkit's
 * Llama graph does not cover yet. Both answer the same counting rule as {@code SyntheticModels.llama32}: the next
 * token is {@code (last input token + number of cached positions) mod V}, or {@code V - 1} when the cache or the
 * inputs are inconsistent, so greedy decoding of prompt t_0..t_{n-1} gives x_1 = t_{n-1} + n,
 * x_{k+1} = x_k + n + k (mod V).
 */
final class TinyGraphs {
    static final int HEADS = 2;
    static final int HEAD = 4;
    static final int D_MODEL = 4;

    private TinyGraphs() {
    }

    /**
     * A Whisper-shaped optimum merged decoder (MODELS.md §0.3/§0.4/§7.2): {@code input_ids},
     * {@code encoder_hidden_states [batch, frames, 4]}, {@code past_key_values.{l}.decoder|encoder.key|value},
     * {@code use_cache_branch}; outputs {@code logits}, {@code present.{l}.decoder|encoder.*}. The If's no-cache
     * branch ignores the pasts: decoder presents = the new positions (ones), encoder presents = the encoder states
     * broadcast over the heads. The cache branch concatenates the decoder pasts and passes the encoder pasts
     * through. The token is V - 1 unless sum(present.0.encoder.key) == heads × sum(encoder_hidden_states) (use
     * integer-valued states), which fails when the encoder cache is empty or stale, or when the branch flag is
     * wrong; a wrong flag on later steps also loses the decoder cache length.
     */
    static Path whisper(Path file, int layers, int vocab) {
        Graph.Builder g = Graph.builder("tiny_whisper_decoder");
        g.input("input_ids", ElementType.INT64, "batch_size", "decoder_sequence_length");
        g.input("encoder_hidden_states", ElementType.FLOAT, "batch_size", "encoder_sequence_length", D_MODEL);
        List<String> presents = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            for (String part : new String[] {"decoder", "encoder"}) {
                for (String kv : new String[] {"key", "value"}) {
                    String seq = part.equals("decoder") ? "past_decoder_sequence_length" : "encoder_sequence_length_out";
                    g.input("past_key_values." + l + "." + part + "." + kv, ElementType.FLOAT, "batch_size", HEADS,
                            seq, HEAD);
                }
            }
        }
        g.input("use_cache_branch", ElementType.BOOL, 1);
        g.output("logits", ElementType.FLOAT, "batch_size", "decoder_sequence_length", vocab);
        for (int l = 0; l < layers; l++) {
            for (String part : new String[] {"decoder", "encoder"}) {
                for (String kv : new String[] {"key", "value"}) {
                    String seq = part.equals("decoder") ? "past_decoder_sequence_length + 1"
                            : "encoder_sequence_length_out";
                    String name = "present." + l + "." + part + "." + kv;
                    g.output(name, ElementType.FLOAT, "batch_size", HEADS, seq, HEAD);
                    presents.add(name);
                }
            }
        }
        String idsShape = g.op("Shape", List.of("input_ids"));
        String batch = dim(g, idsShape, 0);
        String seq = dim(g, idsShape, 1);
        String fresh = g.op("ConstantOfShape", List.of(g.op("Concat", List.of(batch, i64(g, HEADS), seq,
                i64(g, HEAD)), Attribute.of("axis", 0L))), Attribute.of("value", Tensor.vector("", 1f)));
        String frames = dim(g, g.op("Shape", List.of("encoder_hidden_states")), 1);
        String encShape = g.op("Concat", List.of(batch, i64(g, HEADS), frames, i64(g, D_MODEL)),
                Attribute.of("axis", 0L));
        String encoded = g.op("Expand", List.of(g.op("Unsqueeze", List.of("encoder_hidden_states", i64(g, 1))),
                encShape));
        Graph.Builder withPast = Graph.builder("with_past");
        Graph.Builder noPast = Graph.builder("no_past");
        for (String present : presents) {
            String past = "past_key_values" + present.substring("present".length());
            boolean decoder = present.contains(".decoder.");
            String t = "with_past/" + present;
            String e = "no_past/" + present;
            if (decoder) {
                withPast.node("Concat", List.of(past, fresh), List.of(t), Attribute.of("axis", 2L));
                noPast.node("Identity", List.of(fresh), List.of(e));
            } else {
                withPast.node("Identity", List.of(past), List.of(t));
                noPast.node("Identity", List.of(encoded), List.of(e));
            }
            withPast.output(t, ElementType.FLOAT, "batch_size", HEADS, null, HEAD);
            noPast.output(e, ElementType.FLOAT, "batch_size", HEADS, null, HEAD);
        }
        g.node("If", List.of("use_cache_branch"), presents, Attribute.of("else_branch", noPast.build()),
                Attribute.of("then_branch", withPast.build()));
        String cached = dim(g, g.op("Shape", List.of("present.0.decoder.key")), 2);
        String encSum = g.op("ReduceSum", List.of("present.0.encoder.key"), Attribute.of("keepdims", 0L));
        String stateSum = g.op("Mul", List.of(g.op("ReduceSum", List.of("encoder_hidden_states"),
                Attribute.of("keepdims", 0L)), g.constant(Tensor.scalar("", (float) HEADS))));
        String ok = g.op("Equal", List.of(encSum, stateSum));
        String lastLayer = dim(g, g.op("Shape", List.of("present." + (layers - 1) + ".decoder.value")), 2);
        ok = g.op("And", List.of(ok, g.op("Equal", List.of(cached, lastLayer))));
        String token = g.op("Mod", List.of(g.op("Add", List.of("input_ids", cached)), i64(g, vocab)));
        token = g.op("Where", List.of(ok, token, g.constant(Tensor.scalar("", (long) vocab - 1))));
        oneHot(g, token, vocab);
        return OnnxModel.builder(g.build()).metadata("max_target_positions", "448").build().write(file);
    }

    /**
     * A Moondream-shaped decoder that takes {@code inputs_embeds [batch, seq, V]} (float32 or float16) instead of
     * ids, with {@code attention_mask} and one cache layer of {@code kvType}. The "token" of an embedding is its
     * arg-max; the count is the row's number of mask ones (so left padding is masked out); the answer is V - 1 when
     * the mask length differs from the cache length.
     */
    static Path embeds(Path file, int vocab, ElementType type) {
        Graph.Builder g = Graph.builder("tiny_embeds_decoder");
        g.input("inputs_embeds", type, "batch_size", "sequence_length", vocab);
        g.input("attention_mask", ElementType.INT64, "batch_size", "past_sequence_length + sequence_length");
        g.input("past_key_values.0.key", type, "batch_size", 1, "past_sequence_length", 2);
        g.input("past_key_values.0.value", type, "batch_size", 1, "past_sequence_length", 2);
        g.output("logits", ElementType.FLOAT, "batch_size", "sequence_length", vocab);
        g.output("present.0.key", type, "batch_size", 1, "past_sequence_length + sequence_length", 2);
        g.output("present.0.value", type, "batch_size", 1, "past_sequence_length + sequence_length", 2);
        String x = type == ElementType.FLOAT ? "inputs_embeds"
                : g.op("Cast", List.of("inputs_embeds"), Attribute.of("to", (long) ElementType.FLOAT.onnxCode()));
        String shape = g.op("Shape", List.of(x));
        String fresh = g.op("ConstantOfShape", List.of(g.op("Concat", List.of(dim(g, shape, 0), i64(g, 1),
                dim(g, shape, 1), i64(g, 2)), Attribute.of("axis", 0L))), Attribute.of("value",
                type == ElementType.FLOAT ? Tensor.vector("", 1f) : Tensor.float16("", new long[] {1}, 1f)));
        g.node("Concat", List.of("past_key_values.0.key", fresh), List.of("present.0.key"), Attribute.of("axis", 2L));
        g.node("Concat", List.of("past_key_values.0.value", fresh), List.of("present.0.value"),
                Attribute.of("axis", 2L));
        String ok = g.op("Equal", List.of(dim(g, g.op("Shape", List.of("present.0.key")), 2),
                dim(g, g.op("Shape", List.of("attention_mask")), 1)));
        String count = g.op("ReduceSum", List.of("attention_mask", i64(g, 1)), Attribute.of("keepdims", 1L));
        String ids = g.op("ArgMax", List.of(x), Attribute.of("axis", 2L), Attribute.of("keepdims", 0L));
        String token = g.op("Mod", List.of(g.op("Add", List.of(ids, count)), i64(g, vocab)));
        token = g.op("Where", List.of(ok, token, g.constant(Tensor.scalar("", (long) vocab - 1))));
        oneHot(g, token, vocab);
        return OnnxModel.builder(g.build()).build().write(file);
    }

    private static void oneHot(Graph.Builder g, String token, int vocab) {
        String range = g.op("Range", List.of(g.constant(Tensor.scalar("", 0L)), g.constant(Tensor.scalar("",
                (long) vocab)), g.constant(Tensor.scalar("", 1L))));
        String hot = g.op("Cast", List.of(g.op("Equal", List.of(g.op("Unsqueeze", List.of(token, i64(g, -1))),
                range))), Attribute.of("to", (long) ElementType.FLOAT.onnxCode()));
        g.node("Mul", List.of(hot, g.constant(Tensor.scalar("", 30f))), List.of("logits"));
    }

    private static String dim(Graph.Builder g, String shape, long index) {
        return g.op("Gather", List.of(shape, i64(g, index)), Attribute.of("axis", 0L));
    }

    private static String i64(Graph.Builder g, long value) {
        return g.constant(Tensor.vector("", value));
    }
}

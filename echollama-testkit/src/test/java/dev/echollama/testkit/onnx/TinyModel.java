package dev.echollama.testkit.onnx;

import java.util.List;

/**
 * A small model touching every encoder path: symbolic and fixed dims, a scalar input, float/float16/int64/bool
 * initializers, int, float, ints, string, tensor and graph attributes, metadata. Its bytes were cross-checked once
 * against Debian's python3-onnx 1.12.0 (see {@link OnnxModelWireTest#tinyModelMatchesPythonOnnxBytes}).
 *
 * <p>Semantics: {@code y = (x * w + 0.5) - mean_row(x * w + 0.5)}; {@code z = flag ? x : -x}.
 */
final class TinyModel {
    private TinyModel() {
    }

    static OnnxModel build() {
        Graph thenBranch = Graph.builder("then")
                .output("then_out", ElementType.FLOAT, "batch_size", 3)
                .node("Identity", List.of("x"), List.of("then_out"))
                .build();
        Graph elseBranch = Graph.builder("else")
                .output("else_out", ElementType.FLOAT, "batch_size", 3)
                .node("Neg", List.of("x"), List.of("else_out"))
                .build();
        Graph g = Graph.builder("tiny")
                .input("x", ElementType.FLOAT, "batch_size", 3)
                .input("flag", ElementType.BOOL)
                .output("y", ElementType.FLOAT, "batch_size", 3)
                .output("z", ElementType.FLOAT, "batch_size", 3)
                .initializer(Tensor.floats("w", new long[] {3}, 1f, 2f, 3f))
                .initializer(Tensor.float16("h", new long[] {3}, 1f, -2.5f, 65504f))
                .initializer(Tensor.vector("pads", 0, 0, 0, 0))
                .initializer(Tensor.bools("b", new long[] {2}, true, false))
                .node("Mul", List.of("x", "w"), List.of("t"))
                .node("Constant", List.of(), List.of("c"), Attribute.of("value_float", 0.5f))
                .node("Add", List.of("t", "c"), List.of("u"))
                .node("Pad", List.of("u", "pads"), List.of("p"), Attribute.of("mode", "constant"))
                .node("ReduceMean", List.of("p"), List.of("m"), Attribute.ints("axes", 1),
                        Attribute.of("keepdims", 1L))
                .node("Sub", List.of("p", "m"), List.of("y"))
                .node("Constant", List.of(), List.of("k"), Attribute.of("value", Tensor.vector("", -1L, 300L)))
                // Attributes sorted by name, as onnx.helper.make_node orders them.
                .node("If", List.of("flag"), List.of("z"), Attribute.of("else_branch", elseBranch),
                        Attribute.of("then_branch", thenBranch))
                .build();
        return OnnxModel.builder(g).producer("echollama-testkit", "test").metadata("purpose", "wire-test").build();
    }
}

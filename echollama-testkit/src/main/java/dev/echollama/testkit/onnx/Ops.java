package dev.echollama.testkit.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Expression-style helpers over a {@link Graph.Builder} for the synthetic models: each method adds one node (plus
 * any constants it needs) and returns the name of its output. Operator versions are those of opset 17.
 */
final class Ops {
    static final long INT64_MAX = Long.MAX_VALUE;

    final Graph.Builder g;

    Ops(Graph.Builder g) {
        this.g = g;
    }

    String op(String type, List<String> inputs, Attribute... attributes) {
        return g.op(type, inputs, attributes);
    }

    String i64(long... values) {
        return g.constant(Tensor.vector("i64", values));
    }

    String i64Scalar(long value) {
        return g.constant(Tensor.scalar("i64", value));
    }

    String f32(float... values) {
        return g.constant(Tensor.vector("f32", values));
    }

    String f32Scalar(float value) {
        return g.constant(Tensor.scalar("f32", value));
    }

    String shape(String x) {
        return op("Shape", List.of(x));
    }

    /** Dimension {@code axis} of {@code x} as an int64 tensor of shape [1]. */
    String dim(String x, long axis) {
        return op("Shape", List.of(x), Attribute.of("start", axis), Attribute.of("end", axis + 1));
    }

    String concat(long axis, String... xs) {
        return op("Concat", Arrays.asList(xs), Attribute.of("axis", axis));
    }

    String cast(String x, ElementType to) {
        return op("Cast", List.of(x), Attribute.of("to", (long) to.onnxCode()));
    }

    String add(String a, String b) {
        return op("Add", List.of(a, b));
    }

    String sub(String a, String b) {
        return op("Sub", List.of(a, b));
    }

    String mul(String a, String b) {
        return op("Mul", List.of(a, b));
    }

    String div(String a, String b) {
        return op("Div", List.of(a, b));
    }

    String mod(String a, String b) {
        return op("Mod", List.of(a, b));
    }

    String neg(String a) {
        return op("Neg", List.of(a));
    }

    String equal(String a, String b) {
        return op("Equal", List.of(a, b));
    }

    String and(String a, String b) {
        return op("And", List.of(a, b));
    }

    String or(String a, String b) {
        return op("Or", List.of(a, b));
    }

    String not(String a) {
        return op("Not", List.of(a));
    }

    String greaterOrEqual(String a, String b) {
        return op("GreaterOrEqual", List.of(a, b));
    }

    String greater(String a, String b) {
        return op("Greater", List.of(a, b));
    }

    String where(String cond, String a, String b) {
        return op("Where", List.of(cond, a, b));
    }

    String abs(String x) {
        return op("Abs", List.of(x));
    }

    String less(String a, String b) {
        return op("Less", List.of(a, b));
    }

    String min(String a, String b) {
        return op("Min", List.of(a, b));
    }

    String max(String a, String b) {
        return op("Max", List.of(a, b));
    }

    String relu(String x) {
        return op("Relu", List.of(x));
    }

    String sigmoid(String x) {
        return op("Sigmoid", List.of(x));
    }

    String sqrt(String x) {
        return op("Sqrt", List.of(x));
    }

    String round(String x) {
        return op("Round", List.of(x));
    }

    String reduce(String type, String x, boolean keepDims, long... axes) {
        if (type.equals("ReduceSum")) { // axes became an input in opset 13
            return op(type, List.of(x, i64(axes)), Attribute.of("keepdims", keepDims ? 1L : 0L));
        }
        return op(type, List.of(x), Attribute.ints("axes", axes), Attribute.of("keepdims", keepDims ? 1L : 0L));
    }

    String cumsum(String x, long axis) {
        return op("CumSum", List.of(x, i64Scalar(axis)));
    }

    /** Slice along {@code axes}; starts/ends/axes are int64 tensor names. */
    String slice(String x, String starts, String ends, String axes) {
        return op("Slice", List.of(x, starts, ends, axes));
    }

    /**
     * Element ({@code channel}, {@code y}, {@code x}) of each image of an NCHW tensor, as {@code [B,1]}. A position
     * outside the tensor slices to nothing, and the Reshape to one value per image then fails the run.
     */
    String element(String nchw, int channel, int y, int x) {
        String one = slice(nchw, i64(channel, y, x), i64(channel + 1L, y + 1L, x + 1L), i64(1, 2, 3)); // [B,1,1,1]
        return reshape(one, i64(0, 1));
    }

    String unsqueeze(String x, long... axes) {
        return op("Unsqueeze", List.of(x, i64(axes)));
    }

    String squeeze(String x, long... axes) {
        return op("Squeeze", List.of(x, i64(axes)));
    }

    String reshape(String x, String shape) {
        return op("Reshape", List.of(x, shape));
    }

    String expand(String x, String shape) {
        return op("Expand", List.of(x, shape));
    }

    String transpose(String x, long... perm) {
        return op("Transpose", List.of(x), Attribute.ints("perm", perm));
    }

    String gather(String x, String indices, long axis) {
        return op("Gather", List.of(x, indices), Attribute.of("axis", axis));
    }

    /** Right-pads the last axis of a rank-{@code rank} tensor with {@code extra} zeros. */
    String padLast(String x, int rank, String extra) {
        long[] zeros = new long[rank];
        // pads = [0..0 (begins), 0..0, extra (ends)]
        String begins = i64(zeros);
        String endsHead = i64(Arrays.copyOf(zeros, rank - 1));
        return op("Pad", List.of(x, concat(0, begins, endsHead, extra)), Attribute.of("mode", "constant"));
    }

    String constantOfShape(String shape, Tensor value) {
        return op("ConstantOfShape", List.of(shape), Attribute.of("value", value));
    }

    String range(String start, String limit, String delta) {
        return op("Range", List.of(start, limit, delta));
    }

    String identity(String x) {
        return op("Identity", List.of(x));
    }

    /** Names a value: adds an Identity node whose output is {@code name}. */
    void alias(String x, String name) {
        g.node("Identity", List.of(x), List.of(name));
    }

    static List<String> list(String... xs) {
        return new ArrayList<>(Arrays.asList(xs));
    }
}

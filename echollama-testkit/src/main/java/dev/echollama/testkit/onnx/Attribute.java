package dev.echollama.testkit.onnx;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * An immutable node attribute (AttributeProto). Made with the static factories; each one sets exactly one value
 * field and the matching {@code type} discriminator, as IR version 2 and later require.
 */
public final class Attribute {
    // AttributeProto.AttributeType values from onnx.proto.
    private static final int FLOAT = 1;
    private static final int INT = 2;
    private static final int STRING = 3;
    private static final int TENSOR = 4;
    private static final int GRAPH = 5;
    private static final int FLOATS = 6;
    private static final int INTS = 7;

    private final String name;
    private final int type;
    private final float f;
    private final long i;
    private final String s;
    private final Tensor t;
    private final Graph g;
    private final float[] floats;
    private final long[] ints;

    private Attribute(String name, int type, float f, long i, String s, Tensor t, Graph g, float[] floats, long[] ints) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("an attribute needs a non-empty name");
        }
        this.name = name;
        this.type = type;
        this.f = f;
        this.i = i;
        this.s = s;
        this.t = t;
        this.g = g;
        this.floats = floats;
        this.ints = ints;
    }

    /** An INT attribute. */
    public static Attribute of(String name, long value) {
        return new Attribute(name, INT, 0, value, null, null, null, null, null);
    }

    /** A FLOAT attribute. */
    public static Attribute of(String name, float value) {
        return new Attribute(name, FLOAT, value, 0, null, null, null, null, null);
    }

    /** A STRING attribute (UTF-8). */
    public static Attribute of(String name, String value) {
        return new Attribute(name, STRING, 0, 0, Objects.requireNonNull(value, name), null, null, null, null);
    }

    /** A TENSOR attribute (e.g. {@code Constant.value}, {@code ConstantOfShape.value}). */
    public static Attribute of(String name, Tensor value) {
        return new Attribute(name, TENSOR, 0, 0, null, Objects.requireNonNull(value, name), null, null, null);
    }

    /** A GRAPH attribute (e.g. {@code If.then_branch}). */
    public static Attribute of(String name, Graph value) {
        return new Attribute(name, GRAPH, 0, 0, null, null, Objects.requireNonNull(value, name), null, null);
    }

    /** An INTS attribute. */
    public static Attribute ints(String name, long... values) {
        return new Attribute(name, INTS, 0, 0, null, null, null, null, values.clone());
    }

    /** A FLOATS attribute. */
    public static Attribute floats(String name, float... values) {
        return new Attribute(name, FLOATS, 0, 0, null, null, null, values.clone(), null);
    }

    public String name() {
        return name;
    }

    /** The subgraph of a GRAPH attribute, or null. */
    Graph graph() {
        return g;
    }

    /**
     * AttributeProto: name = 1, f = 2, i = 3, s = 4, t = 5, g = 6, floats = 7, ints = 8, type = 20. The repeated
     * scalars are not declared packed in onnx.proto (proto2), so each element carries its own tag.
     */
    ProtoWriter encode() {
        ProtoWriter w = new ProtoWriter().string(1, name);
        switch (type) {
            case FLOAT -> w.float32(2, f);
            case INT -> w.int64(3, i);
            case STRING -> w.bytes(4, s.getBytes(StandardCharsets.UTF_8));
            case TENSOR -> w.message(5, t.encode());
            case GRAPH -> w.message(6, g.encode());
            case FLOATS -> {
                for (float v : floats) {
                    w.float32(7, v);
                }
            }
            case INTS -> {
                for (long v : ints) {
                    w.int64(8, v);
                }
            }
            default -> throw new IllegalStateException("attribute type " + type);
        }
        return w.int64(20, type);
    }
}

package dev.echollama.testkit.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable constant tensor: a graph initializer or the value of a tensor attribute.
 *
 * <p>Encoding (TensorProto): FLOAT and FLOAT16 go into {@code raw_data} (little-endian; float16 as its bit
 * pattern); INT64 into packed {@code int64_data}; INT32 and BOOL into packed {@code int32_data}, as onnx.proto
 * prescribes for each type.
 */
public final class Tensor {
    private final String name;
    private final ElementType type;
    private final long[] dims;
    private final float[] floats;
    private final long[] longs;

    private Tensor(String name, ElementType type, long[] dims, float[] floats, long[] longs) {
        this.name = Objects.requireNonNull(name, "name");
        this.type = type;
        this.dims = dims.clone();
        long count = 1;
        for (long d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException("tensor '" + name + "': negative dimension in " + Arrays.toString(dims));
            }
            count = Math.multiplyExact(count, d);
        }
        long actual = floats != null ? floats.length : longs.length;
        if (actual != count) {
            throw new IllegalArgumentException("tensor '" + name + "': shape " + Arrays.toString(dims) + " needs "
                    + count + " values, got " + actual);
        }
        this.floats = floats == null ? null : floats.clone();
        this.longs = longs == null ? null : longs.clone();
    }

    /** A float32 tensor of the given shape (row-major values). */
    public static Tensor floats(String name, long[] dims, float... values) {
        return new Tensor(name, ElementType.FLOAT, dims, values, null);
    }

    /** A float16 tensor; each value is rounded to the nearest binary16 (ties to even). */
    public static Tensor float16(String name, long[] dims, float... values) {
        return new Tensor(name, ElementType.FLOAT16, dims, values, null);
    }

    /** An int64 tensor of the given shape. */
    public static Tensor int64s(String name, long[] dims, long... values) {
        return new Tensor(name, ElementType.INT64, dims, null, values);
    }

    /** An int32 tensor of the given shape. */
    public static Tensor int32s(String name, long[] dims, int... values) {
        return new Tensor(name, ElementType.INT32, dims, null, Arrays.stream(values).asLongStream().toArray());
    }

    /** A bool tensor of the given shape. */
    public static Tensor bools(String name, long[] dims, boolean... values) {
        long[] v = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            v[i] = values[i] ? 1 : 0;
        }
        return new Tensor(name, ElementType.BOOL, dims, null, v);
    }

    /** A rank-0 float32 tensor. */
    public static Tensor scalar(String name, float value) {
        return floats(name, new long[0], value);
    }

    /** A rank-0 int64 tensor. */
    public static Tensor scalar(String name, long value) {
        return int64s(name, new long[0], value);
    }

    /** A rank-1 int64 tensor holding {@code values}. */
    public static Tensor vector(String name, long... values) {
        return int64s(name, new long[] {values.length}, values);
    }

    /** A rank-1 float32 tensor holding {@code values}. */
    public static Tensor vector(String name, float... values) {
        return floats(name, new long[] {values.length}, values);
    }

    /** The same data under another name. */
    public Tensor named(String newName) {
        return new Tensor(newName, type, dims, floats, longs);
    }

    public String name() {
        return name;
    }

    public ElementType type() {
        return type;
    }

    public long[] dims() {
        return dims.clone();
    }

    /** TensorProto: dims = 1 (unpacked, as proto2 declares it), data_type = 2, name = 8 (always written, as onnx's make_tensor does), and the data field. */
    ProtoWriter encode() {
        ProtoWriter w = new ProtoWriter();
        for (long d : dims) {
            w.int64(1, d);
        }
        w.int64(2, type.onnxCode());
        switch (type) {
            case INT32, BOOL -> {
                int[] ints = new int[longs.length];
                for (int i = 0; i < ints.length; i++) {
                    ints[i] = (int) longs[i];
                }
                w.packedInt32(5, ints);
            }
            case INT64 -> w.packedInt64(7, longs);
            default -> { }
        }
        w.string(8, name);
        if (type == ElementType.FLOAT || type == ElementType.FLOAT16) {
            ByteBuffer raw = ByteBuffer.allocate(floats.length * type.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
            for (float f : floats) {
                if (type == ElementType.FLOAT) {
                    raw.putFloat(f);
                } else {
                    raw.putShort(Float16.fromFloat(f));
                }
            }
            w.bytes(9, raw.array());
        }
        return w;
    }

    @Override
    public String toString() {
        return "Tensor[" + name + ": " + type + Arrays.toString(dims) + "]";
    }
}

package dev.echollama.testkit.onnx;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Protocol-buffers wire-format encoder, just the parts ONNX needs: varints (wire type 0), 32-bit fixed (5) and
 * length-delimited fields (2). Not thread-safe; one instance builds one message.
 *
 * <p>Fields are written in the order the caller emits them; the ONNX encoders emit them in field-number order, as
 * the reference protobuf serializer does, so that simple messages come out byte-identical to {@code onnx}'s.
 */
final class ProtoWriter {
    static final int VARINT = 0;
    static final int FIXED32 = 5;
    static final int LENGTH_DELIMITED = 2;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** Appends {@code value} as a base-128 varint; negative values take 10 bytes (two's complement), as in protobuf int64. */
    ProtoWriter rawVarint(long value) {
        long v = value;
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
        return this;
    }

    ProtoWriter tag(int field, int wireType) {
        if (field < 1 || field > 0x1FFFFFFF) {
            throw new IllegalArgumentException("protobuf field number out of range: " + field);
        }
        return rawVarint(((long) field << 3) | wireType);
    }

    /** An int64/int32/enum/bool field (protobuf sign-extends negative int32 to 10 bytes, as does this). */
    ProtoWriter int64(int field, long value) {
        return tag(field, VARINT).rawVarint(value);
    }

    ProtoWriter float32(int field, float value) {
        tag(field, FIXED32);
        int bits = Float.floatToRawIntBits(value);
        out.write(bits);
        out.write(bits >>> 8);
        out.write(bits >>> 16);
        out.write(bits >>> 24);
        return this;
    }

    ProtoWriter bytes(int field, byte[] value) {
        tag(field, LENGTH_DELIMITED).rawVarint(value.length);
        out.write(value, 0, value.length);
        return this;
    }

    ProtoWriter string(int field, String value) {
        return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    /** An embedded message; an empty one is still written (presence matters, e.g. for a rank-0 shape). */
    ProtoWriter message(int field, ProtoWriter message) {
        return bytes(field, message.toByteArray());
    }

    /** A packed repeated int64 field; nothing is written for an empty array, as protobuf does. */
    ProtoWriter packedInt64(int field, long[] values) {
        if (values.length == 0) {
            return this;
        }
        ProtoWriter payload = new ProtoWriter();
        for (long v : values) {
            payload.rawVarint(v);
        }
        return message(field, payload);
    }

    /** A packed repeated int32 field (negative values sign-extended to 10 bytes). */
    ProtoWriter packedInt32(int field, int[] values) {
        if (values.length == 0) {
            return this;
        }
        ProtoWriter payload = new ProtoWriter();
        for (int v : values) {
            payload.rawVarint(v);
        }
        return message(field, payload);
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }
}

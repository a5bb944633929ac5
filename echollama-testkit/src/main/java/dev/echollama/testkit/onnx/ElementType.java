package dev.echollama.testkit.onnx;

/**
 * ONNX tensor element types this writer can declare, with their {@code TensorProto.DataType} numbers
 * (onnx.proto: FLOAT 1, INT32 6, INT64 7, BOOL 9, FLOAT16 10).
 */
public enum ElementType {
    /** IEEE 754 binary32. */
    FLOAT(1, 4),
    /** Signed 32-bit integer. */
    INT32(6, 4),
    /** Signed 64-bit integer. */
    INT64(7, 8),
    /** Boolean, one byte per element in raw data. */
    BOOL(9, 1),
    /** IEEE 754 binary16. */
    FLOAT16(10, 2);

    private final int onnxCode;
    private final int byteSize;

    ElementType(int onnxCode, int byteSize) {
        this.onnxCode = onnxCode;
        this.byteSize = byteSize;
    }

    /** The {@code TensorProto.DataType} enum value. */
    public int onnxCode() {
        return onnxCode;
    }

    /** Bytes per element in {@code raw_data}. */
    public int byteSize() {
        return byteSize;
    }
}

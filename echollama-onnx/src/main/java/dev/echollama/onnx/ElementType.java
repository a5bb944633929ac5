package dev.echollama.onnx;

import ai.onnxruntime.TensorInfo.OnnxTensorType;
import java.util.Locale;

/**
 * Element type of a graph input or output, as the session declares it. Read it from the session
 * ({@link OnnxModel#input(String)}), never assume it: fp16 and q4f16 exports of the same model declare float16
 * where the fp32 export declares float32.
 */
public enum ElementType {
    FLOAT32(4), FLOAT16(2), BFLOAT16(2), FLOAT64(8),
    INT8(1), UINT8(1), INT16(2), UINT16(2), INT32(4), UINT32(4), INT64(8), UINT64(8),
    BOOL(1), STRING(-1),
    /** Anything else: 8-bit floats, complex numbers, or a non-tensor value (sequence, map, optional). */
    OTHER(-1);

    private final int bytes;

    ElementType(int bytes) {
        this.bytes = bytes;
    }

    /** Bytes per element, or -1 for {@link #STRING} and {@link #OTHER}. */
    public int bytes() {
        return bytes;
    }

    /** The ONNX spelling used in messages: {@code float32}, {@code float16}, {@code int64}, ... */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }

    static ElementType of(OnnxTensorType type) {
        if (type == null) {
            return OTHER;
        }
        switch (type) {
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT: return FLOAT32;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT16: return FLOAT16;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_BFLOAT16: return BFLOAT16;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_DOUBLE: return FLOAT64;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT8: return INT8;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT8: return UINT8;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT16: return INT16;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT16: return UINT16;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT32: return INT32;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT32: return UINT32;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64: return INT64;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT64: return UINT64;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_BOOL: return BOOL;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_STRING: return STRING;
            default: return OTHER;
        }
    }
}

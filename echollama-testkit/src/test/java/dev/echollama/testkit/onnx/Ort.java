package dev.echollama.testkit.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** ONNX Runtime helpers for the tests: sessions, tensors and I/O contract assertions. */
final class Ort {
    static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

    private Ort() {
    }

    static OrtSession open(Path model) throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
            options.setIntraOpNumThreads(1);
            return ENV.createSession(model.toString(), options);
        }
    }

    static OnnxTensor longs(long[] data, long... shape) throws OrtException {
        return OnnxTensor.createTensor(ENV, LongBuffer.wrap(data), shape);
    }

    static OnnxTensor floats(float[] data, long... shape) throws OrtException {
        return OnnxTensor.createTensor(ENV, FloatBuffer.wrap(data), shape);
    }

    static OnnxTensor halfs(float[] data, long... shape) throws OrtException {
        short[] bits = new short[data.length];
        for (int i = 0; i < data.length; i++) {
            bits[i] = Float16.fromFloat(data[i]);
        }
        ByteBuffer buf = ByteBuffer.allocateDirect(bits.length * 2).order(ByteOrder.nativeOrder());
        buf.asShortBuffer().put(bits);
        return OnnxTensor.createTensor(ENV, buf, shape, OnnxJavaType.FLOAT16);
    }

    /** A float or float16 tensor, as {@code type} says. */
    static OnnxTensor of(OnnxJavaType type, float[] data, long... shape) throws OrtException {
        return type == OnnxJavaType.FLOAT16 ? halfs(data, shape) : floats(data, shape);
    }

    static OnnxTensor bool(boolean value) throws OrtException {
        return OnnxTensor.createTensor(ENV, new boolean[] {value});
    }

    static OnnxTensor scalar(long value) throws OrtException {
        return OnnxTensor.createTensor(ENV, value);
    }

    /** All elements of a float32 or float16 tensor, widened to float. */
    static float[] floatsOf(OnnxTensor t) {
        TensorInfo info = t.getInfo();
        if (info.type == OnnxJavaType.FLOAT16) {
            ShortBuffer sb = t.getShortBuffer();
            float[] out = new float[sb.remaining()];
            for (int i = 0; i < out.length; i++) {
                out[i] = Float16.toFloat(sb.get(i));
            }
            return out;
        }
        FloatBuffer fb = t.getFloatBuffer();
        float[] out = new float[fb.remaining()];
        fb.get(out);
        return out;
    }

    static long[] longsOf(OnnxTensor t) {
        LongBuffer lb = t.getLongBuffer();
        long[] out = new long[lb.remaining()];
        lb.get(out);
        return out;
    }

    static OnnxTensor out(OrtSession.Result r, String name) {
        return (OnnxTensor) r.get(name).orElseThrow(() -> new AssertionError("no output " + name));
    }

    /** Row-wise argmax of a {@code [.., V]} logits tensor. */
    static long[] argmax(OnnxTensor logits) {
        long[] shape = logits.getInfo().getShape();
        int v = (int) shape[shape.length - 1];
        float[] all = floatsOf(logits);
        long[] out = new long[all.length / v];
        for (int r = 0; r < out.length; r++) {
            int best = 0;
            for (int j = 1; j < v; j++) {
                if (all[r * v + j] > all[r * v + best]) {
                    best = j;
                }
            }
            out[r] = best;
        }
        return out;
    }

    /**
     * Asserts a session's inputs or outputs, in order: each expected entry is {@code name, OnnxJavaType, dims...}
     * where a dim is a Long/Integer (fixed) or a String (symbolic name reported by ORT).
     */
    static void assertIo(Map<String, NodeInfo> actual, List<Object[]> expected) {
        assertThat(new ArrayList<>(actual.keySet()))
                .containsExactlyElementsOf(expected.stream().map(e -> (String) e[0]).toList());
        for (Object[] e : expected) {
            TensorInfo info = (TensorInfo) actual.get((String) e[0]).getInfo();
            assertThat(info.type).as("type of %s", e[0]).isEqualTo(e[1]);
            Object[] dims = Arrays.copyOfRange(e, 2, e.length);
            long[] shape = info.getShape();
            String[] names = info.getDimensionNames();
            assertThat(shape).as("rank of %s", e[0]).hasSize(dims.length);
            for (int i = 0; i < dims.length; i++) {
                if (dims[i] instanceof String s) {
                    assertThat(shape[i]).as("dim %d of %s", i, e[0]).isEqualTo(-1L);
                    assertThat(names[i]).as("dim %d name of %s", i, e[0]).isEqualTo(s);
                } else {
                    assertThat(shape[i]).as("dim %d of %s", i, e[0]).isEqualTo(((Number) dims[i]).longValue());
                }
            }
        }
    }

    static Object[] io(String name, OnnxJavaType type, Object... dims) {
        Object[] e = new Object[dims.length + 2];
        e[0] = name;
        e[1] = type;
        System.arraycopy(dims, 0, e, 2, dims.length);
        return e;
    }
}

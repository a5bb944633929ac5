package dev.echollama.tts.orpheus;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.echollama.InferenceException;
import dev.echollama.onnx.ElementType;
import dev.echollama.onnx.GraphSignature;
import dev.echollama.onnx.OnnxModel;
import dev.echollama.onnx.TensorSpec;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The SNAC 24 kHz decoder graph (MODELS.md §6.2): {@code audio_codes.0/1/2} int64 {@code [1, T] [1, 2T] [1, 4T]}
 * in, {@code audio_values} float32 {@code [1, 1, 2048·T]} out. The code inputs may also be int32 (the PyTorch
 * reference decodes int32 codes); tensors are built in the declared type.
 *
 * <p>Thread-safe (runs go through {@link OnnxModel#run}); does not own the model.
 */
final class SnacDecoder {
    static final String OUTPUT = "audio_values";
    private static final String[] INPUTS = {"audio_codes.0", "audio_codes.1", "audio_codes.2"};

    static final GraphSignature SIGNATURE = GraphSignature.builder()
            .input(TensorSpec.anyOf(INPUTS[0], EnumSet.of(ElementType.INT64, ElementType.INT32),
                    TensorSpec.DYNAMIC, TensorSpec.DYNAMIC))
            .input(TensorSpec.anyOf(INPUTS[1], EnumSet.of(ElementType.INT64, ElementType.INT32),
                    TensorSpec.DYNAMIC, TensorSpec.DYNAMIC))
            .input(TensorSpec.anyOf(INPUTS[2], EnumSet.of(ElementType.INT64, ElementType.INT32),
                    TensorSpec.DYNAMIC, TensorSpec.DYNAMIC))
            .output(TensorSpec.anyShape(OUTPUT, ElementType.FLOAT32))
            .build();

    private final OnnxModel model;
    private final boolean[] int32 = new boolean[3];

    /** Checks the graph; throws {@link dev.echollama.ModelCorruptException} naming the file if it does not fit. */
    SnacDecoder(OnnxModel model) {
        this.model = model;
        GraphSignature.Binding binding = SIGNATURE.check(model);
        for (int i = 0; i < 3; i++) {
            int32[i] = binding.inputSpec(INPUTS[i]).type() == ElementType.INT32;
        }
    }

    /** The {@code 2048·T} samples of {@code codes}, nominally in [-1, 1]. */
    float[] decode(SnacCodes codes) {
        OrtEnvironment env = OnnxModel.environment();
        Map<String, OnnxTensor> feeds = new LinkedHashMap<>();
        List<OnnxTensor> created = new ArrayList<>(3);
        try {
            for (int level = 0; level < 3; level++) {
                long[] values = codes.view(level);
                long[] shape = {1, values.length};
                OnnxTensor t;
                if (int32[level]) {
                    int[] narrow = new int[values.length];
                    for (int i = 0; i < values.length; i++) {
                        narrow[i] = (int) values[i];
                    }
                    t = OnnxTensor.createTensor(env, IntBuffer.wrap(narrow), shape);
                } else {
                    t = OnnxTensor.createTensor(env, LongBuffer.wrap(values), shape);
                }
                created.add(t);
                feeds.put(INPUTS[level], t);
            }
            try (OrtSession.Result result = model.run(feeds, Set.of(OUTPUT))) {
                OnnxValue value = result.get(OUTPUT).orElseThrow(() ->
                        new InferenceException(model.path() + ": the run returned no " + OUTPUT));
                if (!(value instanceof OnnxTensor tensor)) {
                    throw new InferenceException(model.path() + ": " + OUTPUT + " is not a tensor");
                }
                long n = tensor.getInfo().getNumElements();
                if (n != codes.sampleCount()) {
                    throw new InferenceException(model.path() + ": " + OUTPUT + " has " + n + " samples ("
                            + java.util.Arrays.toString(tensor.getInfo().getShape()) + ") for " + codes.frames()
                            + " frames; expected 2048 x " + codes.frames() + " = " + codes.sampleCount());
                }
                FloatBuffer fb = tensor.getFloatBuffer();
                float[] out = new float[(int) n];
                fb.get(out);
                for (int i = 0; i < out.length; i++) {
                    if (!Float.isFinite(out[i])) {
                        throw new InferenceException(model.path() + ": sample " + i + " of " + OUTPUT + " is "
                                + out[i]);
                    }
                }
                return out;
            }
        } catch (OrtException e) {
            throw new InferenceException("cannot build SNAC code tensors for " + model.path() + ": "
                    + e.getMessage(), e);
        } finally {
            created.forEach(OnnxTensor::close);
        }
    }

    OnnxModel model() {
        return model;
    }
}

package dev.echollama.vision.internal;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.TensorInfo;
import dev.echollama.BadInputException;
import dev.echollama.InferenceException;
import dev.echollama.image.RgbImage;
import dev.echollama.onnx.ElementType;
import dev.echollama.onnx.OnnxModel;
import dev.echollama.onnx.tensor.Float16;
import dev.echollama.onnx.tensor.ImagePreprocessor;
import dev.echollama.onnx.tensor.PreprocessedImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.IntFunction;

/**
 * Float tensors in and out of ONNX Runtime whatever float type the graph declares: fp16 exports of the same
 * model take and give float16 where the fp32 export uses float32, so element types are read from the session,
 * never assumed (MODELS.md §0.5).
 */
public final class Tensors {
    private Tensors() {
    }

    /**
     * A tensor of {@code type} (float32 or float16) holding {@code data}'s remaining values. The caller closes it.
     */
    public static OnnxTensor floats(FloatBuffer data, long[] shape, ElementType type, Path model) {
        try {
            if (type == ElementType.FLOAT16) {
                ShortBuffer halves = ByteBuffer.allocateDirect(data.remaining() * 2).order(ByteOrder.nativeOrder())
                        .asShortBuffer();
                Float16.fromFloat(data.duplicate(), halves);
                halves.flip();
                return OnnxTensor.createTensor(OnnxModel.environment(), halves, shape, OnnxJavaType.FLOAT16);
            }
            if (type != ElementType.FLOAT32) {
                throw new InferenceException(model + ": cannot feed " + type + " from float pixels");
            }
            return OnnxTensor.createTensor(OnnxModel.environment(), data, shape);
        } catch (OrtException e) {
            throw new InferenceException("cannot create a " + type + " " + Arrays.toString(shape) + " tensor for "
                    + model + ": " + e.getMessage(), e);
        }
    }

    /** A direct, native-order buffer of {@code elements} floats, as ONNX Runtime and TFLite take without a copy. */
    public static FloatBuffer directFloats(int elements) {
        return ByteBuffer.allocateDirect(Math.multiplyExact(elements, Float.BYTES)).order(ByteOrder.nativeOrder())
                .asFloatBuffer();
    }

    /** An int64 tensor of {@code shape} filled with ones (DETR's pixel_mask). The caller closes it. */
    public static OnnxTensor longOnes(long[] shape, Path model) {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        LongBuffer ones = ByteBuffer.allocateDirect(Math.toIntExact(n * Long.BYTES)).order(ByteOrder.nativeOrder())
                .asLongBuffer();
        while (ones.hasRemaining()) {
            ones.put(1L);
        }
        ones.flip();
        try {
            return OnnxTensor.createTensor(OnnxModel.environment(), ones, shape);
        } catch (OrtException e) {
            throw new InferenceException("cannot create an int64 " + Arrays.toString(shape) + " tensor for " + model
                    + ": " + e.getMessage(), e);
        }
    }

    /** An output's values as float32, converting float16. */
    public static float[] readFloats(OnnxValue value, String name, Path model) {
        if (!(value instanceof OnnxTensor t)) {
            throw new InferenceException(model + ": output '" + name + "' is not a tensor");
        }
        TensorInfo info = t.getInfo();
        switch (info.type) {
            case FLOAT -> {
                FloatBuffer fb = t.getFloatBuffer();
                float[] out = new float[fb.remaining()];
                fb.get(out);
                return out;
            }
            case FLOAT16 -> {
                ShortBuffer sb = t.getShortBuffer();
                short[] halves = new short[sb.remaining()];
                sb.get(halves);
                return Float16.toFloat(halves);
            }
            default -> throw new InferenceException(model + ": output '" + name + "' is " + info.type
                    + ", expected float32 or float16");
        }
    }

    /** An output's shape. */
    public static long[] shape(OnnxValue value) {
        return ((TensorInfo) value.getInfo()).getShape();
    }

    /**
     * Runs {@code preprocessor} on {@code image}; a refusal (an image too thin to resize, say) becomes a
     * BadInputException naming the image size, the model and the preprocessing.
     */
    public static PreprocessedImage preprocess(ImagePreprocessor preprocessor, RgbImage image, String modelName) {
        return preprocess(preprocessor, image, null, modelName);
    }

    /** As {@link #preprocess(ImagePreprocessor, RgbImage, String)}, into a buffer from {@code buffers} if not null. */
    public static PreprocessedImage preprocess(ImagePreprocessor preprocessor, RgbImage image,
                                               IntFunction<FloatBuffer> buffers, String modelName) {
        try {
            return buffers == null ? preprocessor.apply(image) : preprocessor.apply(image, buffers);
        } catch (BadInputException e) {
            throw new BadInputException("cannot prepare a " + image.width() + "x" + image.height()
                    + " image for " + modelName + " (" + preprocessor + "): " + e.getMessage(), e);
        }
    }
}

package dev.echollama.vision.midas;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtSession;
import dev.echollama.BadInputException;
import dev.echollama.InferenceException;
import dev.echollama.ModelCorruptException;
import dev.echollama.image.RgbImage;
import dev.echollama.onnx.ElementType;
import dev.echollama.onnx.GraphSignature;
import dev.echollama.onnx.OnnxModel;
import dev.echollama.onnx.TensorSpec;
import dev.echollama.onnx.tensor.ImagePreprocessor;
import dev.echollama.onnx.tensor.MapResize;
import dev.echollama.onnx.tensor.PreprocessedImage;
import dev.echollama.vision.DepthEstimator;
import dev.echollama.vision.DepthMap;
import dev.echollama.vision.internal.Tensors;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A MiDaS-family depth model on one ONNX session: one image in, one relative inverse depth map out
 * ({@code [1, h, w]} or {@code [1, 1, h, w]}), resized back to the image's size as the model's reference code
 * does (DPT: bilinear, as transformers.js; MiDaS v2.1 small: OpenCV's INTER_CUBIC, as its ONNX runner). The
 * graph's first input and first output are used whatever their names (MiDaS v2.1's are {@code "0"} and
 * {@code "797"}).
 */
final class MidasDepthEstimator implements DepthEstimator {
    private static final Set<ElementType> FLOATS = Set.of(ElementType.FLOAT32, ElementType.FLOAT16);
    private static final long D = TensorSpec.DYNAMIC;

    private final OnnxModel model;
    private final String name;
    private final ImagePreprocessor preprocessor;
    private final String inputName;
    private final ElementType inputType;
    private final String outputName;
    private final MapResize back;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** Takes ownership of {@code model}: closes it when the signature check fails and in {@link #close()}. */
    MidasDepthEstimator(OnnxModel model, String name, ImagePreprocessor preprocessor, MapResize back) {
        try {
            GraphSignature.Binding b = GraphSignature.builder()
                    .input(TensorSpec.anyOf("image", FLOATS, D, 3, D, D))
                    .output(new TensorSpec("depth", FLOATS, null, null, false))
                    .bindByIndex()
                    .build().check(model);
            this.inputName = b.input("image");
            this.inputType = b.inputSpec("image").type();
            this.outputName = b.output("depth");
            TensorSpec in = b.inputSpec("image");
            // A fixed-size graph must take what the preprocessing makes (384x384, 256x256): a wrong file fails
            // here rather than on the first image.
            PreprocessedImage probe = preprocessor.apply(RgbImage.of(1, 1, new byte[3]));
            if ((in.dim(2) > 0 && in.dim(2) != probe.height()) || (in.dim(3) > 0 && in.dim(3) != probe.width())) {
                throw new ModelCorruptException(model.path(), model.path() + ": input '" + inputName + "' is "
                        + Arrays.toString(in.dims()) + " but " + name + " feeds [1, 3, " + probe.height() + ", "
                        + probe.width() + "]");
            }
            int rank = b.outputSpec("depth").rank();
            if (rank >= 0 && rank != 3 && rank != 4) {
                throw new ModelCorruptException(model.path(), model.path() + ": depth output '" + outputName
                        + "' has rank " + rank + ", expected [batch, h, w] or [batch, 1, h, w]");
            }
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        this.model = model;
        this.name = name;
        this.back = back;
        this.preprocessor = preprocessor.withThreads(model.config().intraOpThreads()); // the session's allowance
    }

    @Override
    public DepthMap estimate(RgbImage image) {
        if (closed.get()) {
            throw new IllegalStateException(name + " depth estimator is closed");
        }
        if (image == null) {
            throw new BadInputException("image is null");
        }
        PreprocessedImage p = preprocess(image);
        float[] depth;
        long[] shape;
        try (OnnxTensor in = Tensors.floats(p.tensor(), p.shape(), inputType, model.path());
             OrtSession.Result r = model.run(Map.of(inputName, in))) {
            OnnxValue out = r.get(outputName).orElseThrow();
            shape = Tensors.shape(out);
            depth = Tensors.readFloats(out, outputName, model.path());
        }
        int h;
        int w;
        if (shape.length >= 2 && shape.length <= 4 && Arrays.stream(shape, 0, shape.length - 2).allMatch(d -> d == 1)) {
            h = (int) shape[shape.length - 2];
            w = (int) shape[shape.length - 1];
        } else {
            throw new InferenceException(model.path() + ": depth output '" + outputName + "' came back "
                    + Arrays.toString(shape) + ", expected [1, h, w] or [1, 1, h, w]");
        }
        for (float v : depth) {
            if (!Float.isFinite(v)) {
                throw new InferenceException(model.path() + ": depth output holds " + v + "; the model failed on "
                        + "this input");
            }
        }
        float[] resized = back.resize(depth, w, h, image.width(), image.height());
        return DepthMap.of(image.width(), image.height(), resized, DepthMap.Convention.RELATIVE_INVERSE_DEPTH);
    }

    private PreprocessedImage preprocess(RgbImage image) {
        return Tensors.preprocess(preprocessor, image, name);
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            model.close();
        }
    }

    @Override
    public String toString() {
        return "MidasDepthEstimator[" + name + ", " + model.path() + "]";
    }
}

package dev.echollama.vision.pydnet;

import dev.echollama.BadInputException;
import dev.echollama.InferenceException;
import dev.echollama.ModelCorruptException;
import dev.echollama.image.RgbImage;
import dev.echollama.onnx.tensor.ImagePreprocessor;
import dev.echollama.onnx.tensor.MapResize;
import dev.echollama.onnx.tensor.PreprocessedImage;
import dev.echollama.vision.DepthEstimator;
import dev.echollama.vision.DepthMap;
import dev.echollama.vision.internal.Tensors;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;
import org.tensorflow.lite.DataType;
import org.tensorflow.lite.Interpreter;
import org.tensorflow.lite.Tensor;

/**
 * PyDNet++ on one TFLite {@link Interpreter}. The interpreter holds its tensors in place and is not thread-safe,
 * so every run (feed, invoke, read back) happens under one lock; resizing and normalising the image, and resizing
 * the map back, happen outside it. The output used is the one named {@value #HALF_OUTPUT} (the app's
 * HALF-resolution prediction, the one it displays), else the first.
 */
final class PydnetDepthEstimator implements DepthEstimator {
    static final String HALF_OUTPUT = "PSD/resize_images/ResizeBilinear";

    private final Path path;
    private final ReentrantLock lock = new ReentrantLock();
    private final Interpreter interpreter;
    private final ImagePreprocessor preprocessor;
    private final int outputIndex;
    private final int outWidth;
    private final int outHeight;
    private final FloatBuffer output;
    private volatile boolean closed;

    /**
     * Opens {@code path}; the runtime must be loaded ({@link TfliteRuntime#load()}).
     *
     * @param threads TFLite threads, 0 for its default
     * @throws ModelCorruptException when the file is not a TFLite model or not an image-to-depth one
     */
    PydnetDepthEstimator(Path path, int threads) {
        this.path = path;
        Interpreter.Options options = new Interpreter.Options();
        if (threads > 0) {
            options.setNumThreads(threads);
        }
        Interpreter it;
        try {
            it = new Interpreter(path.toFile(), options);
        } catch (IllegalArgumentException | IllegalStateException e) {
            // TFLite verifies the flatbuffer before building anything; garbage ends here, not in a crash.
            throw new ModelCorruptException(path, path + " is not a usable TensorFlow Lite model: " + e.getMessage(),
                    e);
        }
        try {
            it.allocateTensors();
            if (it.getInputTensorCount() != 1) {
                throw corrupt("has " + it.getInputTensorCount() + " inputs, expected 1 image [1, H, W, 3]");
            }
            Tensor in = it.getInputTensor(0);
            int[] s = in.shape();
            if (in.dataType() != DataType.FLOAT32 || s.length != 4 || s[0] != 1 || s[3] != 3 || s[1] <= 0
                    || s[2] <= 0) {
                throw corrupt("input '" + in.name() + "' is " + in.dataType() + " " + Arrays.toString(s)
                        + ", expected FLOAT32 [1, H, W, 3] (NHWC RGB)");
            }
            int index = 0;
            for (int i = 0; i < it.getOutputTensorCount(); i++) {
                if (HALF_OUTPUT.equals(it.getOutputTensor(i).name())) {
                    index = i;
                }
            }
            if (it.getOutputTensorCount() < 1) {
                throw corrupt("has no outputs, expected a depth map [1, h, w, 1]");
            }
            Tensor out = it.getOutputTensor(index);
            int[] o = out.shape();
            boolean shapeOk = (o.length == 4 && o[3] == 1 || o.length == 3) && o[0] == 1 && o[1] > 0 && o[2] > 0;
            if (out.dataType() != DataType.FLOAT32 || !shapeOk) {
                throw corrupt("output '" + out.name() + "' is " + out.dataType() + " " + Arrays.toString(o)
                        + ", expected FLOAT32 [1, h, w, 1]");
            }
            this.outputIndex = index;
            this.outHeight = o[1];
            this.outWidth = o[2];
            this.preprocessor = ImagePreprocessor.builder()
                    .resize(s[2], s[1])
                    .interpolation(ImagePreprocessor.Interpolation.BILINEAR)
                    .rescale(1.0 / 255)
                    .layout(ImagePreprocessor.Layout.NHWC)
                    .build();
            this.output = Tensors.directFloats(Math.multiplyExact(outWidth, outHeight));
        } catch (RuntimeException e) {
            it.close();
            if (e instanceof ModelCorruptException) {
                throw e;
            }
            throw new ModelCorruptException(path, path + ": TFLite could not prepare the model: " + e, e);
        }
        this.interpreter = it;
    }

    private ModelCorruptException corrupt(String what) {
        return new ModelCorruptException(path, path + " " + what);
    }

    @Override
    public DepthMap estimate(RgbImage image) {
        if (closed) {
            throw new IllegalStateException("pydnet depth estimator is closed");
        }
        if (image == null) {
            throw new BadInputException("image is null");
        }
        PreprocessedImage p = Tensors.preprocess(preprocessor, image, "pydnet");
        float[] depth = new float[outWidth * outHeight];
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("pydnet depth estimator is closed");
            }
            try {
                interpreter.runForMultipleInputsOutputs(new Object[] {p.tensor()});
                output.clear();
                interpreter.getOutputTensor(outputIndex).copyTo(output);
                output.flip();
                output.get(depth);
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new InferenceException(path + ": TFLite failed on a " + image.width() + "x" + image.height()
                        + " image: " + e.getMessage(), e);
            }
        } finally {
            lock.unlock();
        }
        for (float v : depth) {
            if (!Float.isFinite(v)) {
                throw new InferenceException(path + ": depth output holds " + v + "; the model failed on this input");
            }
        }
        clampOutliers(depth);
        float[] resized = MapResize.BILINEAR.resize(depth, outWidth, outHeight, image.width(), image.height());
        return DepthMap.of(image.width(), image.height(), resized, DepthMap.Convention.RELATIVE_DEPTH);
    }

    /**
     * Clamps {@code depth} to its 0.1st..99.9th percentiles, in place. The model emits a few hundred extreme pixels
     * near the image's edges (on bus.jpg up to 281 and down to -1.4 where 99.8% of values lie in 6..51); left in,
     * they set the map's min and max, which the scene matrix uses to normalise z, and squash every object's z
     * together. Clamping keeps the order of all other pixels.
     */
    static void clampOutliers(float[] depth) {
        float[] sorted = depth.clone();
        Arrays.sort(sorted);
        int k = sorted.length / 1000;
        float lo = sorted[k];
        float hi = sorted[sorted.length - 1 - k];
        for (int i = 0; i < depth.length; i++) {
            depth[i] = Math.max(lo, Math.min(hi, depth[i]));
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (!closed) {
                closed = true;
                interpreter.close();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "PydnetDepthEstimator[" + path + "]";
    }
}

package dev.echollama.vision.yolox;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.echollama.BadInputException;
import dev.echollama.InferenceException;
import dev.echollama.image.RgbImage;
import dev.echollama.onnx.ElementType;
import dev.echollama.onnx.GraphSignature;
import dev.echollama.onnx.OnnxModel;
import dev.echollama.onnx.TensorSpec;
import dev.echollama.onnx.tensor.ImagePreprocessor;
import dev.echollama.onnx.tensor.PreprocessedImage;
import dev.echollama.vision.internal.Tensors;
import dev.echollama.vision.Detection;
import dev.echollama.vision.Detector;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/** YOLOX on one ONNX session; see {@link YoloxDetectorProvider} for the contract. */
final class YoloxDetector implements Detector {
    static final int DEFAULT_SIZE = 416;

    private final OnnxModel model;
    private final String inputName;
    private final int size;
    private final YoloxDecoder decoder;
    private final ImagePreprocessor preprocessor;
    private final double scoreFloor;
    private final double nmsIou;
    private final double matrixThreshold;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** Takes ownership of {@code model}: closes it on failure here and in {@link #close()}. */
    YoloxDetector(OnnxModel model, double scoreFloor, double nmsIou, double matrixThreshold) {
        try {
            GraphSignature.Binding b = GraphSignature.builder()
                    .input(TensorSpec.of("images", ElementType.FLOAT32, 1, 3, TensorSpec.DYNAMIC, TensorSpec.DYNAMIC))
                    .output(TensorSpec.of("output", ElementType.FLOAT32, 1, TensorSpec.DYNAMIC, TensorSpec.DYNAMIC))
                    .bindByIndex()
                    .build().check(model);
            TensorSpec in = b.inputSpec("images");
            long h = in.dim(2);
            long w = in.dim(3);
            this.size = h > 0 ? (int) h : w > 0 ? (int) w : DEFAULT_SIZE;
            if ((h > 0 && w > 0 && h != w) || size % 32 != 0) {
                throw new dev.echollama.ModelCorruptException(model.path(), model.path() + ": YOLOX input must be a"
                        + " square whose side is a multiple of 32, declared " + java.util.Arrays.toString(in.dims()));
            }
            this.inputName = b.input("images");
            this.decoder = new YoloxDecoder(size, size, Coco80.LABELS);
            this.preprocessor = preprocessor(size);
            TensorSpec out = b.outputSpec("output");
            if ((out.dim(1) > 0 && out.dim(1) != decoder.rows()) || (out.dim(2) > 0 && out.dim(2) != 85)) {
                throw new dev.echollama.ModelCorruptException(model.path(), model.path() + ": YOLOX output for a "
                        + size + "x" + size + " input must be [1, " + decoder.rows() + ", 85] (80 COCO classes), "
                        + "declared " + java.util.Arrays.toString(out.dims()));
            }
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        this.model = model;
        this.scoreFloor = scoreFloor;
        this.nmsIou = nmsIou;
        this.matrixThreshold = matrixThreshold;
    }

    @Override
    public List<Detection> detect(RgbImage image) {
        if (closed.get()) {
            throw new IllegalStateException("YOLOX detector is closed");
        }
        if (image == null) {
            throw new BadInputException("image is null");
        }
        PreprocessedImage p = preprocess(image);
        float[] output = run(p.tensor(), p.shape());
        return decoder.decode(output, Letterbox.of(p), scoreFloor, nmsIou);
    }

    /**
     * YOLOX's own {@code preproc}: fit inside the square keeping the aspect ratio with OpenCV-style bilinear
     * (no antialiasing), image top-left, padding 114, B, G, R planes of 0-255 values, no mean/std.
     */
    static ImagePreprocessor preprocessor(int size) {
        return ImagePreprocessor.builder()
                .letterbox(size, size, ImagePreprocessor.Anchor.TOP_LEFT)
                .padValue(114)
                .interpolation(ImagePreprocessor.Interpolation.BILINEAR)
                .antialias(false)
                .channelOrder(ImagePreprocessor.ChannelOrder.BGR)
                .build();
    }

    /** The raw head output for a preprocessed input. */
    float[] run(FloatBuffer input, long[] shape) {
        try (OnnxTensor t = OnnxTensor.createTensor(OnnxModel.environment(), input, shape);
             OrtSession.Result r = model.run(Map.of(inputName, t))) {
            OnnxValue v = r.get(0);
            if (!(v instanceof OnnxTensor out)) {
                throw new InferenceException(model.path() + ": YOLOX output is not a tensor");
            }
            FloatBuffer fb = out.getFloatBuffer();
            float[] data = new float[fb.remaining()];
            fb.get(data);
            return data;
        } catch (OrtException e) {
            throw new InferenceException("cannot build the YOLOX input tensor for " + model.path() + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public double matrixThreshold() {
        return matrixThreshold;
    }

    private PreprocessedImage preprocess(RgbImage image) {
        return Tensors.preprocess(preprocessor, image, "YOLOX");
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            model.close();
        }
    }

    @Override
    public String toString() {
        return "YoloxDetector[" + model.path().getFileName() + ", " + size + "x" + size + "]";
    }
}

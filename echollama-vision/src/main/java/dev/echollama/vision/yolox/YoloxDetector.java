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
    /** Idle workspaces kept for the next callers (about 3.3 MB each at 416x416). */
    static final int MAX_IDLE_WORKSPACES = Math.max(2, Runtime.getRuntime().availableProcessors());

    private final OnnxModel model;
    private final String inputName;
    private final int size;
    private final YoloxDecoder decoder;
    private final ImagePreprocessor preprocessor;
    private final double scoreFloor;
    private final double nmsIou;
    private final double matrixThreshold;
    private final String outputName;
    private final java.util.Queue<Workspace> workspaces = new java.util.concurrent.ConcurrentLinkedQueue<>();
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
            this.outputName = b.output("output");
            this.decoder = new YoloxDecoder(size, size, Coco80.LABELS);
            this.preprocessor = preprocessor(size).withThreads(model.config().intraOpThreads());
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
        Workspace w = workspaces.poll();
        if (w == null) {
            w = new Workspace(size, decoder.rows() * decoder.rowLength(), model.path());
        }
        try {
            PreprocessedImage p = Tensors.preprocess(preprocessor, image, w::input, "YOLOX");
            w.run(model, inputName, outputName, p.shape());
            return decoder.decode(w.output, Letterbox.of(p), scoreFloor, nmsIou);
        } finally {
            if (workspaces.size() < MAX_IDLE_WORKSPACES) {
                workspaces.offer(w);
            } else {
                w.close(); // a burst of callers should not leave its buffers behind
            }
            if (closed.get()) {
                drainWorkspaces(); // a call that outlived close() must not leak its native tensor
            }
        }
    }

    /**
     * YOLOX's own {@code preproc}: fit inside the square keeping the aspect ratio with {@code cv2.resize}'s
     * INTER_LINEAR (bit for bit), image top-left, padding 114, B, G, R planes of 0-255 values, no mean/std.
     */
    static ImagePreprocessor preprocessor(int size) {
        return ImagePreprocessor.builder()
                .letterbox(size, size, ImagePreprocessor.Anchor.TOP_LEFT)
                .padValue(114)
                .interpolation(ImagePreprocessor.Interpolation.OPENCV_LINEAR)
                .channelOrder(ImagePreprocessor.ChannelOrder.BGR)
                .build();
    }

    /**
     * The native buffers of one call, reused by the next: the input and the head output, which ONNX Runtime
     * writes in place (a pinned output), so a call allocates no image-sized memory and copies no output. One per
     * concurrent caller, kept in {@link #workspaces}.
     */
    private static final class Workspace implements AutoCloseable {
        final FloatBuffer input;
        final FloatBuffer output;
        final OnnxTensor outputTensor;

        Workspace(int size, int outputElements, java.nio.file.Path model) {
            this.input = Tensors.directFloats(3 * size * size);
            this.output = Tensors.directFloats(outputElements);
            try {
                this.outputTensor = OnnxTensor.createTensor(OnnxModel.environment(), output,
                        new long[] {1, outputElements / 85, 85});
            } catch (OrtException e) {
                throw new InferenceException("cannot allocate the YOLOX output tensor for " + model + ": "
                        + e.getMessage(), e);
            }
        }

        FloatBuffer input(int elements) {
            return input;
        }

        void run(OnnxModel model, String inputName, String outputName, long[] shape) {
            int elements = Math.toIntExact(shape[0] * shape[1] * shape[2] * shape[3]);
            try (OnnxTensor in = OnnxTensor.createTensor(OnnxModel.environment(),
                    input.duplicate().clear().limit(elements), shape);
                 OrtSession.Result ignored = model.run(Map.of(inputName, in), Map.of(outputName, outputTensor))) {
                // the head output is now in this.output
            } catch (OrtException e) {
                throw new InferenceException("cannot wrap the YOLOX input for " + model.path() + ": "
                        + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            outputTensor.close();
        }
    }

    private void drainWorkspaces() {
        for (Workspace w; (w = workspaces.poll()) != null; ) {
            w.close();
        }
    }

    @Override
    public double matrixThreshold() {
        return matrixThreshold;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            drainWorkspaces();
            model.close();
        }
    }

    @Override
    public String toString() {
        return "YoloxDetector[" + model.path().getFileName() + ", " + size + "x" + size + "]";
    }
}

package dev.echollama.vision.detr;

import ai.onnxruntime.OnnxTensor;
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
import dev.echollama.onnx.tensor.PreprocessedImage;
import dev.echollama.vision.Detection;
import dev.echollama.vision.Detector;
import dev.echollama.vision.internal.FloatBufferPool;
import dev.echollama.vision.internal.Tensors;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/** DETR on one ONNX session; see {@link DetrDetectorProvider} for the contract. */
final class DetrDetector implements Detector {
    private static final Set<ElementType> FLOATS = Set.of(ElementType.FLOAT32, ElementType.FLOAT16);
    private static final long D = TensorSpec.DYNAMIC;

    static final GraphSignature SIGNATURE = GraphSignature.builder()
            .input(TensorSpec.anyOf("pixel_values", FLOATS, D, 3, D, D))
            .input(TensorSpec.anyOf("pixel_mask", Set.of(ElementType.INT64), D, D, D).asOptional())
            .output(TensorSpec.anyOf("logits", FLOATS, D, D, D))
            .output(TensorSpec.anyOf("pred_boxes", FLOATS, D, D, 4))
            .build();

    private final OnnxModel model;
    private final ImagePreprocessor preprocessor;
    private final DetrDecoder decoder;
    private final ElementType pixelType;
    private final Optional<TensorSpec> mask;
    private final double scoreFloor;
    private final double matrixThreshold;
    /** Pixel inputs reused between calls (up to 800x1333x3 floats, 12.8 MB, each). */
    private final FloatBufferPool buffers = new FloatBufferPool(2);
    private final AtomicBoolean closed = new AtomicBoolean();

    /** Takes ownership of {@code model}: closes it when the signature check fails and in {@link #close()}. */
    DetrDetector(OnnxModel model, ImagePreprocessor preprocessor, List<String> labels, String labelSource,
                 double scoreFloor, double matrixThreshold) {
        try {
            GraphSignature.Binding b = SIGNATURE.check(model);
            this.pixelType = b.inputSpec("pixel_values").type();
            this.mask = b.findInput("pixel_mask");
            long classes = b.outputSpec("logits").dim(2);
            if (classes > 0 && classes - 1 != labels.size()) {
                throw new ModelCorruptException(model.path(), model.path() + " scores " + (classes - 1)
                        + " classes (logits [.., .., " + classes + "] with \"no object\" last) but " + labelSource
                        + " names " + labels.size());
            }
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        this.model = model;
        this.preprocessor = preprocessor.withThreads(model.config().intraOpThreads()); // the session's allowance
        this.decoder = new DetrDecoder(labels);
        this.scoreFloor = scoreFloor;
        this.matrixThreshold = matrixThreshold;
    }

    @Override
    public List<Detection> detect(RgbImage image) {
        if (closed.get()) {
            throw new IllegalStateException("DETR detector is closed");
        }
        if (image == null) {
            throw new BadInputException("image is null");
        }
        FloatBuffer[] input = new FloatBuffer[1];
        float[] logits;
        float[] boxes;
        long[] logitsShape;
        Map<String, OnnxTensor> feeds = new LinkedHashMap<>();
        try {
            PreprocessedImage p = Tensors.preprocess(preprocessor, image, n -> input[0] = buffers.take(n), "DETR");
            feeds.put("pixel_values", Tensors.floats(p.tensor(), p.shape(), pixelType, model.path()));
            if (mask.isPresent()) {
                feeds.put(mask.get().name(), Tensors.longOnes(maskShape(mask.get(), p), model.path()));
            }
            try (OrtSession.Result r = model.run(feeds)) {
                logitsShape = Tensors.shape(r.get("logits").orElseThrow());
                logits = Tensors.readFloats(r.get("logits").orElseThrow(), "logits", model.path());
                boxes = Tensors.readFloats(r.get("pred_boxes").orElseThrow(), "pred_boxes", model.path());
            }
        } finally {
            feeds.values().forEach(OnnxTensor::close);
            buffers.release(input[0]); // only now: the pixel tensor may wrap it
        }
        if (logitsShape.length != 3 || logitsShape[0] != 1) {
            throw new InferenceException(model.path() + ": logits came back " + Arrays.toString(logitsShape)
                    + ", expected [1, queries, classes + 1]");
        }
        return decoder.decode(logits, boxes, (int) logitsShape[1], (int) logitsShape[2], scoreFloor);
    }

    /**
     * The declared shape with the batch set to 1 and any other dynamic axis set to the pixel tensor's height and
     * width (the May-2023 exports declare a fixed {@code [batch, 64, 64]}: MODELS.md §1.2).
     */
    static long[] maskShape(TensorSpec spec, PreprocessedImage p) {
        long[] dims = spec.dims();
        long[] shape = new long[] {1, p.height(), p.width()};
        for (int i = 1; i < 3 && i < dims.length; i++) {
            if (dims[i] > 0) {
                shape[i] = dims[i];
            }
        }
        return shape;
    }

    @Override
    public double matrixThreshold() {
        return matrixThreshold;
    }


    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            buffers.clear();
            model.close();
        }
    }

    @Override
    public String toString() {
        return "DetrDetector[" + model.path() + "]";
    }
}

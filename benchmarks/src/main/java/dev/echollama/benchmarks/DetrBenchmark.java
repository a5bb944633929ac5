package dev.echollama.benchmarks;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.echollama.image.RgbImage;
import dev.echollama.onnx.OnnxModel;
import dev.echollama.onnx.tensor.ImagePreprocessor;
import dev.echollama.onnx.tensor.PreprocessedImage;
import dev.echollama.spi.ProviderConfig;
import dev.echollama.testkit.onnx.DetrSpec;
import dev.echollama.testkit.onnx.SyntheticModels;
import dev.echollama.vision.Detection;
import dev.echollama.vision.Detector;
import dev.echollama.vision.detr.DetrDetectorProvider;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * DETR's pre- and post-processing at the paper's resolution, on the testkit's synthetic DETR graph (the real
 * export's I/O: {@code pixel_values} {@code [1, 3, H, W]}, {@code pixel_mask} {@code [1, 64, 64]}, {@code logits}
 * {@code [1, 100, 92]}, {@code pred_boxes} {@code [1, 100, 4]}), which computes almost nothing: so
 * {@code detect - inference} is what the SDK adds around DETR, and the real DETR-ResNet-50's inference, which
 * cannot be fetched here, would be added to {@code inference}.
 *
 * <p>The image is 2000x1200, which DETR's rule (shortest edge 800, longest 1333) resizes to 1333x800: the
 * largest input the model takes. {@code preprocess} is that resize (antialiased bilinear, as Pillow) plus
 * rescaling and ImageNet mean/std into a reused buffer, as the detector does it.
 *
 * <pre>mvn -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar Detr</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DetrBenchmark {
    private Path dir;
    private RgbImage rgb;
    private Detector detector;
    private OnnxModel model;
    private OnnxTensor pixels;
    private OnnxTensor mask;
    private ImagePreprocessor preprocessor;
    private FloatBuffer buffer;

    @Setup
    public void setUp() throws IOException, OrtException {
        dir = Files.createTempDirectory("detr-bench");
        Path root = dir.resolve("detr-resnet-50");
        SyntheticModels.detr(root.resolve("onnx"), DetrSpec.builder()
                .detection(17, 10, 0.25f, 0.70f, 0.20f, 0.30f) // a dog, lower left
                .detection(2, 9, 0.80f, 0.20f, 0.20f, 0.10f)   // a bicycle, upper right
                .pixelMask(true).build());
        rgb = photoLike(2000, 1200);
        ProviderConfig config = ProviderConfig.builder().model(DetrDetectorProvider.MODEL_ID, root).build();
        detector = new DetrDetectorProvider().create(config);
        model = OnnxModel.open(root.resolve("onnx/model.onnx"), YoloxBenchmark.detectorSession(config));
        preprocessor = ImagePreprocessor.builder().resizeShortestEdge(800, 1333)
                .interpolation(ImagePreprocessor.Interpolation.BILINEAR).rescale(1 / 255.0)
                .normalize(new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}).build();
        buffer = ByteBuffer.allocateDirect(3 * 800 * 1333 * Float.BYTES).order(ByteOrder.nativeOrder())
                .asFloatBuffer();
        PreprocessedImage p = preprocessor.apply(rgb, n -> buffer);
        if (p.width() != 1333 || p.height() != 800) {
            throw new IllegalStateException("expected a 1333x800 input, got " + p.width() + "x" + p.height());
        }
        pixels = OnnxTensor.createTensor(OnnxModel.environment(), p.tensor(), p.shape());
        long[] ones = new long[64 * 64];
        java.util.Arrays.fill(ones, 1L);
        mask = OnnxTensor.createTensor(OnnxModel.environment(), java.nio.LongBuffer.wrap(ones), new long[] {1, 64, 64});
        List<Detection> found = detector.detect(rgb);
        if (found.size() != 2) {
            throw new IllegalStateException("the synthetic DETR should find 2 objects, found " + found);
        }
    }

    /** Smooth gradients with noise, so the resize sees photo-like data (its cost does not depend on it). */
    private static RgbImage photoLike(int w, int h) {
        byte[] px = new byte[w * h * 3];
        SplittableRandom r = new SplittableRandom(11);
        for (int y = 0, i = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                px[i++] = (byte) (x * 255 / w + r.nextInt(16));
                px[i++] = (byte) (y * 255 / h + r.nextInt(16));
                px[i++] = (byte) ((x + y) * 255 / (w + h) + r.nextInt(16));
            }
        }
        return RgbImage.of(w, h, px);
    }

    @TearDown
    public void tearDown() throws IOException {
        pixels.close();
        mask.close();
        model.close();
        detector.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    /** Everything a caller pays for: resize and normalise, the graph, softmax over 92 classes and box mapping. */
    @Benchmark
    public List<Detection> detect() {
        return detector.detect(rgb);
    }

    /** Our pre-processing alone: 2000x1200 to a 1333x800 ImageNet-normalised tensor in a reused buffer. */
    @Benchmark
    public int preprocess() {
        return preprocessor.apply(rgb, n -> buffer).width();
    }

    /** The synthetic graph alone on ready inputs (a stand-in: the real DETR's cost would add here). */
    @Benchmark
    public int inference() {
        try (OrtSession.Result out = model.run(Map.of("pixel_values", pixels, "pixel_mask", mask))) {
            return out.size();
        }
    }
}

package dev.echollama.benchmarks;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.echollama.image.RgbImage;
import dev.echollama.onnx.OnnxModel;
import dev.echollama.onnx.OnnxSessionConfig;
import dev.echollama.onnx.tensor.ImagePreprocessor;
import dev.echollama.onnx.tensor.PreprocessedImage;
import dev.echollama.spi.ProviderConfig;
import dev.echollama.vision.Detection;
import dev.echollama.vision.Detector;
import dev.echollama.vision.internal.PerImageSession;
import dev.echollama.vision.internal.Tensors;
import dev.echollama.vision.yolox.YoloxDetectorProvider;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * YOLOX-Nano per image: the whole {@link Detector#detect} (our letterbox + tensor + ONNX Runtime + our decode and
 * NMS) against ONNX Runtime alone on a ready 416x416 input with the same session settings (and, as the detector
 * does, writing into a pinned output), and our pre-processing alone (into a reused buffer, as the detector
 * does). The goal: our pre- plus post-processing at most 5% of the inference, that is {@link #preprocess} plus
 * {@code YoloxDecodeBenchmark.decode} (the decode and NMS, in the decoder's package) against {@link #inference}.
 * {@code detect - inference} is what a caller pays besides ONNX Runtime inside a loop of {@code detect} calls, where
 * the letterbox finds its data in colder caches than back to back (see the README).
 *
 * <p>Every fork runs with {@code --add-modules jdk.incubator.vector}, so the letterbox takes the Vector API kernel;
 * {@link #preprocessScalar} forks with {@code -Dechollama.simd=false} to measure the scalar one. This machine's
 * speed drifts within minutes: for the ratios, prefer {@link YoloxShare}, which interleaves the same three
 * measurements in short rounds.
 *
 * <p>Needs {@code shared/models} ({@code -Dechollama.shared=...}, default {@code ../shared} from the working
 * directory):
 * <pre>mvn -q -pl benchmarks -am package -DskipTests
 * java -Dechollama.shared=../shared -jar benchmarks/target/benchmarks.jar Yolox -p threads=0,2</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class YoloxBenchmark {
    /** The network's input side. */
    static final int SIZE = 416;
    /** Rows of the head's output at that size: (52² + 26² + 13²) cells for strides 8, 16 and 32. */
    static final int ROWS = 3549;

    @Param({"dog.jpg", "bus.jpg"})
    public String image;

    /** ONNX Runtime intra-op threads for both sessions; 0 = its default (one per core). */
    @Param({"0"})
    public int threads;

    private RgbImage rgb;
    private Detector detector;
    private OnnxModel model;
    private OnnxTensor input;
    private ImagePreprocessor preprocessor;
    private ImagePreprocessor pillow;
    private FloatBuffer buffer;
    private OnnxTensor output;

    @Setup
    public void setUp() throws IOException, OrtException {
        Path models = models();
        Path file = modelFile(models);
        rgb = RgbImage.fromBufferedImage(ImageIO.read(models.resolve("images/" + image).toFile()));
        ProviderConfig config = ProviderConfig.builder().model(YoloxDetectorProvider.MODEL_ID, file)
                .threads(threads).build();
        detector = new YoloxDetectorProvider().create(config);
        preprocessor = letterbox().interpolation(ImagePreprocessor.Interpolation.OPENCV_LINEAR).build();
        pillow = letterbox().interpolation(ImagePreprocessor.Interpolation.BILINEAR).antialias(false).build();
        model = OnnxModel.open(file, detectorSession(config));
        input = randomInput();
        buffer = Tensors.directFloats(3 * SIZE * SIZE);
        output = pinnedOutput();
    }

    /**
     * The session the detectors open for {@code config}, for the inference-only baselines: with other settings
     * (ONNX Runtime's spinning, say) they would time another session.
     */
    static OnnxSessionConfig detectorSession(ProviderConfig config) {
        return PerImageSession.of(config);
    }

    /** {@code shared/models}, from {@code -Dechollama.shared} (default {@code ../shared}). */
    static Path models() {
        return Path.of(System.getProperty("echollama.shared", "../shared")).resolve("models");
    }

    /** YOLOX-Nano's file under {@code models}, or a message that says where it was looked for. */
    static Path modelFile(Path models) {
        Path file = models.resolve("detection/yolox_nano.onnx");
        if (!Files.exists(file)) {
            throw new IllegalStateException("YOLOX benchmark needs " + file.toAbsolutePath()
                    + "; pass -Dechollama.shared=PATH");
        }
        return file;
    }

    /** The detector's letterbox (416x416, top-left, pad 114, BGR), interpolation still to choose. */
    static ImagePreprocessor.Builder letterbox() {
        return ImagePreprocessor.builder().letterbox(SIZE, SIZE, ImagePreprocessor.Anchor.TOP_LEFT).padValue(114)
                .channelOrder(ImagePreprocessor.ChannelOrder.BGR);
    }

    /** A ready input: the network's cost does not depend on pixel values, so any 0-255 values will do. */
    static OnnxTensor randomInput() throws OrtException {
        float[] data = new float[3 * SIZE * SIZE];
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < data.length; i++) {
            data[i] = r.nextInt(256);
        }
        return OnnxTensor.createTensor(OnnxModel.environment(), FloatBuffer.wrap(data), new long[] {1, 3, SIZE, SIZE});
    }

    /** The head's output tensor for ONNX Runtime to write in place, as the detector pins it. */
    static OnnxTensor pinnedOutput() throws OrtException {
        return OnnxTensor.createTensor(OnnxModel.environment(), Tensors.directFloats(ROWS * 85),
                new long[] {1, ROWS, 85});
    }

    @TearDown
    public void tearDown() {
        input.close();
        output.close();
        model.close();
        detector.close();
    }

    /** Everything a caller pays for: pre-processing, inference, decode and NMS. */
    @Benchmark
    public List<Detection> detect() {
        return detector.detect(rgb);
    }

    /**
     * Our pre-processing alone, configured as the detector does it (YOLOX's letterbox: 416x416, top-left, pad 114,
     * cv2 INTER_LINEAR, BGR 0-255) into a reused buffer, as the detector does. The decode and NMS that follow
     * inference, the post-processing, are timed by {@code YoloxDecodeBenchmark}.
     */
    @Benchmark
    public int preprocess() {
        PreprocessedImage p = preprocessor.apply(rgb, n -> buffer);
        return p.contentWidth();
    }

    /**
     * {@link #preprocess} in a JVM told not to use the Vector API ({@code -Dechollama.simd=false}): what the
     * Vector API path saves, and what a JVM started without {@code --add-modules jdk.incubator.vector} pays.
     */
    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Dechollama.simd=false"})
    public int preprocessScalar() {
        PreprocessedImage p = preprocessor.apply(rgb, n -> buffer);
        return p.contentWidth();
    }

    /**
     * The same letterbox with Pillow's bilinear arithmetic instead of OpenCV's (what the detector used before
     * {@code OPENCV_LINEAR}): how much the OpenCV path saves, measured in the same run.
     */
    @Benchmark
    public int preprocessPillowBilinear() {
        PreprocessedImage p = pillow.apply(rgb, n -> buffer);
        return p.contentWidth();
    }

    /** ONNX Runtime alone on a ready input tensor, writing into a pinned output as the detector does. */
    @Benchmark
    public int inference() {
        try (OrtSession.Result out = model.run(Map.of(model.inputs().get(0).name(), input),
                Map.of(model.outputs().get(0).name(), output))) {
            return out.size();
        }
    }
}

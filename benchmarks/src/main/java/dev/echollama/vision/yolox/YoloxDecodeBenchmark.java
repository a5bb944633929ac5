package dev.echollama.vision.yolox;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.echollama.image.Images;
import dev.echollama.image.RgbImage;
import dev.echollama.onnx.OnnxModel;
import dev.echollama.onnx.tensor.PreprocessedImage;
import dev.echollama.spi.ProviderConfig;
import dev.echollama.vision.internal.PerImageSession;
import dev.echollama.vision.internal.Tensors;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * YOLOX's post-processing alone, the "post" of {@code YoloxBenchmark}'s split: the head decode and class-aware NMS
 * at the detector's score floor and NMS IoU, over the head output that YOLOX-Nano really gives for the image (the
 * model runs once, in the set-up, on the detector's own letterbox), so the decoder keeps and suppresses what it
 * would for that photo. It lives in the decoder's package because the decoder is not public API.
 *
 * <pre>java -Dechollama.shared=../shared -jar benchmarks/target/benchmarks.jar YoloxDecode</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class YoloxDecodeBenchmark {
    @Param({"dog.jpg", "bus.jpg"})
    public String image;

    private IntSupplier decoding;

    @Setup
    public void setUp() {
        Path models = Path.of(System.getProperty("echollama.shared", "../shared")).resolve("models");
        decoding = decodingOf(models.resolve("detection/yolox_nano.onnx"),
                Images.read(models.resolve("images/" + image)));
    }

    /** Decode and NMS; the number of detections kept. */
    @Benchmark
    public int decode() {
        return decoding.getAsInt();
    }

    /**
     * The detector's decode and NMS of the head output that the YOLOX model {@code modelFile} gives for
     * {@code image} (run once, here, with the detector's letterbox and session settings), as a task that returns
     * the number of detections kept: {@code YoloxShare} times it beside the other parts. The task reads its own
     * copy of the output, so it may be run any number of times, from one thread at a time.
     *
     * @throws IllegalStateException if the file is missing or the model finds nothing in the image (a decode of
     *                               nothing would time the early exit, not the work)
     */
    public static IntSupplier decodingOf(Path modelFile, RgbImage image) {
        if (!Files.isRegularFile(modelFile)) {
            throw new IllegalStateException("no YOLOX model at " + modelFile.toAbsolutePath()
                    + "; pass -Dechollama.shared=<path to shared>");
        }
        int size = YoloxDetector.DEFAULT_SIZE;
        YoloxDecoder decoder = new YoloxDecoder(size, size, Coco80.LABELS);
        FloatBuffer input = Tensors.directFloats(3 * size * size);
        FloatBuffer output = Tensors.directFloats(decoder.rows() * decoder.rowLength());
        PreprocessedImage p = YoloxDetector.preprocessor(size).apply(image, n -> input);
        ProviderConfig config = ProviderConfig.builder().model(YoloxDetectorProvider.MODEL_ID, modelFile).build();
        try (OnnxModel model = OnnxModel.open(modelFile, PerImageSession.of(config));
             OnnxTensor in = OnnxTensor.createTensor(OnnxModel.environment(), input, p.shape());
             OnnxTensor out = OnnxTensor.createTensor(OnnxModel.environment(), output,
                     new long[] {1, decoder.rows(), decoder.rowLength()});
             OrtSession.Result ignored = model.run(Map.of(model.inputs().get(0).name(), in),
                     Map.of(model.outputs().get(0).name(), out))) {
            // the head output is now in `output`
        } catch (OrtException e) {
            throw new IllegalStateException("cannot run " + modelFile + ": " + e.getMessage(), e);
        }
        Letterbox geometry = Letterbox.of(p);
        IntSupplier decoding = () -> decoder.decode(output, geometry, YoloxDetectorProvider.SCORE_FLOOR,
                YoloxDetectorProvider.NMS_IOU).size();
        if (decoding.getAsInt() == 0) {
            throw new IllegalStateException(modelFile + " finds nothing in the image; pick a photo with objects");
        }
        return decoding;
    }
}

package dev.echollama.benchmarks;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.echollama.image.RgbImage;
import dev.echollama.onnx.OnnxModel;
import dev.echollama.onnx.tensor.ImagePreprocessor;
import dev.echollama.spi.ProviderConfig;
import dev.echollama.vision.Detector;
import dev.echollama.vision.yolox.YoloxDetectorProvider;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import javax.imageio.ImageIO;

/**
 * YOLOX-Nano's share of time that is ours, measured so that machine drift cancels. Five measurements run
 * interleaved in short rounds: {@link YoloxBenchmark}'s three (whole {@code detect}, ONNX Runtime alone, our
 * pre-processing alone, back to back); the pre-processing timed right after each of a series of inferences, as
 * inside {@code detect} (caches cold, pool threads parked); and, also right after each inference, the least any
 * letterbox must do there (the "floor"): read every source row once and write the whole tensor, on the caller and
 * one pool thread claiming bands, with no arithmetic. Each round gives its own ratios, and the median round is
 * reported. On a shared machine whose speed drifts by a third within minutes, separate JMH runs of each cannot be
 * compared to a few percent; rounds of a fraction of a second can.
 *
 * <pre>mvn -q -pl benchmarks -am package -DskipTests
 * java --add-modules jdk.incubator.vector -Dechollama.shared=../shared \
 *      -cp benchmarks/target/benchmarks.jar dev.echollama.benchmarks.YoloxShare [rounds [threads]]</pre>
 *
 * <p>{@code threads} (default 0: ONNX Runtime's default, one per core) holds both sessions and both letterboxes to
 * that many threads, as {@code ProviderConfig.threads} does; with {@code taskset} it makes a large host stand in
 * for a small device.
 */
public final class YoloxShare {
    private static final int CALLS = 15;
    private static final int SIZE = YoloxBenchmark.SIZE;
    /** Keeps the floor's reads from being optimised away. */
    private static final LongAdder SINK = new LongAdder();

    private YoloxShare() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        Path models = YoloxBenchmark.models();
        Path file = YoloxBenchmark.modelFile(models);
        ProviderConfig config = ProviderConfig.builder().model(YoloxDetectorProvider.MODEL_ID, file)
                .threads(threads).build();
        ImagePreprocessor preprocessor = YoloxBenchmark.letterbox()
                .interpolation(ImagePreprocessor.Interpolation.OPENCV_LINEAR).build().withThreads(threads);
        FloatBuffer buffer = YoloxBenchmark.directFloats(3 * SIZE * SIZE);
        System.out.printf("%d processors, threads=%d (0 = default), %s%n", Runtime.getRuntime().availableProcessors(),
                threads, System.getProperty("java.vm.version"));
        System.out.printf("%-8s %9s %9s %9s %10s %10s %12s %9s %11s %20s%n", "image", "infer ms", "detect ms",
                "pre ms", "pre/infer", "in-loop ms", "in-loop/inf", "floor ms", "floor/inf", "(detect-infer)/infer");
        try (Detector detector = new YoloxDetectorProvider().create(config);
             OnnxModel model = OnnxModel.open(file, YoloxBenchmark.detectorSession(config));
             OnnxTensor input = YoloxBenchmark.randomInput();
             OnnxTensor output = YoloxBenchmark.pinnedOutput()) {
            Map<String, OnnxTensor> in = Map.of(model.inputs().get(0).name(), input);
            Map<String, OnnxTensor> out = Map.of(model.outputs().get(0).name(), output);
            for (String image : new String[] {"dog.jpg", "bus.jpg"}) {
                RgbImage rgb = RgbImage.fromBufferedImage(ImageIO.read(models.resolve("images/" + image).toFile()));
                double[] infer = new double[rounds];
                double[] detect = new double[rounds];
                double[] pre = new double[rounds];
                double[] preShare = new double[rounds];
                double[] share = new double[rounds];
                double[] inLoop = new double[rounds];
                double[] inLoopShare = new double[rounds];
                double[] floor = new double[rounds];
                double[] floorShare = new double[rounds];
                for (int round = -25; round < rounds; round++) { // warm-up: the JIT, and the Vector API switch
                    long t0 = System.nanoTime();
                    for (int i = 0; i < CALLS; i++) {
                        try (OrtSession.Result ignored = model.run(in, out)) {
                            // output pinned
                        }
                    }
                    long t1 = System.nanoTime();
                    for (int i = 0; i < CALLS; i++) {
                        detector.detect(rgb);
                    }
                    long t2 = System.nanoTime();
                    for (int i = 0; i < CALLS; i++) {
                        preprocessor.apply(rgb, n -> buffer);
                    }
                    long t3 = System.nanoTime();
                    long between = 0; // the letterbox right after an inference, as inside detect
                    for (int i = 0; i < CALLS; i++) {
                        try (OrtSession.Result ignored = model.run(in, out)) {
                            // output pinned
                        }
                        long t = System.nanoTime();
                        preprocessor.apply(rgb, n -> buffer);
                        between += System.nanoTime() - t;
                    }
                    long moved = 0; // the bare memory traffic, right after an inference
                    for (int i = 0; i < CALLS; i++) {
                        try (OrtSession.Result ignored = model.run(in, out)) {
                            // output pinned
                        }
                        long t = System.nanoTime();
                        floor(rgb, buffer);
                        moved += System.nanoTime() - t;
                    }
                    if (round >= 0) {
                        infer[round] = (t1 - t0) / 1e6 / CALLS;
                        floor[round] = moved / 1e6 / CALLS;
                        floorShare[round] = floor[round] / infer[round];
                        inLoop[round] = between / 1e6 / CALLS;
                        inLoopShare[round] = inLoop[round] / infer[round];
                        detect[round] = (t2 - t1) / 1e6 / CALLS;
                        pre[round] = (t3 - t2) / 1e6 / CALLS;
                        preShare[round] = pre[round] / infer[round];
                        share[round] = (detect[round] - infer[round]) / infer[round];
                    }
                }
                System.out.printf("%-8s %9.2f %9.2f %9.3f %9.1f%% %10.3f %11.1f%% %9.3f %10.1f%% %19.1f%%   (median of"
                                + " %d rounds of %d calls; quartiles of the last: %.1f%% .. %.1f%%)%n", image,
                        median(infer), median(detect), median(pre), 100 * median(preShare), median(inLoop),
                        100 * median(inLoopShare), median(floor), 100 * median(floorShare), 100 * median(share), rounds,
                        CALLS, 100 * quantile(share, 0.25), 100 * quantile(share, 0.75));
            }
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads every row of the image once (the same memory the letterbox reads) and fills the 416x416x3 tensor with
     * 114, in eight bands claimed by the caller and one common-pool thread: the memory traffic of a letterbox
     * without its arithmetic.
     */
    private static void floor(RgbImage image, FloatBuffer tensor) {
        int bands = 8;
        int rows = image.height();
        int rowBytes = 3 * image.width();
        ByteBuffer pixels = image.pixels();
        float[] fill = new float[SIZE];
        Arrays.fill(fill, 114);
        AtomicInteger next = new AtomicInteger();
        Runnable claim = () -> {
            byte[] row = new byte[rowBytes];
            FloatBuffer t = tensor.duplicate();
            long sum = 0;
            for (int b; (b = next.getAndIncrement()) < bands; ) {
                for (int r = b * rows / bands; r < (b + 1) * rows / bands; r++) {
                    pixels.get(r * rowBytes, row, 0, rowBytes); // absolute: the bands share the buffer
                    sum += row[rowBytes / 2];
                }
                for (int y = b * SIZE / bands; y < (b + 1) * SIZE / bands; y++) {
                    for (int c = 0; c < 3; c++) {
                        t.put(c * SIZE * SIZE + y * SIZE, fill, 0, SIZE);
                    }
                }
            }
            SINK.add(sum);
        };
        ForkJoinTask<?> helper = ForkJoinPool.commonPool().submit(claim);
        claim.run();
        helper.join();
    }

    static double median(double[] v) {
        return quantile(v, 0.5);
    }

    /** The {@code q} quantile of {@code v} (nearest rank), for the rounds' spread. */
    static double quantile(double[] v, double q) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[(int) Math.round(q * (s.length - 1))];
    }
}

package dev.echollama.benchmarks;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.echollama.image.RgbImage;
import dev.echollama.onnx.OnnxModel;
import dev.echollama.onnx.tensor.ImagePreprocessor;
import dev.echollama.spi.ProviderConfig;
import dev.echollama.vision.Detector;
import dev.echollama.vision.internal.Tensors;
import dev.echollama.vision.yolox.YoloxDecodeBenchmark;
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
import java.util.function.IntSupplier;
import javax.imageio.ImageIO;

/**
 * YOLOX-Nano's share of time that is ours, measured so that machine drift cancels. Seven measurements run
 * interleaved in short rounds, per image:
 * <ul>
 *   <li>ONNX Runtime alone, back to back (the inference);
 *   <li>our pre-processing (the letterbox) and our post-processing (decode and NMS of the image's real head
 *       output), each back to back, as JMH times them: the goal, pre plus post at most 5% of the
 *       inference, is their sum;
 *   <li>the whole {@code detect}, so that {@code detect} minus the inference is everything a caller pays besides
 *       ONNX Runtime, inside a loop of {@code detect} calls;
 *   <li>the letterbox right after each of a series of inferences, as inside {@code detect} (caches cold, pool
 *       threads parked), and right after 10 ms of sleep, as the script
 *       {@code benchmarks/python/yolox_reference_preprocess.py} times YOLOX's own OpenCV pre-processing;
 *   <li>also right after each inference, the least any letterbox must do there (the "floor"): read every source
 *       row once and write the whole tensor, on the caller and one pool thread claiming bands, with no
 *       arithmetic.
 * </ul>
 * Each round gives its own ratios, and the median round is reported. On a shared machine whose speed drifts by a
 * third within minutes, separate JMH runs of each cannot be compared to a few percent; rounds of a fraction of a
 * second can.
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
    /** The pause before the letterbox in the "after idle" measurement, as in the reference script. */
    private static final long IDLE_MS = 10;

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
        FloatBuffer buffer = Tensors.directFloats(3 * SIZE * SIZE);
        System.out.printf("%d processors, threads=%d (0 = default), %s%n", Runtime.getRuntime().availableProcessors(),
                threads, System.getProperty("java.vm.version"));
        try (Detector detector = new YoloxDetectorProvider().create(config);
             OnnxModel model = OnnxModel.open(file, YoloxBenchmark.detectorSession(config));
             OnnxTensor input = YoloxBenchmark.randomInput();
             OnnxTensor output = YoloxBenchmark.pinnedOutput()) {
            Map<String, OnnxTensor> in = Map.of(model.inputs().get(0).name(), input);
            Map<String, OnnxTensor> out = Map.of(model.outputs().get(0).name(), output);
            for (String image : new String[] {"dog.jpg", "bus.jpg"}) {
                RgbImage rgb = RgbImage.fromBufferedImage(ImageIO.read(models.resolve("images/" + image).toFile()));
                IntSupplier decoding = YoloxDecodeBenchmark.decodingOf(file, rgb);
                Rounds r = new Rounds(rounds);
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
                    int kept = 0;
                    for (int i = 0; i < CALLS; i++) {
                        kept += decoding.getAsInt();
                    }
                    long t4 = System.nanoTime();
                    SINK.add(kept);
                    long between = 0; // the letterbox right after an inference, as inside detect
                    for (int i = 0; i < CALLS; i++) {
                        try (OrtSession.Result ignored = model.run(in, out)) {
                            // output pinned
                        }
                        long t = System.nanoTime();
                        preprocessor.apply(rgb, n -> buffer);
                        between += System.nanoTime() - t;
                    }
                    long idle = 0; // the letterbox right after 10 ms of sleep, as the reference script times it
                    for (int i = 0; i < CALLS; i++) {
                        Thread.sleep(IDLE_MS);
                        long t = System.nanoTime();
                        preprocessor.apply(rgb, n -> buffer);
                        idle += System.nanoTime() - t;
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
                        r.add(round, (t1 - t0) / 1e6 / CALLS, (t2 - t1) / 1e6 / CALLS, (t3 - t2) / 1e6 / CALLS,
                                (t4 - t3) / 1e6 / CALLS, between / 1e6 / CALLS, idle / 1e6 / CALLS,
                                moved / 1e6 / CALLS);
                    }
                }
                r.print(image);
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

    /** Each round's times in ms, and the median round's shares of the inference. */
    private static final class Rounds {
        final double[] infer;
        final double[] detect;
        final double[] pre;
        final double[] post;
        final double[] afterInference;
        final double[] afterIdle;
        final double[] floor;

        Rounds(int n) {
            infer = new double[n];
            detect = new double[n];
            pre = new double[n];
            post = new double[n];
            afterInference = new double[n];
            afterIdle = new double[n];
            floor = new double[n];
        }

        void add(int round, double infer, double detect, double pre, double post, double afterInference,
                 double afterIdle, double floor) {
            this.infer[round] = infer;
            this.detect[round] = detect;
            this.pre[round] = pre;
            this.post[round] = post;
            this.afterInference[round] = afterInference;
            this.afterIdle[round] = afterIdle;
            this.floor[round] = floor;
        }

        /** Per round, {@code part[round] / infer[round]}. */
        double[] share(double[] part) {
            double[] s = new double[infer.length];
            for (int i = 0; i < s.length; i++) {
                s[i] = part[i] / infer[i];
            }
            return s;
        }

        void print(String image) {
            double[] prePost = new double[infer.length];
            double[] extra = new double[infer.length];
            for (int i = 0; i < infer.length; i++) {
                prePost[i] = pre[i] + post[i];
                extra[i] = detect[i] - infer[i];
            }
            System.out.printf("%s: medians of %d rounds of %d calls; shares of the inference, each round's own%n",
                    image, infer.length, CALLS);
            System.out.printf("  %-62s %8.3f ms%n", "inference alone, back to back", median(infer));
            line("letterbox, back to back", pre);
            line("decode and NMS, back to back", post);
            line("pre + post, back to back: the goal, at most 5%", prePost);
            line("letterbox right after each inference, as inside detect", afterInference);
            line("letterbox right after 10 ms of sleep (the reference script's)", afterIdle);
            line("floor right after each inference: rows read, tensor written", floor);
            double[] s = share(extra);
            System.out.printf("  %-62s %8.3f ms %6.1f%%   (quartiles %.1f%% .. %.1f%%)%n",
                    "detect minus inference, in a loop of detect", median(extra), 100 * median(s),
                    100 * quantile(s, 0.25), 100 * quantile(s, 0.75));
        }

        private void line(String what, double[] ms) {
            System.out.printf("  %-62s %8.3f ms %6.1f%%%n", what, median(ms), 100 * median(share(ms)));
        }
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

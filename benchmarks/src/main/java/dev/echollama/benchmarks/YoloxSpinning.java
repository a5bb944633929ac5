package dev.echollama.benchmarks;

import static dev.echollama.benchmarks.YoloxShare.median;
import static dev.echollama.benchmarks.YoloxShare.quantile;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.sun.management.OperatingSystemMXBean;
import dev.echollama.image.RgbImage;
import dev.echollama.onnx.OnnxModel;
import dev.echollama.onnx.OnnxSessionConfig;
import dev.echollama.spi.ProviderConfig;
import dev.echollama.vision.Detector;
import dev.echollama.vision.yolox.YoloxDetectorProvider;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * YOLOX-Nano's {@code detect} under each ONNX Runtime thread count and {@link OnnxSessionConfig.Spinning} mode
 * asked for, side by side in one JVM: rounds of 15 inference-only calls and 15 {@code detect} calls per setting,
 * interleaved, so that machine drift falls on every setting alike. Reports the median round's times, the share
 * ({@code detect} minus inference, over inference) and the process CPU time per {@code detect} call, which counts
 * every thread, ONNX Runtime's spinning ones included.
 *
 * <pre>mvn -q -pl benchmarks -am package -DskipTests
 * java --add-modules jdk.incubator.vector -Dechollama.shared=../shared \
 *      -cp benchmarks/target/benchmarks.jar dev.echollama.benchmarks.YoloxSpinning \
 *      [rounds [image[,image] [threads:spinning,...]]]</pre>
 *
 * <p>Defaults: 20 rounds, dog.jpg and bus.jpg, {@code 0:linger,0:while-running,0:never} (0 = ONNX Runtime's
 * default thread count).
 */
public final class YoloxSpinning {
    private static final int CALLS = 15;
    private static final int WARM_UP_ROUNDS = 10;

    private YoloxSpinning() {
    }

    private record Setting(String label, ProviderConfig config) {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        String[] images = (args.length > 1 ? args[1] : "dog.jpg,bus.jpg").split(",");
        String[] asked = (args.length > 2 ? args[2] : "0:linger,0:while-running,0:never").split(",");
        Path models = YoloxBenchmark.models();
        Path file = YoloxBenchmark.modelFile(models);
        List<Setting> settings = new ArrayList<>();
        for (String s : asked) {
            String[] parts = s.split(":", 2);
            if (parts.length != 2) {
                throw new IllegalArgumentException("expected threads:spinning, such as 2:linger, got '" + s + "'");
            }
            settings.add(new Setting(s, ProviderConfig.builder().model(YoloxDetectorProvider.MODEL_ID, file)
                    .threads(Integer.parseInt(parts[0])).option(OnnxSessionConfig.SPINNING_OPTION, parts[1]).build()));
        }
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        System.out.printf("%d processors, %s, %d rounds of %d calls%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.version"), rounds, CALLS);
        System.out.printf("%-8s %-18s %9s %10s %22s %16s%n", "image", "threads:spinning", "infer ms", "detect ms",
                "(detect-infer)/infer", "CPU ms/detect");
        int n = settings.size();
        Detector[] detectors = new Detector[n];
        OnnxModel[] sessions = new OnnxModel[n];
        try (OnnxTensor input = YoloxBenchmark.randomInput()) {
            for (int i = 0; i < n; i++) {
                detectors[i] = new YoloxDetectorProvider().create(settings.get(i).config());
                sessions[i] = OnnxModel.open(file, YoloxBenchmark.detectorSession(settings.get(i).config()));
            }
            for (String image : images) {
                RgbImage rgb = RgbImage.fromBufferedImage(ImageIO.read(models.resolve("images/" + image).toFile()));
                double[][] infer = new double[n][rounds];
                double[][] detect = new double[n][rounds];
                double[][] cpu = new double[n][rounds];
                for (int round = -WARM_UP_ROUNDS; round < rounds; round++) {
                    for (int i = 0; i < n; i++) {
                        Map<String, OnnxTensor> in = Map.of(sessions[i].inputs().get(0).name(), input);
                        long t0 = System.nanoTime();
                        for (int k = 0; k < CALLS; k++) {
                            try (OrtSession.Result ignored = sessions[i].run(in)) {
                                // only the time counts
                            }
                        }
                        long t1 = System.nanoTime();
                        long c1 = os.getProcessCpuTime();
                        for (int k = 0; k < CALLS; k++) {
                            detectors[i].detect(rgb);
                        }
                        long t2 = System.nanoTime();
                        long c2 = os.getProcessCpuTime();
                        if (round >= 0) {
                            infer[i][round] = (t1 - t0) / 1e6 / CALLS;
                            detect[i][round] = (t2 - t1) / 1e6 / CALLS;
                            cpu[i][round] = (c2 - c1) / 1e6 / CALLS;
                        }
                    }
                }
                for (int i = 0; i < n; i++) {
                    double[] share = new double[rounds];
                    for (int r = 0; r < rounds; r++) {
                        share[r] = (detect[i][r] - infer[i][r]) / infer[i][r];
                    }
                    System.out.printf("%-8s %-18s %9.2f %10.2f %12.1f%% [%4.1f..%4.1f] %16.1f%n", image,
                            settings.get(i).label(), median(infer[i]), median(detect[i]), 100 * median(share),
                            100 * quantile(share, 0.25), 100 * quantile(share, 0.75), median(cpu[i]));
                }
            }
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        } finally {
            for (int i = 0; i < n; i++) {
                if (detectors[i] != null) {
                    detectors[i].close();
                }
                if (sessions[i] != null) {
                    sessions[i].close();
                }
            }
        }
    }
}

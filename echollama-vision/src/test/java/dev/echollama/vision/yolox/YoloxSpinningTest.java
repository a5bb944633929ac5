package dev.echollama.vision.yolox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.echollama.image.RgbImage;
import dev.echollama.onnx.OnnxSessionConfig;
import dev.echollama.spi.ProviderConfig;
import dev.echollama.testkit.IdleCpu;
import dev.echollama.testkit.SharedModels;
import dev.echollama.vision.Detector;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The detector opens its session so that ONNX Runtime's pool threads stop busy-waiting when a run returns, and
 * the {@value OnnxSessionConfig#SPINNING_OPTION} option overrides that: measured as the process's CPU time over a
 * 50 ms sleep after each {@code detect}, with two intra-op threads.
 */
class YoloxSpinningTest {
    @Test
    void detectLeavesNoPoolThreadSpinningUnlessAskedTo() throws Exception {
        Path model = SharedModels.require("detection/yolox_nano.onnx");
        RgbImage image = YoloxDetectorTest.image("dog.jpg");
        ProviderConfig byDefault = ProviderConfig.builder().model(YoloxDetectorProvider.MODEL_ID, model).threads(2)
                .build();
        ProviderConfig lingering = byDefault.toBuilder().option(OnnxSessionConfig.SPINNING_OPTION, "linger").build();
        long linger = cpuAfterDetects(lingering, image);
        long stopped = cpuAfterDetects(byDefault, image);
        // Ten sleeps of 50 ms: lingering costs well over 50 ms of CPU in all (about 300 ms on the 2-vCPU build
        // machine); the rest is JVM housekeeping.
        assertThat(linger).as("CPU ns after 10 detects, linger").isGreaterThan(50_000_000L);
        assertThat(stopped).as("CPU ns after 10 detects, by default").isLessThan(linger / 4);
    }

    private static long cpuAfterDetects(ProviderConfig config, RgbImage image) throws Exception {
        try (Detector detector = new YoloxDetectorProvider().create(config)) {
            // Six warm-ups resize enough bands to start the pre-processing's JIT warm-up, which is waited for.
            return IdleCpu.afterEach(6, 10, Duration.ofMillis(50),
                    () -> assertThat(detector.detect(image)).isNotEmpty());
        }
    }
}

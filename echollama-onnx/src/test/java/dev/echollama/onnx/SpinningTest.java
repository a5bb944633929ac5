package dev.echollama.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import dev.echollama.onnx.OnnxSessionConfig.Spinning;
import dev.echollama.testkit.IdleCpu;
import dev.echollama.testkit.SharedModels;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link Spinning} reaches ONNX Runtime, and what it changes there: the CPU its threads burn after a run. */
class SpinningTest {
    @Test
    void eachModeSetsTheOnnxRuntimeEntriesThatMeanIt() {
        assertThat(entries(Spinning.WHILE_RUNNING)).containsEntry("session.force_spinning_stop", "1")
                .doesNotContainKey("session.intra_op.allow_spinning");
        assertThat(entries(Spinning.LINGER)).containsEntry("session.force_spinning_stop", "0")
                .doesNotContainKey("session.intra_op.allow_spinning");
        assertThat(entries(Spinning.NEVER)).containsEntry("session.intra_op.allow_spinning", "0")
                .containsEntry("session.inter_op.allow_spinning", "0")
                .doesNotContainKey("session.force_spinning_stop");
    }

    private static Map<String, String> entries(Spinning spinning) {
        try (SessionOptions o = OnnxModel.options(Path.of("any.onnx"),
                OnnxSessionConfig.builder().spinning(spinning).build())) {
            return Map.copyOf(o.getConfigEntries());
        }
    }

    /**
     * Two intra-op threads run YOLOX-Nano; the process's CPU time is read over a 50 ms sleep after each run. When
     * lingering, ONNX Runtime's second thread busy-waits through much of that sleep (about 30 ms per run on the
     * 2-vCPU build machine); stopped at the end of the run, it does not.
     */
    @Test
    void whileRunningLeavesTheCpuIdleAfterARunWhereLingeringBurnsIt() throws Exception {
        Path yolox = SharedModels.require(OnnxModelTest.YOLOX);
        long lingering = cpuAfterRuns(yolox, Spinning.LINGER);
        long stopped = cpuAfterRuns(yolox, Spinning.WHILE_RUNNING);
        // Ten sleeps of 50 ms: lingering costs well over 50 ms of CPU in all; the rest is JVM housekeeping.
        assertThat(lingering).as("CPU ns burnt after 10 runs, lingering").isGreaterThan(50_000_000L);
        assertThat(stopped).as("CPU ns burnt after 10 runs, stopped when the run returns")
                .isLessThan(lingering / 4);
    }

    private static long cpuAfterRuns(Path file, Spinning spinning) throws Exception {
        OnnxSessionConfig config = OnnxSessionConfig.builder().intraOpThreads(2).spinning(spinning).build();
        float[] pixels = new float[3 * 416 * 416];
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextInt(256);
        }
        try (OnnxModel model = OnnxModel.open(file, config);
             OnnxTensor input = OnnxTensor.createTensor(OnnxModel.environment(), FloatBuffer.wrap(pixels),
                     new long[] {1, 3, 416, 416})) {
            Map<String, OnnxTensor> inputs = Map.of(model.inputs().get(0).name(), input);
            return IdleCpu.afterEach(3, 10, Duration.ofMillis(50), () -> {
                try (OrtSession.Result ignored = model.run(inputs)) {
                    // only what follows the run counts
                }
            });
        }
    }
}

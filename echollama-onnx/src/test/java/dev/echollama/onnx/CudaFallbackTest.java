package dev.echollama.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import dev.echollama.spi.Device;
import dev.echollama.testkit.SharedModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/**
 * Asking for CUDA where it cannot be used runs on the CPU and says so in exactly one INFO line. These tests run on
 * the default CPU jar (no CUDA provider compiled in); with the GPU jar on a GPU machine they skip.
 */
class CudaFallbackTest {
    static final String EXPECTED_LINE =
            "CUDA requested but this is the CPU build of ONNX Runtime (add -P ort-gpu); running on CPU";

    static void assumeCpuBuild() {
        Assumptions.assumeFalse(OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA),
                "skipped: this ONNX Runtime build has the CUDA provider");
    }

    @Test
    void theCpuJarReportsOnlyTheCpuProvider() {
        assumeCpuBuild();
        assertThat(OrtEnvironment.getAvailableProviders()).contains(OrtProvider.CPU).doesNotContain(OrtProvider.CUDA);
    }

    @Test
    void cudaOnTheCpuBuildRunsOnCpuAndLogsOneInfoLine() throws Exception {
        assumeCpuBuild();
        RecordingLogger log = new RecordingLogger();
        ExecutionProviders providers = new ExecutionProviders(log);
        OnnxSessionConfig cuda = OnnxSessionConfig.builder().device(Device.cuda(0)).build();
        Path yolox = SharedModels.require(OnnxModelTest.YOLOX);
        try (OnnxModel first = OnnxModel.open(yolox, cuda, providers);
             OnnxModel second = OnnxModel.open(yolox, cuda.withDevice(Device.cuda(1)), providers);
             OnnxTensor images = OnnxModelTest.grey416(OnnxModel.environment());
             OrtSession.Result r = second.run(Map.of("images", images))) {
            assertThat(first.device()).isEqualTo(Device.CPU);
            assertThat(second.device()).isEqualTo(Device.CPU);
            assertThat(first.config().device()).isEqualTo(Device.cuda(0));
            assertThat(((OnnxTensor) r.get(0)).getInfo().getShape()).containsExactly(1, 3549, 85);
        }
        assertThat(log.lines(Level.INFO)).containsExactly(EXPECTED_LINE);
        assertThat(log.lines(Level.DEBUG)).hasSize(1).allMatch(l -> l.contains("cuda:1"));
        assertThat(log.lines(Level.WARN)).isEmpty();
        assertThat(log.lines(Level.ERROR)).isEmpty();
    }

    @Test
    void aCudaRequestNeverFailsOnAnyBuild() throws Exception {
        // Any build, any machine: the GPU jar without CUDA/cuDNN or without a GPU must fall back like the CPU jar.
        RecordingLogger log = new RecordingLogger();
        ExecutionProviders providers = new ExecutionProviders(log);
        try (OnnxModel model = OnnxModel.open(SharedModels.require(OnnxModelTest.YOLOX),
                OnnxSessionConfig.builder().device(Device.cuda(0)).build(), providers);
             OnnxTensor images = OnnxModelTest.grey416(OnnxModel.environment());
             OrtSession.Result r = model.run(Map.of("images", images))) {
            assertThat(((OnnxTensor) r.get(0)).getInfo().getShape()).containsExactly(1, 3549, 85);
            if (model.device().equals(Device.CPU)) {
                assertThat(log.lines(Level.INFO)).singleElement().asString()
                        .startsWith("CUDA requested but ").endsWith("; running on CPU");
            } else {
                assertThat(model.device()).isEqualTo(Device.cuda(0));
                assertThat(log.events).isEmpty();
            }
        }
    }

    @Test
    void thePublicPathLogsExactlyOneLinePerProcess() throws Exception {
        assumeCpuBuild();
        Path yolox = SharedModels.require(OnnxModelTest.YOLOX);
        OnnxSessionConfig cuda = OnnxSessionConfig.builder().device(Device.parse("cuda:0")).build();
        for (int i = 0; i < 3; i++) {
            try (OnnxModel model = OnnxModel.open(yolox, cuda)) {
                assertThat(model.device()).isEqualTo(Device.CPU);
            }
        }
        // simplelogger.properties sends every SLF4J line of this test JVM to this file (truncated at start-up).
        Path logFile = Path.of("target", "echollama-onnx-tests.log");
        assertThat(logFile).exists();
        long lines = Files.readAllLines(logFile).stream().filter(l -> l.contains("CUDA requested")).count();
        assertThat(lines).isEqualTo(1);
        assertThat(Files.readString(logFile)).contains("INFO dev.echollama.onnx.OnnxModel - " + EXPECTED_LINE);
    }
}

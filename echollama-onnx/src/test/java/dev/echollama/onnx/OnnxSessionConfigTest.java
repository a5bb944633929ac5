package dev.echollama.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.echollama.BadInputException;
import dev.echollama.spi.Device;
import dev.echollama.spi.ProviderConfig;
import org.junit.jupiter.api.Test;

class OnnxSessionConfigTest {
    @Test
    void defaultsAreCpuAllOptimisationsArenaSequential() {
        OnnxSessionConfig c = OnnxSessionConfig.defaults();
        assertThat(c.device()).isEqualTo(Device.CPU);
        assertThat(c.intraOpThreads()).isZero();
        assertThat(c.interOpThreads()).isZero();
        assertThat(c.optimization()).isEqualTo(OnnxSessionConfig.OptimizationLevel.ALL);
        assertThat(c.memoryArena()).isTrue();
        assertThat(c.executionMode()).isEqualTo(OnnxSessionConfig.ExecutionMode.SEQUENTIAL);
    }

    @Test
    void buildNamesEveryWrongValue() {
        assertThatThrownBy(() -> OnnxSessionConfig.builder().device(null).intraOpThreads(-1).interOpThreads(5000)
                .optimization(null).executionMode(null).build())
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("device is null")
                .hasMessageContaining("intraOpThreads must be 0 (default) to 1024, got -1")
                .hasMessageContaining("interOpThreads must be 0 (default) to 1024, got 5000")
                .hasMessageContaining("optimization level is null")
                .hasMessageContaining("execution mode is null");
    }

    @Test
    void fromProviderConfigTakesDeviceAndThreads() {
        ProviderConfig pc = ProviderConfig.builder().device(Device.parse("cuda:1")).threads(3).build();
        OnnxSessionConfig c = OnnxSessionConfig.from(pc);
        assertThat(c.device()).isEqualTo(Device.cuda(1));
        assertThat(c.intraOpThreads()).isEqualTo(3);
        assertThat(c.toBuilder().build()).isEqualTo(c);
        assertThat(c.withDevice(Device.CPU).device()).isEqualTo(Device.CPU);
        assertThatThrownBy(() -> OnnxSessionConfig.from(null)).isInstanceOf(BadInputException.class);
    }
}

package dev.echollama.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.echollama.BadInputException;
import dev.echollama.onnx.OnnxSessionConfig.Spinning;
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
        assertThat(c.spinning()).isEqualTo(Spinning.LINGER);
    }

    @Test
    void buildNamesEveryWrongValue() {
        assertThatThrownBy(() -> OnnxSessionConfig.builder().device(null).intraOpThreads(-1).interOpThreads(5000)
                .optimization(null).executionMode(null).spinning(null).build())
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("device is null")
                .hasMessageContaining("intraOpThreads must be 0 (default) to 1024, got -1")
                .hasMessageContaining("interOpThreads must be 0 (default) to 1024, got 5000")
                .hasMessageContaining("optimization level is null")
                .hasMessageContaining("execution mode is null")
                .hasMessageContaining("spinning is null");
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
        assertThat(c.spinning()).isEqualTo(Spinning.LINGER);
    }

    @Test
    void theSpinningOptionOverridesTheProvidersOwnDefault() {
        ProviderConfig unset = ProviderConfig.defaults();
        assertThat(OnnxSessionConfig.from(unset, Spinning.WHILE_RUNNING).spinning()).isEqualTo(Spinning.WHILE_RUNNING);
        ProviderConfig set = ProviderConfig.builder().option(OnnxSessionConfig.SPINNING_OPTION, "never").build();
        assertThat(OnnxSessionConfig.from(set, Spinning.WHILE_RUNNING).spinning()).isEqualTo(Spinning.NEVER);
        assertThatThrownBy(() -> OnnxSessionConfig.from(unset, null))
                .isInstanceOf(BadInputException.class).hasMessageContaining("spinning is null");
    }

    @Test
    void fromProviderConfigReadsTheSpinningOption() {
        assertThat(spinning(" Linger")).isEqualTo(Spinning.LINGER);
        assertThat(spinning("never")).isEqualTo(Spinning.NEVER);
        assertThat(spinning("while-running")).isEqualTo(Spinning.WHILE_RUNNING);
        assertThat(spinning("WHILE_RUNNING")).isEqualTo(Spinning.WHILE_RUNNING);
        OnnxSessionConfig lingering = OnnxSessionConfig.builder().spinning(Spinning.LINGER).build();
        assertThat(lingering.toBuilder().build()).isEqualTo(lingering);
        assertThat(lingering.withDevice(Device.cuda(0)).spinning()).isEqualTo(Spinning.LINGER);
        assertThatThrownBy(() -> spinning("always"))
                .isInstanceOf(BadInputException.class)
                .hasMessage("option onnx.spinning must be while-running, linger or never, got 'always'");
    }

    private static Spinning spinning(String value) {
        return OnnxSessionConfig.from(ProviderConfig.builder().option(OnnxSessionConfig.SPINNING_OPTION, value)
                .build()).spinning();
    }
}

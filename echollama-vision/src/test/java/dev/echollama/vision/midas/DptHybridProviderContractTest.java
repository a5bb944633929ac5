package dev.echollama.vision.midas;

import dev.echollama.spi.ProviderConfig;
import dev.echollama.spi.StageProvider;
import dev.echollama.testkit.contract.ProviderContract;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/** Under a config naming a synthetic DPT-Hybrid export. */
class DptHybridProviderContractTest extends ProviderContract {
    @TempDir
    Path dir;

    @Override
    protected StageProvider<?> provider() {
        return new DptHybridProvider();
    }

    @Override
    protected ProviderConfig config() {
        return DptHybridContractTest.config(dir);
    }

    @Override
    protected List<String> optionKeys() {
        return List.of("dpt-hybrid.variant");
    }
}

package dev.echollama.vision.moondream;

import dev.echollama.spi.ProviderConfig;
import dev.echollama.spi.StageProvider;
import dev.echollama.testkit.contract.ProviderContract;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Under a config naming a synthetic Moondream2 export (written once for the class). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MoondreamCaptionerProviderContractTest extends ProviderContract {
    @TempDir
    Path dir;

    @Override
    protected StageProvider<?> provider() {
        return new MoondreamCaptionerProvider();
    }

    @Override
    protected ProviderConfig config() {
        return MoondreamCaptionerContractTest.config(dir);
    }

    @Override
    protected List<String> optionKeys() {
        return List.of("moondream2.variant", "moondream2.prompt", "moondream2.max-tokens", "moondream2.temperature");
    }
}

package dev.echollama.vision.detr;

import dev.echollama.spi.ProviderConfig;
import dev.echollama.spi.StageProvider;
import dev.echollama.testkit.contract.ProviderContract;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/** Under a config naming a synthetic DETR export. */
class DetrDetectorProviderContractTest extends ProviderContract {
    @TempDir
    Path dir;

    @Override
    protected StageProvider<?> provider() {
        return new DetrDetectorProvider();
    }

    @Override
    protected ProviderConfig config() {
        return DetrDetectorContractTest.config(dir);
    }

    @Override
    protected List<String> optionKeys() {
        return List.of("detr.variant", "detr.score-floor", "detr.threshold");
    }
}

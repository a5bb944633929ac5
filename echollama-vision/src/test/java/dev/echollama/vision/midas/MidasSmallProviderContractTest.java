package dev.echollama.vision.midas;

import dev.echollama.spi.ProviderConfig;
import dev.echollama.spi.StageProvider;
import dev.echollama.testkit.contract.ProviderContract;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/** Under a config naming a synthetic MiDaS v2.1 small file. */
class MidasSmallProviderContractTest extends ProviderContract {
    @TempDir
    Path dir;

    @Override
    protected StageProvider<?> provider() {
        return new MidasSmallProvider();
    }

    @Override
    protected ProviderConfig config() {
        return MidasSmallContractTest.config(dir);
    }

    @Override
    protected List<String> optionKeys() {
        return List.of("midas-small.normalize");
    }
}

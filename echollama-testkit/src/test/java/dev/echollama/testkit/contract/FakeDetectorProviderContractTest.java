package dev.echollama.testkit.contract;

import dev.echollama.spi.StageProvider;
import java.util.List;

/** An available provider passes the provider contract. */
class FakeDetectorProviderContractTest extends ProviderContract {
    @Override
    protected StageProvider<?> provider() {
        return new TestProviders.FakeDetectorProvider();
    }

    @Override
    protected List<String> optionKeys() {
        return List.of("fake-detector.threshold");
    }
}

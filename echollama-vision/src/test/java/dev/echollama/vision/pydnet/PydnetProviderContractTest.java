package dev.echollama.vision.pydnet;

import dev.echollama.spi.ProviderConfig;
import dev.echollama.spi.StageProvider;
import dev.echollama.testkit.SharedModels;
import dev.echollama.testkit.contract.ProviderContract;

/** Under a config naming the real PyDNet++ file (create is skipped, visibly, when ../shared is absent). */
class PydnetProviderContractTest extends ProviderContract {
    @Override
    protected StageProvider<?> provider() {
        return new PydnetProvider();
    }

    @Override
    protected ProviderConfig config() {
        // Not PydnetContractTest.config(): without ../shared the availability checks still run (they must say
        // the model is missing) and only create is skipped.
        return ProviderConfig.builder().model(PydnetProvider.MODEL_ID, SharedModels.path(PydnetContractTest.MODEL))
                .threads(1).build();
    }
}

package dev.echollama.testkit.contract;

import dev.echollama.spi.StageProvider;

/** An unavailable provider passes too: the create check is skipped, with its reason. */
class AbsentDepthProviderContractTest extends ProviderContract {
    @Override
    protected StageProvider<?> provider() {
        return new TestProviders.AbsentDepthProvider();
    }
}

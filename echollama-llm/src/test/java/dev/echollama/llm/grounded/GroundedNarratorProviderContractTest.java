package dev.echollama.llm.grounded;

import dev.echollama.spi.StageProvider;
import dev.echollama.testkit.contract.ProviderContract;
import java.util.List;

class GroundedNarratorProviderContractTest extends ProviderContract {
    @Override
    protected StageProvider<?> provider() {
        return new GroundedNarratorProvider();
    }

    @Override
    protected List<String> optionKeys() {
        return List.of("grounded.directions", "grounded.distance", "grounded.caption");
    }
}

package dev.echollama.vision.caption;

import dev.echollama.spi.StageProvider;
import dev.echollama.testkit.contract.ProviderContract;
import java.util.List;

class GroundedCaptionerProviderContractTest extends ProviderContract {
    @Override
    protected StageProvider<?> provider() {
        return new GroundedCaptionerProvider();
    }

    @Override
    protected List<String> optionKeys() {
        return List.of(GroundedCaptionerProvider.THRESHOLD_OPTION);
    }
}

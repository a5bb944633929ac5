package dev.echollama.asr;

import dev.echollama.spi.StageProvider;
import dev.echollama.testkit.contract.ProviderContract;
import java.util.List;

/** Vosk has no model here: the contract checks naming and that availability never throws, and skips create. */
class VoskProviderContractTest extends ProviderContract {
    @Override
    protected StageProvider<?> provider() {
        return new VoskTranscriberProvider();
    }

    @Override
    protected List<String> optionKeys() {
        return List.of("vosk.model");
    }
}

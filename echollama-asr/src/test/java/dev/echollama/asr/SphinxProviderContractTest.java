package dev.echollama.asr;

import dev.echollama.spi.StageProvider;
import dev.echollama.testkit.contract.ProviderContract;
import java.util.List;

/** The provider contract for the embedded Sphinx recogniser. */
class SphinxProviderContractTest extends ProviderContract {
    @Override
    protected StageProvider<?> provider() {
        return new SphinxTranscriberProvider();
    }

    @Override
    protected List<String> optionKeys() {
        return List.of(SphinxTranscriberProvider.GRAMMAR, SphinxTranscriberProvider.WORDS,
                SphinxTranscriberProvider.BEAM);
    }
}

package dev.echollama.llm.llamacpp;

import dev.echollama.spi.ProviderConfig;
import dev.echollama.spi.StageProvider;
import dev.echollama.testkit.contract.ProviderContract;
import java.util.List;

/** Under a config naming the stories260K GGUF; when ../shared is absent the create check skips as unavailable. */
class LlamaCppProviderContractTest extends ProviderContract {
    @Override
    protected StageProvider<?> provider() {
        return new LlamaCppProvider();
    }

    @Override
    protected ProviderConfig config() {
        return LlamaCppContractTest.config();
    }

    @Override
    protected List<String> optionKeys() {
        return List.of(LlamaCppProvider.MODEL, LlamaCppProvider.MODEL_ID, LlamaCppProvider.GPU_LAYERS,
                LlamaCppProvider.CONTEXT, LlamaCppProvider.DATE);
    }
}

package dev.echollama.tts;

import dev.echollama.spi.StageProvider;
import dev.echollama.testkit.contract.ProviderContract;
import java.util.List;

class FreeTtsSynthesizerProviderContractTest extends ProviderContract {
    @Override
    protected StageProvider<?> provider() {
        return new FreeTtsSynthesizerProvider();
    }

    @Override
    protected List<String> optionKeys() {
        return List.of(FreeTtsSynthesizerProvider.VOICE, FreeTtsSynthesizerProvider.RATE,
                FreeTtsSynthesizerProvider.PITCH, FreeTtsSynthesizerProvider.NORMALIZE);
    }
}

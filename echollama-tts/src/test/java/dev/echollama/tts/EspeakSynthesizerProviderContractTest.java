package dev.echollama.tts;

import dev.echollama.spi.StageProvider;
import dev.echollama.testkit.contract.ProviderContract;
import java.util.List;

class EspeakSynthesizerProviderContractTest extends ProviderContract {
    @Override
    protected StageProvider<?> provider() {
        return new EspeakSynthesizerProvider();
    }

    @Override
    protected List<String> optionKeys() {
        return List.of(EspeakSynthesizerProvider.VOICE, EspeakSynthesizerProvider.RATE,
                EspeakSynthesizerProvider.PITCH, EspeakSynthesizerProvider.TIMEOUT, EspeakSynthesizerProvider.PROGRAM,
                EspeakSynthesizerProvider.NORMALIZE);
    }
}

package dev.echollama.tts;

import dev.echollama.speech.SpeechSynthesizer;
import dev.echollama.spi.ProviderConfig;
import dev.echollama.testkit.contract.SpeechSynthesizerContract;
import java.util.Optional;

/** FreeTTS (embedded kevin16 voice) passes the shared speech-synthesizer contract on two short sentences. */
class FreeTtsSynthesizerContractTest extends SpeechSynthesizerContract {
    @Override
    protected SpeechSynthesizer createStage() {
        return new FreeTtsSynthesizerProvider().create(ProviderConfig.defaults());
    }

    @Override
    protected String validInput() {
        return "A chair on the left. A dog ahead.";
    }

    /** None: any text can be spoken (control characters and symbols are read or skipped, not refused). */
    @Override
    protected Optional<String> invalidInput() {
        return Optional.empty();
    }
}

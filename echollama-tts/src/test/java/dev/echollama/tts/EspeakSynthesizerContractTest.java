package dev.echollama.tts;

import dev.echollama.speech.SpeechSynthesizer;
import dev.echollama.spi.Availability;
import dev.echollama.spi.ProviderConfig;
import dev.echollama.testkit.contract.SpeechSynthesizerContract;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/** espeak-ng (when installed; .ci/run installs it) passes the shared speech-synthesizer contract. */
class EspeakSynthesizerContractTest extends SpeechSynthesizerContract {
    @Override
    protected SpeechSynthesizer createStage() {
        EspeakSynthesizerProvider p = new EspeakSynthesizerProvider();
        Availability a = p.availability(ProviderConfig.defaults());
        Assumptions.assumeTrue(a.available(), () -> "skipped: " + a.reason());
        return p.create(ProviderConfig.defaults());
    }

    @Override
    protected String validInput() {
        return "A chair on the left. A dog ahead.";
    }

    /** None: any text can be spoken (control characters are replaced by spaces, not refused). */
    @Override
    protected Optional<String> invalidInput() {
        return Optional.empty();
    }
}

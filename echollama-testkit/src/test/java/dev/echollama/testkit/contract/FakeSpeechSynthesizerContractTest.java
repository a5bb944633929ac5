package dev.echollama.testkit.contract;

import dev.echollama.speech.SpeechSynthesizer;
import dev.echollama.testkit.fakes.FakeSpeechSynthesizer;
import java.util.Optional;

/** The fake passes its stage contract (so the contract passes a correct stage). */
class FakeSpeechSynthesizerContractTest extends SpeechSynthesizerContract {
    @Override
    protected SpeechSynthesizer createStage() {
        return FakeSpeechSynthesizer.builder().chunkSamples(100).build();
    }

    @Override
    protected String validInput() {
        return "There is a chair on the left.";
    }

    @Override
    protected Optional<String> invalidInput() {
        return Optional.of("x".repeat(FakeSpeechSynthesizer.MAX_CHARS + 1));
    }
}

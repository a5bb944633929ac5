package dev.echollama.testkit.contract;

import dev.echollama.audio.AudioClip;
import dev.echollama.speech.Transcriber;
import dev.echollama.testkit.fakes.FakeTranscriber;
import java.util.Optional;

/** The fake passes its stage contract (so the contract passes a correct stage). */
class FakeTranscriberContractTest extends TranscriberContract {
    @Override
    protected Transcriber createStage() {
        return FakeTranscriber.hearing("where is the door");
    }

    @Override
    protected AudioClip validInput() {
        return Inputs.speech();
    }

    @Override
    protected Optional<AudioClip> invalidInput() {
        return Optional.of(AudioClip.of(new float[10], 1_000));
    }
}

package dev.echollama.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.echollama.audio.AudioClip;
import dev.echollama.speech.Transcriber;
import dev.echollama.speech.Transcript;
import org.junit.jupiter.api.Test;

/**
 * The contract of a {@link Transcriber} (see {@link DetectorContract} for how to extend it); the input is the
 * audio. Besides the shared checks ({@link StageContract}): empty audio and one second of silence give a blank
 * transcript, not an error.
 */
public abstract class TranscriberContract extends StageContract<Transcriber, AudioClip, Transcript> {

    @Override
    protected final Transcript call(Transcriber stage, AudioClip input) {
        return stage.transcribe(input);
    }

    @Test
    public void silenceGivesABlankTranscript() {
        assertThat(timed(sharedStage(), AudioClip.silence(16_000, 0)).text()).as("empty audio").isBlank();
        assertThat(timed(sharedStage(), AudioClip.silence(16_000, 16_000)).text()).as("1 s of silence").isBlank();
    }
}

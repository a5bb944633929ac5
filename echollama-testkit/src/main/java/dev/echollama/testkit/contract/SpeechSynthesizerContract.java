package dev.echollama.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.echollama.audio.AudioClip;
import dev.echollama.speech.SpeechSynthesizer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The contract of a {@link SpeechSynthesizer} (see {@link DetectorContract} for how to extend it); the input is
 * the text. Besides the shared checks ({@link StageContract}): speech is non-empty at {@link
 * SpeechSynthesizer#sampleRate()}, blank text gives an empty clip, and the streamed chunks join to the whole clip
 * (for deterministic engines).
 */
public abstract class SpeechSynthesizerContract extends StageContract<SpeechSynthesizer, String, AudioClip> {

    @Override
    protected final AudioClip call(SpeechSynthesizer stage, String input) {
        return stage.synthesize(input);
    }

    @Test
    public void speechIsAtTheDeclaredRate() {
        SpeechSynthesizer s = sharedStage();
        assertThat(s.sampleRate()).isPositive();
        AudioClip clip = timed(s, validInput());
        assertThat(clip.isEmpty()).as("speech of the valid text is empty").isFalse();
        assertThat(clip.sampleRate()).isEqualTo(s.sampleRate());
    }

    @Test
    public void blankTextGivesAnEmptyClip() {
        assertThat(timed(sharedStage(), "  ").isEmpty()).isTrue();
    }

    @Test
    public void streamedChunksJoinToTheWholeClip() {
        SpeechSynthesizer s = sharedStage();
        List<AudioClip> chunks = new ArrayList<>();
        assertTimeoutPreemptively(callTimeout(), () -> s.synthesize(validInput(), chunks::add));
        assertThat(chunks).as("chunks").isNotEmpty();
        AudioClip joined = AudioClip.concat(s.sampleRate(), chunks);
        if (deterministic()) {
            assertSameResult(timed(s, validInput()), joined);
        } else {
            assertThat(joined.isEmpty()).isFalse();
        }
    }
}

package dev.echollama.tts.orpheus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.echollama.audio.AudioClip;
import dev.echollama.spi.ProviderConfig;
import dev.echollama.speech.SpeechSynthesizer;
import dev.echollama.testkit.contract.SpeechSynthesizerContract;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The testkit's synthesizer contract for the provider on synthetic models ({@link SyntheticOrpheus#LONG_TEXT}:
 * 413 generated tokens, 9 windows per call).
 */
class OrpheusContractTest extends SpeechSynthesizerContract {
    @TempDir
    static Path home;
    private static ProviderConfig config;

    @BeforeAll
    static void install() {
        config = SyntheticOrpheus.installLong(home);
    }

    @Override
    protected SpeechSynthesizer createStage() {
        return new OrpheusSynthesizerProvider().create(config);
    }

    @Override
    protected String validInput() {
        return SyntheticOrpheus.LONG_TEXT;
    }

    @Override
    protected Optional<String> invalidInput() {
        return Optional.empty(); // any text can be spoken (special tokens in it are dropped); null is refused
    }

    @Test
    void theLongPromptGivesTheReferenceAudio() {
        AudioClip clip = sharedStage().synthesize(SyntheticOrpheus.LONG_TEXT);
        assertThat(clip.sampleRate()).isEqualTo(24_000);
        assertThat(clip.length()).isEqualTo(SyntheticOrpheus.LONG_WINDOWS * 2048);
        assertThat(clip.samples()).containsExactly(SyntheticOrpheus.spelledClip(SyntheticOrpheus.LONG_EMITTED_FRAMES));
        OrpheusSynthesizer.Utterance u = ((OrpheusSynthesizer) sharedStage()).speak(SyntheticOrpheus.LONG_TEXT,
                c -> { });
        assertThat(u.promptIds()).hasSize(4039);
        assertThat(u.generatedTokens()).isEqualTo(SyntheticOrpheus.LONG_GENERATED);
        assertThat(u.stopToken()).isEqualTo(128258);
    }
}

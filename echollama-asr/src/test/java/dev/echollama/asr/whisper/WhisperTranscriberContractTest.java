package dev.echollama.asr.whisper;

import dev.echollama.audio.AudioClip;
import dev.echollama.speech.Transcriber;
import dev.echollama.speech.Transcript;
import dev.echollama.testkit.contract.TranscriberContract;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The testkit's transcriber contract on the synthetic Whisper graphs (see {@link WhisperFixture}). */
class WhisperTranscriberContractTest extends TranscriberContract {
    @TempDir
    static Path dir;
    private static Path folder;

    static synchronized Path folder() {
        if (folder == null) {
            folder = WhisperFixture.folder(dir, WhisperFixture.spec(false).build());
        }
        return folder;
    }

    @Override
    protected Transcriber createStage() {
        return WhisperTranscriber.open(folder());
    }

    @Override
    protected AudioClip validInput() {
        return WhisperFixture.noise(2.0, 0.1, 22_050, 11);
    }

    @Override
    protected Optional<AudioClip> invalidInput() {
        return Optional.of(AudioClip.silence(1_000, 1_000)); // 1 kHz cannot hold speech
    }

    @Override
    protected void assertSameResult(Transcript expected, Transcript actual) {
        super.assertSameResult(expected, actual);
        assertThat(actual.text()).isEqualTo(WhisperFixture.SPEECH_TEXT);
    }
}

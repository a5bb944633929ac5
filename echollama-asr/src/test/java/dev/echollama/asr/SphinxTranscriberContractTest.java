package dev.echollama.asr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.echollama.audio.AudioClip;
import dev.echollama.audio.WavFiles;
import dev.echollama.speech.Transcriber;
import dev.echollama.speech.Transcript;
import dev.echollama.spi.ProviderConfig;
import dev.echollama.testkit.SharedModels;
import dev.echollama.testkit.contract.TranscriberContract;
import java.time.Duration;
import java.util.Optional;

/**
 * The testkit's transcriber contract on the embedded Sphinx model, with a short shared espeak-ng utterance. Sphinx
 * accepts any rate and length (it resamples, and silence gives a blank transcript), so there is no invalid clip
 * to refuse; that check is skipped visibly.
 */
class SphinxTranscriberContractTest extends TranscriberContract {

    @Override
    protected Transcriber createStage() {
        return new SphinxTranscriberProvider().create(ProviderConfig.defaults());
    }

    @Override
    protected AudioClip validInput() {
        return WavFiles.read(SharedModels.require("speech/espeak_people_front.wav"));
    }

    @Override
    protected Optional<AudioClip> invalidInput() {
        return Optional.empty();
    }

    @Override
    protected Duration callTimeout() {
        return Duration.ofMinutes(5); // the embedded model is slow to load and decode on a loaded 2-core machine
    }

    @Override
    protected void assertSameResult(Transcript expected, Transcript actual) {
        super.assertSameResult(expected, actual);
        assertThat(actual.text()).isNotBlank();
    }
}

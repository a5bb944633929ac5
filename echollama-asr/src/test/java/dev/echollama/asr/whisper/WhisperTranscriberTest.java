package dev.echollama.asr.whisper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.echollama.BadInputException;
import dev.echollama.ModelCorruptException;
import dev.echollama.ModelMissingException;
import dev.echollama.asr.vad.SileroVad;
import dev.echollama.asr.vad.SpeechSegment;
import dev.echollama.audio.AudioClip;
import dev.echollama.audio.WavFiles;
import dev.echollama.onnx.OnnxSessionConfig;
import dev.echollama.onnx.text.WhisperPrompt;
import dev.echollama.speech.Transcript;
import dev.echollama.testkit.SharedModels;
import dev.echollama.testkit.onnx.WhisperSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whisper on the testkit's synthetic encoder and merged decoder. The decoder plays its token script only while
 * every cache it receives is consistent: the decoder caches must grow by one valid position per step, and the
 * encoder caches must carry the same audio evidence in every layer. Running {@code use_cache_branch = true} first
 * (empty encoder pasts), never switching it on (decoder presents hold one position), dropping, zeroing or
 * recomputing a cache all turn the script into the MISMATCH token; so "Hello world." proves the plumbing.
 */
class WhisperTranscriberTest {
    @TempDir
    Path dir;

    WhisperTranscriber open(WhisperSpec spec) {
        return WhisperTranscriber.open(WhisperFixture.folder(dir, spec));
    }

    @Test
    void multilingualSpeechFollowsTheScript() {
        try (WhisperTranscriber w = open(WhisperFixture.spec(false).build())) {
            assertThat(w.multilingual()).isTrue();
            assertThat(w.prompt()).containsExactly(50_258, 50_259, 50_359, 50_363);
            assertThat(w.variant()).isEqualTo("fp32");
            Transcript t = w.transcribe(WhisperFixture.noise(3.0, 0.1, 16_000, 1));
            assertThat(t.text()).isEqualTo(WhisperFixture.SPEECH_TEXT);
            assertThat(t.segments()).hasSize(1);
            assertThat(t.segments().get(0).startSeconds()).isZero();
            assertThat(t.segments().get(0).endSeconds()).isCloseTo(3.0, within(1e-9));
            // One-hot logits of 30: every chosen token has probability > 1 - 1e-8.
            assertThat(t.confidence().getAsDouble()).isGreaterThan(0.999);
        }
    }

    @Test
    void englishOnlyUsesTheShortPrompt() {
        try (WhisperTranscriber w = open(WhisperFixture.spec(true).build())) {
            assertThat(w.multilingual()).isFalse();
            assertThat(w.prompt()).containsExactly(50_257, 50_362);
            assertThat(w.transcribe(WhisperFixture.noise(2.0, 0.1, 16_000, 2)).text())
                    .isEqualTo(WhisperFixture.SPEECH_TEXT);
        }
    }

    @Test
    void englishOnlyRefusesAnotherLanguage() {
        Path folder = WhisperFixture.folder(dir, WhisperFixture.spec(true).build());
        assertThatThrownBy(() -> WhisperTranscriber.open(folder, WhisperOptions.defaults().withLanguage("de"),
                OnnxSessionConfig.defaults(), null)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("English only");
    }

    @Test
    void languageAndTaskGoIntoTheMultilingualPrompt() {
        Path folder = WhisperFixture.folder(dir, WhisperFixture.spec(false).build());
        WhisperOptions german = WhisperOptions.defaults().withLanguage("de").withTask(WhisperPrompt.Task.TRANSLATE);
        try (WhisperTranscriber w = WhisperTranscriber.open(folder, german, OnnxSessionConfig.defaults(), null)) {
            assertThat(w.prompt()).containsExactly(50_258, 50_261, 50_358, 50_363);
            assertThat(w.transcribe(WhisperFixture.noise(1.0, 0.1, 16_000, 3)).text())
                    .isEqualTo(WhisperFixture.SPEECH_TEXT);
        }
    }

    @Test
    void silenceAndEmptyAudioGiveAnEmptyTranscript() {
        try (WhisperTranscriber w = open(WhisperFixture.spec(false).build())) {
            for (AudioClip silent : List.of(AudioClip.silence(16_000, 0), AudioClip.silence(16_000, 16_000),
                    AudioClip.silence(8_000, 40_000), AudioClip.silence(16_000, 1))) {
                Transcript t = w.transcribe(silent);
                assertThat(t.text()).as("%s", silent).isEmpty();
                assertThat(t.segments()).isEmpty();
                assertThat(t.confidence()).isEmpty();
            }
        }
    }

    @Test
    void beginSuppressionForbidsEndOfTextAsTheFirstTextToken() {
        // A script with no speech tokens says <|endoftext|> right after the prompt. Begin-suppression must forbid
        // it there (at the first *text* token, generation index 3 after the forced ids), so greedy search takes
        // the best remaining token (all tie at 0: id 0, "!") and the script ends on the next step.
        try (WhisperTranscriber w = open(WhisperFixture.spec(false).speechTokens(List.of()).build())) {
            assertThat(w.transcribe(WhisperFixture.noise(1.0, 0.1, 16_000, 4)).text()).isEqualTo("!");
        }
    }

    @Test
    void suppressTokensComeFromGenerationConfig() throws Exception {
        Path folder = WhisperFixture.folder(dir, WhisperFixture.spec(false).build());
        Files.writeString(folder.resolve("generation_config.json"), "{\"suppress_tokens\": [500], "
                + "\"begin_suppress_tokens\": [220, 50257], \"decoder_start_token_id\": 50258, "
                + "\"no_timestamps_token_id\": 50363, \"is_multilingual\": true, \"lang_to_id\": {\"<|en|>\": 50259}}");
        try (WhisperTranscriber w = WhisperTranscriber.open(folder)) {
            // " world" (500) is forbidden: its step falls back to "!" (0).
            assertThat(w.transcribe(WhisperFixture.noise(1.0, 0.1, 16_000, 5)).text()).isEqualTo("Hello!.");
        }
    }

    @Test
    void generationConfigThatContradictsTheLayoutIsRefused() throws Exception {
        Path folder = WhisperFixture.folder(dir, WhisperFixture.spec(false).build());
        Files.writeString(folder.resolve("generation_config.json"), "{\"decoder_start_token_id\": 50257}");
        assertThatThrownBy(() -> WhisperTranscriber.open(folder)).isInstanceOf(ModelCorruptException.class)
                .hasMessageContaining("decoder_start_token_id is 50257, expected 50258");
    }

    @Test
    void aTokenizerOfAnotherLayoutIsRefused() throws Exception {
        // English-only tokenizer next to a multilingual decoder: <|startoftranscript|> is 50257, not 50258.
        Path folder = WhisperFixture.folder(dir, WhisperFixture.spec(false).build());
        Files.writeString(folder.resolve("tokenizer.json"), WhisperFixture.tokenizerJson(false));
        assertThatThrownBy(() -> WhisperTranscriber.open(folder)).isInstanceOf(ModelCorruptException.class)
                .hasMessageContaining("<|startoftranscript|> is 50257, expected 50258");
    }

    @Test
    void anyRateIsResampled() {
        try (WhisperTranscriber w = open(WhisperFixture.spec(false).build())) {
            assertThat(w.transcribe(WhisperFixture.noise(1.5, 0.1, 44_100, 6)).text())
                    .isEqualTo(WhisperFixture.SPEECH_TEXT);
            assertThatThrownBy(() -> w.transcribe(WhisperFixture.noise(1.0, 0.1, 2_000, 7)))
                    .isInstanceOf(BadInputException.class).hasMessageContaining("2000 Hz");
        }
    }

    @Test
    void longAudioIsCutIntoOverlappingWindows() {
        List<WhisperTranscriber.Span> plan = WhisperTranscriber.plan(70 * 16_000, null, 5.0);
        assertThat(plan).containsExactly(new WhisperTranscriber.Span(0, 480_000, false, true),
                new WhisperTranscriber.Span(400_000, 880_000, true, true),
                new WhisperTranscriber.Span(800_000, 1_120_000, true, false));
        assertThat(WhisperTranscriber.plan(480_000, null, 5.0)).containsExactly(
                new WhisperTranscriber.Span(0, 480_000, false, false));
        try (WhisperTranscriber w = open(WhisperFixture.spec(false).build())) {
            // Every window hears "Hello world.": the seams find the repeated words and keep them once.
            Transcript t = w.transcribe(WhisperFixture.noise(70.0, 0.1, 16_000, 8));
            assertThat(t.text()).isEqualTo(WhisperFixture.SPEECH_TEXT);
            assertThat(t.segments()).hasSize(1);
            assertThat(t.segments().get(0).endSeconds()).isCloseTo(27.5, within(1e-9)); // the seam's middle
        }
    }

    @Test
    void vadUtterancesAreGroupedIntoWindowsOfAtMost30s() {
        int n = 100 * 16_000;
        List<SpeechSegment> speech = List.of(new SpeechSegment(1, 5), new SpeechSegment(10, 20),
                new SpeechSegment(28, 33), new SpeechSegment(40, 90), new SpeechSegment(95, 96));
        assertThat(WhisperTranscriber.plan(n, speech, 5.0)).containsExactly(
                new WhisperTranscriber.Span(16_000, 320_000, false, false),       // 1..20 s
                new WhisperTranscriber.Span(448_000, 528_000, false, false),      // 28..33 s
                new WhisperTranscriber.Span(640_000, 1_120_000, false, true),     // 40..90 s cut in windows
                new WhisperTranscriber.Span(1_040_000, 1_440_000, true, false),
                new WhisperTranscriber.Span(1_520_000, 1_536_000, false, false)); // 95..96 s
        assertThat(WhisperTranscriber.plan(n, List.of(), 5.0)).isEmpty();
    }

    @Test
    void withSileroVadSilenceWithHumIsNotTranscribedAndSpeechIsTimedByTheVad() {
        Path vadModel = SharedModels.require("vad/silero_vad_v5.onnx");
        Path folder = WhisperFixture.folder(dir, WhisperFixture.spec(false).build());
        AudioClip speech = WavFiles.read(SharedModels.require("speech/espeak_bus_street.wav"));
        AudioClip hum = hum(2.0);
        AudioClip clip = AudioClip.concat(16_000, List.of(hum, speech, hum));
        try (WhisperTranscriber plain = WhisperTranscriber.open(folder);
             WhisperTranscriber gated = WhisperTranscriber.open(folder, WhisperOptions.defaults(),
                     OnnxSessionConfig.defaults(), SileroVad.open(vadModel))) {
            assertThat(gated.usesVad()).isTrue();
            // The synthetic decoder "hears" any sound, a hum too; the VAD does not call a hum speech.
            assertThat(plain.transcribe(hum(3.0)).text()).isEqualTo(WhisperFixture.SPEECH_TEXT);
            assertThat(gated.transcribe(hum(3.0)).text()).isEmpty();
            Transcript t = gated.transcribe(clip);
            assertThat(t.text()).isEqualTo(WhisperFixture.SPEECH_TEXT);
            assertThat(t.segments()).hasSize(1);
            // espeak_bus_street speaks from 0.01 s to 2.00 s of its file (see SileroVadTest).
            assertThat(t.segments().get(0).startSeconds()).isCloseTo(2.01, within(0.1));
            assertThat(t.segments().get(0).endSeconds()).isCloseTo(4.00, within(0.1));
        }
    }

    /** A 100 Hz mains hum with its third harmonic, at -26 dBFS. */
    static AudioClip hum(double seconds) {
        float[] s = new float[(int) (seconds * 16_000)];
        for (int i = 0; i < s.length; i++) {
            double t = i / 16_000.0;
            s[i] = (float) (0.05 * Math.sin(2 * Math.PI * 100 * t) + 0.02 * Math.sin(2 * Math.PI * 300 * t));
        }
        return AudioClip.of(s, 16_000);
    }

    @Test
    void missingFilesAreNamed() throws Exception {
        Path folder = WhisperFixture.folder(dir, WhisperFixture.spec(false).build());
        Files.delete(folder.resolve("onnx").resolve("decoder_model_merged.onnx"));
        assertThatThrownBy(() -> WhisperTranscriber.open(folder)).isInstanceOf(ModelMissingException.class)
                .hasMessageContaining("decoder_model_merged").hasMessageContaining("echollama models fetch");
        assertThatThrownBy(() -> WhisperTranscriber.open(folder, WhisperOptions.defaults().withVariant("fp16"),
                OnnxSessionConfig.defaults(), null)).isInstanceOf(ModelMissingException.class)
                .hasMessageContaining("_fp16");
    }

    @Test
    void aGraphThatIsNotAWhisperEncoderIsRefused() throws Exception {
        Path vadModel = SharedModels.require("vad/silero_vad_v5.onnx");
        Path folder = WhisperFixture.folder(dir, WhisperFixture.spec(false).build());
        Files.copy(vadModel, folder.resolve("onnx").resolve("encoder_model.onnx"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> WhisperTranscriber.open(folder)).isInstanceOf(ModelCorruptException.class)
                .hasMessageContaining("input_features");
    }

    @Test
    void closeIsIdempotentAndLaterCallsThrow() {
        WhisperTranscriber w = open(WhisperFixture.spec(false).build());
        w.close();
        w.close();
        assertThatThrownBy(() -> w.transcribe(AudioClip.silence(16_000, 10)))
                .isInstanceOf(IllegalStateException.class);
    }
}

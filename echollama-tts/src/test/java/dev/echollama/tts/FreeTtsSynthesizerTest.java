package dev.echollama.tts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.echollama.BadInputException;
import dev.echollama.audio.AudioClip;
import dev.echollama.speech.SpeechSynthesizer;
import dev.echollama.speech.SpeechSynthesizerProvider;
import dev.echollama.spi.ProviderConfig;
import dev.echollama.spi.Providers;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FreeTtsSynthesizerTest {
    private static SpeechSynthesizer tts;

    @BeforeAll
    static void load() {
        tts = new FreeTtsSynthesizerProvider().create(ProviderConfig.defaults());
    }

    @AfterAll
    static void close() {
        tts.close();
    }

    @Test
    void kevin16SpeaksAt16kHz() {
        assertThat(tts.sampleRate()).isEqualTo(16_000);
        AudioClip clip = tts.synthesize("There is a dog next to a bicycle.");
        assertThat(clip.sampleRate()).isEqualTo(16_000);
        // Eight words at FreeTTS's default 150 words per minute is about 3.2 s; allow for its pauses.
        assertThat(clip.durationSeconds()).isBetween(1.2, 5.0);
        assertThat(Signals.rms(clip)).isGreaterThan(0.02);
        float peak = 0;
        for (float s : clip.samples()) {
            peak = Math.max(peak, Math.abs(s));
        }
        assertThat(peak).isLessThanOrEqualTo(1f).isGreaterThan(0.1f);
    }

    @Test
    void longerTextGivesLongerAudio() {
        double one = tts.synthesize("one").durationSeconds();
        double ten = tts.synthesize("one two three four five six seven eight nine ten").durationSeconds();
        assertThat(ten).isGreaterThan(4 * one);
    }

    @Test
    void blankTextGivesAnEmptyClip() {
        assertThat(tts.synthesize("").isEmpty()).isTrue();
        assertThat(tts.synthesize("   \n ").isEmpty()).isTrue();
        assertThatThrownBy(() -> tts.synthesize(null)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("null");
        List<AudioClip> chunks = new ArrayList<>();
        tts.synthesize(" ", chunks::add);
        assertThat(chunks).isEmpty();
    }

    @Test
    void streamsOneChunkPerSentenceAndTheChunksMakeTheWholeClip() {
        String text = "The bus is on the left. Two people walk in front of it! Is the street busy?";
        List<AudioClip> chunks = new ArrayList<>();
        tts.synthesize(text, chunks::add);
        assertThat(chunks).hasSize(3);
        assertThat(chunks).allSatisfy(c -> assertThat(c.durationSeconds()).isGreaterThan(0.4));
        assertThat(AudioClip.concat(16_000, chunks)).isEqualTo(tts.synthesize(text));
    }

    @Test
    void normalisesNumbersAndUnitsBeforeSpeaking() {
        SpeechSynthesizer raw = new FreeTtsSynthesizerProvider().create(ProviderConfig.builder()
                .option(FreeTtsSynthesizerProvider.NORMALIZE, "false").build());
        try (raw) {
            assertThat(tts.synthesize("The door is 3.5 m away."))
                    .isEqualTo(raw.synthesize("The door is three point five metres away."));
        }
    }

    @Test
    void concurrentCallsGiveTheSameAudioAsSerialOnes() throws Exception {
        List<String> texts = List.of("Turn left.", "A chair is in front of you.", "The table is two metres away.",
                "Someone is standing on your right.");
        List<AudioClip> serial = new ArrayList<>();
        for (String t : texts) {
            serial.add(tts.synthesize(t));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 3; round++) {
                List<Future<AudioClip>> futures = new ArrayList<>();
                for (String t : texts) {
                    futures.add(pool.submit(() -> tts.synthesize(t)));
                }
                for (int i = 0; i < texts.size(); i++) {
                    assertThat(futures.get(i).get()).isEqualTo(serial.get(i));
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailingConsumerStopsTheRequestAndTheSynthesizerStillWorks() {
        assertThatThrownBy(() -> tts.synthesize("First sentence. Second sentence.", c -> {
            throw new IllegalArgumentException("listener broke");
        })).isInstanceOf(IllegalArgumentException.class).hasMessage("listener broke");
        assertThat(tts.synthesize("Still here.").durationSeconds()).isGreaterThan(0.3);
    }

    @Test
    void rateAndPitchOptionsChangeTheVoice() {
        try (SpeechSynthesizer fast = new FreeTtsSynthesizerProvider().create(ProviderConfig.builder()
                .option(FreeTtsSynthesizerProvider.RATE, "300").build())) {
            String text = "one two three four five six seven eight nine ten";
            double normal = tts.synthesize(text).durationSeconds();
            double quick = fast.synthesize(text).durationSeconds();
            // Twice the words per minute: roughly half the time (pauses do not all scale).
            assertThat(quick / normal).isBetween(0.4, 0.75);
        }
        assertThatThrownBy(() -> new FreeTtsSynthesizerProvider().create(ProviderConfig.builder()
                .option(FreeTtsSynthesizerProvider.RATE, "5").build()))
                .isInstanceOf(BadInputException.class).hasMessageContaining("freetts.rate");
        assertThatThrownBy(() -> new FreeTtsSynthesizerProvider().create(ProviderConfig.builder()
                .option(FreeTtsSynthesizerProvider.VOICE, "alan").build()))
                .isInstanceOf(BadInputException.class).hasMessageContaining("kevin16");
    }

    @Test
    void theEightKilohertzVoiceReportsItsRate() {
        try (SpeechSynthesizer kevin = new FreeTtsSynthesizerProvider().create(ProviderConfig.builder()
                .option(FreeTtsSynthesizerProvider.VOICE, "kevin").build())) {
            assertThat(kevin.sampleRate()).isEqualTo(8_000);
            assertThat(kevin.synthesize("hello").sampleRate()).isEqualTo(8_000);
        }
    }

    @Test
    void closeIsIdempotentAndLaterCallsFail() {
        SpeechSynthesizer s = new FreeTtsSynthesizerProvider().create(ProviderConfig.defaults());
        s.close();
        s.close();
        assertThatThrownBy(() -> s.synthesize("hello")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> s.synthesize("hello", c -> { })).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void isFoundByServiceLoaderAndIsTheDefault() {
        ProviderConfig config = ProviderConfig.defaults();
        assertThat(Providers.list(SpeechSynthesizerProvider.class, config))
                .extracting(Providers.Status::name).contains("freetts", "espeak-ng");
        SpeechSynthesizerProvider chosen = Providers.select(SpeechSynthesizerProvider.class, null, config);
        assertThat(chosen.name()).isEqualTo("freetts");
        assertThat(chosen.availability(config).available()).isTrue();
    }
}

package dev.echollama.tts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.echollama.BadInputException;
import dev.echollama.InferenceException;
import dev.echollama.ProviderNotFoundException;
import dev.echollama.audio.AudioClip;
import dev.echollama.speech.SpeechSynthesizer;
import dev.echollama.spi.Availability;
import dev.echollama.spi.ProviderConfig;
import dev.echollama.testkit.SharedModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EspeakSynthesizerTest {
    private static final EspeakSynthesizerProvider PROVIDER = new EspeakSynthesizerProvider();
    private static SpeechSynthesizer tts;

    @TempDir
    Path tmp;

    @BeforeAll
    static void load() {
        Availability a = PROVIDER.availability(ProviderConfig.defaults());
        Assumptions.assumeTrue(a.available(), () -> "skipped: " + a.reason());
        tts = PROVIDER.create(ProviderConfig.defaults());
    }

    @AfterAll
    static void close() {
        if (tts != null) {
            tts.close();
        }
    }

    @Test
    void speaksAt22kHz() {
        assertThat(tts.sampleRate()).isEqualTo(22_050);
        AudioClip clip = tts.synthesize("There is a dog next to a bicycle.");
        assertThat(clip.sampleRate()).isEqualTo(22_050);
        assertThat(Signals.rms(clip)).isGreaterThan(0.02);
    }

    /**
     * The shared espeak_*.wav files were made with {@code espeak-ng -v en-us -w tmp.wav "<sentence>"} and resampled
     * by sox, which keeps the duration: ours, through stdin and stdout, must last as long.
     */
    @Test
    void matchesTheDurationOfTheSharedEspeakRecordings() throws IOException {
        Path tsv = SharedModels.require("speech/transcripts.tsv");
        int checked = 0;
        for (String line : Files.readAllLines(tsv)) {
            String[] f = line.split("\t");
            if (f.length != 2 || !f[0].startsWith("espeak_")) {
                continue;
            }
            long bytes = Files.size(tsv.resolveSibling(f[0]));
            double reference = (bytes - 44) / 2.0 / 16_000;
            double ours = tts.synthesize(f[1]).durationSeconds();
            assertThat(ours).as(f[0]).isCloseTo(reference, org.assertj.core.data.Offset.offset(0.01));
            checked++;
        }
        assertThat(checked).isEqualTo(3);
    }

    @Test
    void textStartingWithADashIsSpokenNotTakenAsAnOption() {
        // As an argument, "-q" would silence espeak and "--version" would print text instead of a WAV.
        assertThat(tts.synthesize("-q quiet please").durationSeconds()).isGreaterThan(0.5);
        assertThat(Signals.rms(tts.synthesize("--version"))).isGreaterThan(0.01);
        assertThat(tts.synthesize("-v xx; rm -rf / `true` $(true)").durationSeconds()).isGreaterThan(1.0);
    }

    @Test
    void blankTextGivesAnEmptyClip() {
        assertThat(tts.synthesize("  ").isEmpty()).isTrue();
        assertThat(tts.synthesize("  ").sampleRate()).isEqualTo(22_050);
    }

    @Test
    void nullTextIsRefused() {
        assertThatThrownBy(() -> tts.synthesize(null)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("null");
    }

    @Test
    void streamsOneChunkPerSentence() {
        List<AudioClip> chunks = new ArrayList<>();
        tts.synthesize("The bus is on the left. Dr. Smith is 2 m in front of you! Is it busy?", chunks::add);
        assertThat(chunks).hasSize(3);
        assertThat(chunks).allSatisfy(c -> assertThat(Signals.rms(c)).isGreaterThan(0.01));
    }

    @Test
    void rateOptionChangesTheDuration() {
        String text = "one two three four five six seven eight nine ten";
        try (SpeechSynthesizer fast = PROVIDER.create(ProviderConfig.builder().option(EspeakSynthesizerProvider.RATE,
                "350").option(EspeakSynthesizerProvider.PITCH, "70").option(EspeakSynthesizerProvider.VOICE, "en-gb")
                .build())) {
            double ratio = fast.synthesize(text).durationSeconds() / tts.synthesize(text).durationSeconds();
            assertThat(ratio).isBetween(0.4, 0.7);
        }
    }

    @Test
    void concurrentCallsGiveTheSameAudioAsSerialOnes() throws Exception {
        List<String> texts = List.of("Turn left.", "A chair is in front of you.", "The table is 2 m away.");
        List<AudioClip> serial = new ArrayList<>();
        for (String t : texts) {
            serial.add(tts.synthesize(t));
        }
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<AudioClip>> futures = new ArrayList<>();
            for (String t : texts) {
                futures.add(pool.submit(() -> tts.synthesize(t)));
            }
            for (int i = 0; i < texts.size(); i++) {
                assertThat(futures.get(i).get()).isEqualTo(serial.get(i));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anUnknownVoiceFailsWithEspeaksOwnMessage() {
        assertThatThrownBy(() -> PROVIDER.create(ProviderConfig.builder()
                .option(EspeakSynthesizerProvider.VOICE, "nosuchvoice").build()))
                .isInstanceOf(InferenceException.class)
                .hasMessageContaining("nosuchvoice").hasMessageContaining("voice does not exist");
        assertThatThrownBy(() -> PROVIDER.create(ProviderConfig.builder()
                .option(EspeakSynthesizerProvider.VOICE, "-q").build()))
                .isInstanceOf(BadInputException.class).hasMessageContaining("espeak.voice");
        assertThatThrownBy(() -> PROVIDER.create(ProviderConfig.builder()
                .option(EspeakSynthesizerProvider.PITCH, "100").build()))
                .isInstanceOf(BadInputException.class).hasMessageContaining("espeak.pitch");
    }

    @Test
    void closeIsIdempotentAndLaterCallsFail() {
        SpeechSynthesizer s = PROVIDER.create(ProviderConfig.defaults());
        s.close();
        s.close();
        assertThatThrownBy(() -> s.synthesize("hello")).isInstanceOf(IllegalStateException.class);
    }

    private Path script(String name, String body) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }

    @Test
    void aHangingProgramIsKilledAfterTheTimeout() throws IOException {
        Path hang = script("hang", "exec sleep 30");
        long start = System.nanoTime();
        assertThatThrownBy(() -> PROVIDER.create(ProviderConfig.builder()
                .option(EspeakSynthesizerProvider.PROGRAM, hang.toString())
                .option(EspeakSynthesizerProvider.TIMEOUT, "0.5").build()))
                .isInstanceOf(InferenceException.class).hasMessageContaining("within 500 ms and was killed");
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(10);
    }

    @Test
    void aFailingProgramReportsItsStderrAndStatus() throws IOException {
        Path fail = script("fail", "cat >/dev/null; echo 'something broke' >&2; exit 3");
        assertThatThrownBy(() -> PROVIDER.create(ProviderConfig.builder()
                .option(EspeakSynthesizerProvider.PROGRAM, fail.toString()).build()))
                .isInstanceOf(InferenceException.class)
                .hasMessageContaining("exit status 3").hasMessageContaining("something broke");
        Path garbage = script("garbage", "cat >/dev/null; echo not a wav");
        assertThatThrownBy(() -> PROVIDER.create(ProviderConfig.builder()
                .option(EspeakSynthesizerProvider.PROGRAM, garbage.toString()).build()))
                .isInstanceOf(InferenceException.class).hasMessageContaining("did not write a RIFF/WAVE");
    }

    @Test
    void availabilityNamesTheMissingProgramWithoutThrowing() {
        Availability none = PROVIDER.availability(ProviderConfig.defaults(), tmp.toString());
        assertThat(none.available()).isFalse();
        assertThat(none.reason()).contains("install espeak-ng (apt-get install espeak-ng)");
        assertThat(PROVIDER.availability(ProviderConfig.defaults(), null).available()).isFalse();
        ProviderConfig missing = ProviderConfig.builder()
                .option(EspeakSynthesizerProvider.PROGRAM, tmp.resolve("nope").toString()).build();
        assertThat(PROVIDER.availability(missing).available()).isFalse();
        assertThat(PROVIDER.availability(missing).reason()).contains("not an executable file");
        assertThat(PROVIDER.availability(ProviderConfig.builder()
                .option(EspeakSynthesizerProvider.PROGRAM, "\0bad").build()).available()).isFalse();
        assertThatThrownBy(() -> PROVIDER.create(missing)).isInstanceOf(ProviderNotFoundException.class);
    }
}

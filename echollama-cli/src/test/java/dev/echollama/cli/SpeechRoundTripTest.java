package dev.echollama.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.echollama.asr.WordErrorRate;
import dev.echollama.audio.AudioClip;
import dev.echollama.speech.SpeechSynthesizer;
import dev.echollama.speech.SpeechSynthesizerProvider;
import dev.echollama.speech.Transcriber;
import dev.echollama.speech.TranscriberProvider;
import dev.echollama.spi.ProviderConfig;
import dev.echollama.spi.Providers;
import dev.echollama.testkit.SharedModels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A round trip no single component can fake: a synthesizer speaks the three synthesised sentences of
 * shared/models/speech/transcripts.tsv and the Sphinx recogniser must get them back. Lives here because only the
 * CLI module sees both the tts and the asr modules.
 *
 * <p>Word error rates measured here: FreeTTS kevin16 0.038 (1 of 26 words: "bus" heard as "boss"), espeak-ng
 * 0.769 (20 of 26; Sphinx's en-us acoustic model hears espeak-ng's formant voice badly, and heard exactly what the
 * asr module hears in the shared espeak WAVs). Sphinx decodes the same audio the same way in every JVM, so the
 * FreeTTS bound (a pinned Maven artifact) leaves under one word of room: any regression in FreeTTS, the resampler
 * or the recogniser fails it. The espeak-ng bound leaves about two words, as its audio comes from whichever
 * espeak-ng the machine has installed (1.51 here).
 */
class SpeechRoundTripTest {
    private static final ProviderConfig CONFIG = ProviderConfig.defaults();
    private static Transcriber sphinx;
    private static List<String> sentences;

    @BeforeAll
    static void load() throws IOException {
        List<String> lines = Files.readAllLines(SharedModels.require("speech/transcripts.tsv"), StandardCharsets.UTF_8);
        sentences = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.split("\t");
            if (f.length == 2 && f[0].startsWith("espeak_")) {
                sentences.add(f[1].strip());
            }
        }
        assertThat(sentences).hasSize(3);
        sphinx = Providers.select(TranscriberProvider.class, "sphinx", CONFIG).create(CONFIG);
    }

    @AfterAll
    static void close() {
        if (sphinx != null) {
            sphinx.close();
        }
    }

    @ParameterizedTest(name = "{0} -> sphinx, WER <= {1}")
    @CsvSource({"freetts, 0.06", "espeak-ng, 0.85"})
    void sphinxUnderstandsWhatTheSynthesizerSays(String engine, double maxWer) {
        SpeechSynthesizerProvider p = Providers.load(SpeechSynthesizerProvider.class).stream()
                .filter(x -> x.name().equals(engine)).findFirst().orElseThrow();
        Assumptions.assumeTrue(p.isAvailable(CONFIG), () -> engine + " unavailable: " + p.availability(CONFIG).reason());
        StringBuilder reference = new StringBuilder();
        StringBuilder heard = new StringBuilder();
        try (SpeechSynthesizer tts = p.create(CONFIG)) {
            for (String s : sentences) {
                AudioClip clip = tts.synthesize(s);
                assertThat(clip.durationSeconds()).as("speech for '%s'", s).isBetween(0.5, 10.0);
                String text = sphinx.transcribe(clip).text();
                reference.append(s).append(' ');
                heard.append(text).append(' ');
            }
        }
        double wer = WordErrorRate.compute(reference.toString(), heard.toString());
        System.out.printf("round trip %s: WER %.3f; heard: %s%n", engine, wer, heard);
        assertThat(wer).as("%s heard as: %s", engine, heard).isLessThanOrEqualTo(maxWer);
    }
}

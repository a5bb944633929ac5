package dev.echollama.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The speech recordings in ../shared/models/speech: PROVENANCE.md says 16 kHz, 16-bit, mono, plain 44-byte
 * header, so each holds (size - 44) / 2 samples; Java Sound's reader is the independent check of the values.
 */
class SharedSpeechTest {
    @Test
    void sharedSpeechWavsReadWithTheirDocumentedLength() throws Exception {
        String shared = System.getProperty("echollama.shared");
        Assumptions.assumeTrue(shared != null, "system property echollama.shared is not set; shared models absent");
        Path dir = Path.of(shared, "models", "speech");
        Assumptions.assumeTrue(Files.isDirectory(dir), dir + " is absent; skipping the shared speech check");
        List<Path> wavs;
        try (Stream<Path> s = Files.list(dir)) {
            wavs = s.filter(p -> p.toString().endsWith(".wav")).sorted().toList();
        }
        assertThat(wavs).as("speech WAVs in " + dir).hasSizeGreaterThanOrEqualTo(4);
        for (Path wav : wavs) {
            AudioClip clip = WavFiles.read(wav);
            long expected = (Files.size(wav) - 44) / 2;
            assertThat(clip.sampleRate()).as(wav.toString()).isEqualTo(16000);
            assertThat((long) clip.length()).as(wav.toString()).isEqualTo(expected);
            short[] reference = javaSound(wav);
            assertThat(reference).hasSize(clip.length());
            for (int i = 0; i < reference.length; i++) {
                if (clip.sample(i) != reference[i] / 32768f) {
                    throw new AssertionError(wav + " sample " + i + ": " + clip.sample(i) + " vs Java Sound "
                            + reference[i] / 32768f);
                }
            }
            System.out.printf("%s: %d samples, %.2f s%n", wav.getFileName(), clip.length(), clip.durationSeconds());
        }
    }

    private static short[] javaSound(Path wav) throws Exception {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(wav.toFile())) {
            byte[] b = in.readAllBytes();
            short[] s = new short[b.length / 2];
            ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(s);
            return s;
        } catch (IOException e) {
            throw new AssertionError(wav + " unreadable by Java Sound", e);
        }
    }
}

package dev.echollama.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.echollama.BadInputException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Damaged WAVs: each decode ends quickly in a clip or a BadInputException, never anything else. */
class WavFuzzTest {
    private static final long PER_CASE_MS = 1_000;

    @ParameterizedTest
    @ValueSource(strings = {"pcm16", "float32", "extensible24stereo", "u8odd"})
    void truncationsGiveAClipOrBadInput(String kind) {
        byte[] good = sample(kind);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () ->
                qt().withFixedSeed(kind.hashCode()).withExamples(1000).forAll(integers().between(0, good.length))
                        .checkAssert(n -> decodeOrBadInput(Arrays.copyOf(good, n))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"pcm16", "float32", "extensible24stereo", "u8odd"})
    void headerMutationsGiveAClipOrBadInput(String kind) {
        byte[] good = sample(kind);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () ->
                qt().withFixedSeed(kind.hashCode() * 7L).withExamples(3000).forAll(longs().all())
                        .checkAssert(seed -> {
                            Random r = new Random(seed);
                            byte[] b = good.clone();
                            int headerEnd = Math.min(b.length, 96); // all the chunk headers of these samples
                            for (int k = 1 + r.nextInt(6); k > 0; k--) {
                                int at = r.nextInt(4) == 0 ? r.nextInt(b.length) : r.nextInt(headerEnd);
                                b[at] = r.nextInt(3) == 0 ? (byte) 0xFF : (byte) r.nextInt(256);
                            }
                            decodeOrBadInput(b);
                        }));
    }

    static void decodeOrBadInput(byte[] bytes) {
        long t0 = System.nanoTime();
        try {
            AudioClip clip = WavFiles.decode(bytes);
            assertThat(clip.sampleRate()).isPositive();
        } catch (BadInputException e) {
            assertThat(e.getMessage()).startsWith("WAV data");
        }
        assertThat((System.nanoTime() - t0) / 1_000_000).as("decode ms").isLessThan(PER_CASE_MS);
    }

    static byte[] sample(String kind) {
        AudioClip clip = AudioClip.of(Tones.sine(440, 0.8, 16000, 301), 16000);
        return switch (kind) {
            case "pcm16" -> WavFiles.encode(clip, WavFormat.PCM_16);
            case "float32" -> WavFiles.encode(clip, WavFormat.FLOAT_32);
            case "u8odd" -> WavFiles.encode(clip, WavFormat.PCM_U8);
            case "extensible24stereo" -> new RiffBuilder().chunk("LIST", new byte[7]).fmtExtensible(1, 2, 44100, 24)
                    .chunk("data", Arrays.copyOf(WavFiles.encode(clip, WavFormat.PCM_24), 600)).build();
            default -> throw new IllegalArgumentException(kind);
        };
    }
}

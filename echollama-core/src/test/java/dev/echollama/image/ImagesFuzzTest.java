package dev.echollama.image;

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

/**
 * Damaged files from every format: each decode ends, within a time bound, in either an image or a
 * BadInputException: never another exception, an error, or a hang.
 */
class ImagesFuzzTest {
    private static final long PER_CASE_MS = 2_000;
    private static final int EXAMPLES = 300;

    @ParameterizedTest
    @ValueSource(strings = {"png", "jpeg", "bmp", "gif", "cmyk-ycck.jpg", "o6.jpg"})
    void truncationsDecodeOrAreBadInput(String source) {
        byte[] good = sample(source);
        assertTimeoutPreemptively(Duration.ofSeconds(120), () ->
                qt().withFixedSeed(source.hashCode()).withExamples(EXAMPLES)
                        .forAll(integers().between(0, good.length - 1))
                        .checkAssert(n -> decodeOrBadInput(Arrays.copyOf(good, n))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"png", "jpeg", "bmp", "gif", "cmyk-ycck.jpg", "o6.jpg"})
    void mutationsDecodeOrAreBadInput(String source) {
        byte[] good = sample(source);
        assertTimeoutPreemptively(Duration.ofSeconds(120), () ->
                qt().withFixedSeed(source.hashCode() * 31L).withExamples(EXAMPLES).forAll(longs().all())
                        .checkAssert(seed -> decodeOrBadInput(mutate(good, seed))));
    }

    /** 1 to 8 random bytes changed, half of them within the first 64 bytes where the headers are. */
    static byte[] mutate(byte[] good, long seed) {
        Random r = new Random(seed);
        byte[] b = good.clone();
        for (int k = 1 + r.nextInt(8); k > 0; k--) {
            int at = r.nextBoolean() ? r.nextInt(Math.min(64, b.length)) : r.nextInt(b.length);
            b[at] = r.nextInt(4) == 0 ? (byte) 0xFF : (byte) r.nextInt(256);
        }
        return b;
    }

    static void decodeOrBadInput(byte[] bytes) {
        long t0 = System.nanoTime();
        try {
            RgbImage img = Images.decode(bytes);
            assertThat(img.pixelCount()).isPositive();
        } catch (BadInputException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(ms).as("decode time in ms").isLessThan(PER_CASE_MS);
    }

    static byte[] sample(String source) {
        if (source.contains(".")) {
            return TestImages.resource(source);
        }
        return TestImages.encode(source.equals("gif") ? TestImages.quadrants(40, 30) : TestImages.noise(40, 30, 5),
                source);
    }
}

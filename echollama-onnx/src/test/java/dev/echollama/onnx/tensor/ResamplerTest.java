package dev.echollama.onnx.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The resampler against Pillow 9.4's own output (made offline by make_pil_references.py) and hand values. */
class ResamplerTest {
    static byte[] resource(String name) throws IOException {
        try (InputStream in = ResamplerTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    static int[] unsigned(byte[] b) {
        int[] out = new int[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = b[i] & 0xFF;
        }
        return out;
    }

    @Test
    void matchesPillowBitForBitOnNoiseUpDownAndMixed() throws IOException {
        byte[] src = resource("pil_src_37x23.rgb");
        assertThat(src).hasSize(37 * 23 * 3);
        for (Resampler.Filter filter : Resampler.Filter.values()) {
            for (int[] size : List.of(new int[] {50, 31}, new int[] {16, 11}, new int[] {60, 9},
                    new int[] {37, 40}, new int[] {5, 23})) {
                String name = "pil_" + filter.name().toLowerCase() + "_" + size[0] + "x" + size[1] + ".rgb";
                byte[] expected = resource(name);
                byte[] actual = Resampler.resize(src, 37, 23, size[0], size[1], filter, true);
                assertThat(unsigned(actual)).as(name).containsExactly(unsigned(expected));
            }
        }
    }

    static byte[] grey(int... values) {
        byte[] rgb = new byte[values.length * 3];
        for (int i = 0; i < values.length; i++) {
            rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = (byte) values[i];
        }
        return rgb;
    }

    static int[] red(byte[] rgb) {
        int[] out = new int[rgb.length / 3];
        for (int i = 0; i < out.length; i++) {
            out[i] = rgb[3 * i] & 0xFF;
        }
        return out;
    }

    @Test
    void bicubicUpsamplingOfAStepByHand() {
        // 2 -> 4: output 1 samples at 0.75 (half-pixel centres): weights k(0.25) = 0.8671875 on pixel 0 and
        // k(0.75) = 0.2265625 on pixel 1 (a = -0.5), renormalised: 255 * 0.2265625 / 1.09375 = 52.8 -> 53.
        byte[] out = Resampler.resize(grey(0, 255), 2, 1, 4, 1, Resampler.Filter.BICUBIC, true);
        assertThat(red(out)).containsExactly(0, 53, 202, 255);
    }

    @Test
    void shrinkingIsAntialiasedLikePillowOrNotLikeOpenCv() {
        // 4 -> 2 bilinear. Pillow stretches the triangle to support 2: output 0 (centre 1.0) weighs pixels 0, 1, 2
        // by 0.75, 0.75, 0.25 -> (75 + 50) / 1.75 = 71.4 -> 71; output 1 -> (150 + 150 + 25... ) = 143.
        byte[] src = grey(0, 100, 200, 100);
        assertThat(red(Resampler.resize(src, 4, 1, 2, 1, Resampler.Filter.BILINEAR, true))).containsExactly(71, 143);
        // OpenCV INTER_LINEAR: output 0 samples at 0.5 -> (0 + 100) / 2; output 1 at 2.5 -> (200 + 100) / 2.
        assertThat(red(Resampler.resize(src, 4, 1, 2, 1, Resampler.Filter.BILINEAR, false))).containsExactly(50, 150);
    }

    @Test
    void bicubicOvershootIsClampedAndEqualSizesAreUntouched() {
        // The cubic's negative lobes push outputs next to a spike below 0 (and next to a notch above 255); they
        // must clamp, not wrap around. Expected values printed by Pillow 9.4 for the same calls.
        assertThat(red(Resampler.resize(grey(0, 0, 255, 0, 0), 5, 1, 10, 1, Resampler.Filter.BICUBIC, true)))
                .containsExactly(0, 0, 0, 58, 221, 221, 58, 0, 0, 0);
        assertThat(red(Resampler.resize(grey(255, 255, 0, 255, 255), 5, 1, 10, 1, Resampler.Filter.BICUBIC, true)))
                .containsExactly(255, 255, 255, 197, 34, 34, 197, 255, 255, 255);
        byte[] same = grey(1, 2, 3);
        assertThat(Resampler.resize(same, 3, 1, 3, 1, Resampler.Filter.BICUBIC, true)).isSameAs(same);
    }
}

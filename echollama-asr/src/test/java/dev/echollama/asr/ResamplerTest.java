package dev.echollama.asr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.echollama.audio.AudioClip;
import org.junit.jupiter.api.Test;

/** Compares resampled tones with the same tone computed directly at the new rate. */
class ResamplerTest {

    private static float[] tone(double hz, int rate, int n) {
        float[] s = new float[n];
        for (int i = 0; i < n; i++) {
            s[i] = (float) (0.8 * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return s;
    }

    /** Largest difference from the analytic tone away from the edges (where the filter sees zero padding). */
    private static double maxError(float[] out, double hz, int rate) {
        float[] expected = tone(hz, rate, out.length);
        double max = 0;
        int margin = rate / 20;
        for (int i = margin; i < out.length - margin; i++) {
            max = Math.max(max, Math.abs(out[i] - expected[i]));
        }
        return max;
    }

    @Test
    void downsamplingKeepsInBandTones() {
        assertThat(maxError(Resampler.resample(tone(1000, 44_100, 44_100), 44_100, 16_000), 1000, 16_000))
                .isLessThan(2e-3);
        assertThat(maxError(Resampler.resample(tone(3000, 96_000, 96_000), 96_000, 16_000), 3000, 16_000))
                .isLessThan(2e-3);
        assertThat(maxError(Resampler.resample(tone(440, 22_050, 22_050), 22_050, 16_000), 440, 16_000))
                .isLessThan(2e-3);
        // The pass band ends near 7 kHz (cut-off 7.6 kHz with a finite transition): 6 kHz is still flat,
        // 7 kHz at most 1 dB down.
        assertThat(maxError(Resampler.resample(tone(6000, 48_000, 48_000), 48_000, 16_000), 6000, 16_000))
                .isLessThan(1e-2);
        assertThat(maxError(Resampler.resample(tone(7000, 48_000, 48_000), 48_000, 16_000), 7000, 16_000))
                .isLessThan(0.8 * 0.11);
    }

    @Test
    void upsamplingKeepsTones() {
        assertThat(maxError(Resampler.resample(tone(1000, 16_000, 16_000), 16_000, 48_000), 1000, 48_000))
                .isLessThan(2e-3);
        assertThat(maxError(Resampler.resample(tone(2500, 16_000, 16_000), 16_000, 44_100), 2500, 44_100))
                .isLessThan(2e-3);
    }

    @Test
    void tonesAboveTheNewNyquistAreRemovedNotFoldedBack() {
        // 10 kHz at 48 kHz would alias to 6 kHz at 16 kHz; it must be at least 60 dB down instead.
        float[] out = Resampler.resample(tone(10_000, 48_000, 48_000), 48_000, 16_000);
        double peak = 0;
        for (int i = 800; i < out.length - 800; i++) {
            peak = Math.max(peak, Math.abs(out[i]));
        }
        assertThat(peak).isLessThan(0.8e-3);
    }

    @Test
    void constantLevelAndLengthArePreserved() {
        float[] dc = new float[48_000];
        java.util.Arrays.fill(dc, 0.5f);
        float[] out = Resampler.resample(dc, 48_000, 16_000);
        assertThat(out).hasSize(16_000);
        for (int i = 100; i < out.length - 100; i++) {
            assertThat(out[i]).isCloseTo(0.5f, org.assertj.core.data.Offset.offset(1e-5f));
        }
        assertThat(Resampler.resample(new float[1], 96_000, 16_000)).isEmpty();
        assertThat(Resampler.resample(new float[0], 8_000, 16_000)).isEmpty();
        assertThat(Resampler.resample(new float[7], 8_000, 16_000)).hasSize(14);
    }

    @Test
    void sameRateReturnsTheSameClip() {
        AudioClip clip = AudioClip.of(new float[] {0.1f, 0.2f}, 16_000);
        assertThat(Resampler.resample(clip, 16_000)).isSameAs(clip);
    }
}

package dev.echollama.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.echollama.BadInputException;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The resampler against ideal signals computed independently: a sine keeps its frequency, amplitude and timing;
 * tones the target rate cannot hold are removed rather than folded back. Figures are printed for the report.
 */
class ResamplerTest {
    private static final double AMPLITUDE = 0.5;

    @ParameterizedTest
    @CsvSource({"44100, 16000", "16000, 48000", "48000, 8000", "22050, 16000", "24000, 16000", "8000, 44100",
        "16000, 16001"})
    void oneKilohertzKeepsFrequencyAmplitudeAndTiming(int from, int to) {
        float[] in = Tones.sine(1000, AMPLITUDE, from, from); // one second
        float[] out = Resampler.of(from, to).resample(in);
        assertThat(out.length).isEqualTo((int) Math.ceil(from * (double) to / from));
        // Measure away from the ends, where the zero signal outside the clip leaks in.
        int a = to / 10;
        int b = to - to / 10;
        double hz = Tones.zeroCrossingHz(out, a, b, to);
        double amp = Tones.amplitudeAt(out, a, (to * 8 / 10) / (to / 1000) * (to / 1000), 1000, to);
        double dev = Tones.maxDeviation(out, a, b, 1000, AMPLITUDE, to);
        System.out.printf(Locale.ROOT, "resample %d->%d: 1 kHz measured %.4f Hz (%.2g rel), amplitude %.5f"
                + " (%.3g%% off), max deviation from ideal %.2e (%.1f dB re amplitude)%n", from, to, hz,
                (hz - 1000) / 1000, amp, 100 * (amp - AMPLITUDE) / AMPLITUDE, dev, 20 * Math.log10(dev / AMPLITUDE));
        assertThat(Math.abs(hz - 1000) / 1000).as("relative frequency error").isLessThan(1e-4);
        assertThat(Math.abs(amp - AMPLITUDE) / AMPLITUDE).as("relative amplitude error").isLessThan(0.01);
        assertThat(dev).as("max deviation from the ideal sine").isLessThan(1e-3);
    }

    @ParameterizedTest
    @CsvSource({"44100, 16000, 8800", "44100, 16000, 20000", "48000, 8000, 4400", "48000, 8000, 9000",
        "22050, 16000, 8800", "24000, 16000, 8800", "24000, 16000, 11500", "16000, 8000, 4100"})
    void tonesAboveTheTargetNyquistAreRemoved(int from, int to, double hz) {
        float[] in = Tones.sine(hz, AMPLITUDE, from, from);
        float[] out = Resampler.of(from, to).resample(in);
        double inRms = Tones.rms(in, from / 10, from - from / 10);
        double outRms = Tones.rms(out, to / 10, to - to / 10);
        double db = 20 * Math.log10(outRms / inRms);
        System.out.printf(Locale.ROOT, "resample %d->%d: %.0f Hz tone (target Nyquist %d) attenuated %.1f dB%n",
                from, to, hz, to / 2, db);
        assertThat(db).as("attenuation in dB (brief: 40; design: 80)").isLessThan(-80);
    }

    /** Upsampling must not create images: a 7 kHz tone at 16 kHz has its first image at 9 kHz. */
    @Test
    void upsamplingLeavesNoImages() {
        float[] in = Tones.sine(7000, AMPLITUDE, 16000, 16000);
        float[] out = Resampler.of(16000, 48000).resample(in);
        int a = 4800;
        int n = 38400; // whole periods of both 7 and 9 kHz at 48 kHz
        double tone = Tones.amplitudeAt(out, a, n, 7000, 48000);
        double image = Tones.amplitudeAt(out, a, n, 9000, 48000);
        double db = 20 * Math.log10(image / AMPLITUDE);
        System.out.printf(Locale.ROOT, "resample 16000->48000: 7 kHz kept at %.4f, 9 kHz image at %.1f dB%n", tone, db);
        assertThat(db).isLessThan(-40);
        assertThat(tone).as("7 kHz is inside the transition band, but mostly kept").isGreaterThan(0.5 * AMPLITUDE);
    }

    @ParameterizedTest
    @CsvSource({"44100, 16000", "48000, 8000", "16000, 22050"})
    void passbandIsFlatToEightyFivePercentOfTheLowerNyquist(int from, int to) {
        int low = Math.min(from, to);
        Resampler r = Resampler.of(from, to);
        double worst = 0;
        for (double f = 100; f <= 0.85 * low / 2; f += low / 40.0) {
            float[] out = r.resample(Tones.sine(f, AMPLITUDE, from, from));
            double hz = Math.round(f * 10) / 10.0;
            // Least-squares amplitude over the middle: DFT over an integer number of periods is not always
            // possible here, so use RMS × √2, which a pure sine satisfies exactly over long spans.
            double amp = Tones.rms(out, to / 10, to - to / 10) * Math.sqrt(2);
            worst = Math.max(worst, Math.abs(20 * Math.log10(amp / AMPLITUDE)));
            assertThat(Math.abs(20 * Math.log10(amp / AMPLITUDE))).as("gain at %.1f Hz in dB", hz).isLessThan(0.01);
        }
        System.out.printf(Locale.ROOT, "resample %d->%d: passband (to 0.85 x %d Hz) within %.3f dB%n", from, to,
                low / 2, worst);
    }

    @Test
    void constantStaysConstantAndLengthsFollowTheRatio() {
        float[] dc = new float[44100];
        java.util.Arrays.fill(dc, 0.25f);
        float[] out = Resampler.of(44100, 16000).resample(dc);
        assertThat(out).hasSize(16000);
        for (int i = 100; i < 15900; i++) {
            assertThat((double) out[i]).isCloseTo(0.25, org.assertj.core.data.Offset.offset(1e-6));
        }
        assertThat(Resampler.of(16000, 48000).outputLength(3)).isEqualTo(9);
        assertThat(Resampler.of(48000, 16000).outputLength(4)).isEqualTo(2);
        assertThat(Resampler.of(48000, 16000).resample(new float[0])).isEmpty();
    }

    @Test
    void clipsAreConvertedAndCheckedForRate() {
        AudioClip clip = AudioClip.of(Tones.sine(440, 0.5, 22050, 22050), 22050);
        AudioClip at16 = clip.resampled(16000);
        assertThat(at16.sampleRate()).isEqualTo(16000);
        assertThat(at16.length()).isEqualTo(16000);
        assertThat(Resampler.resample(clip, 22050)).isSameAs(clip);
        assertThatThrownBy(() -> Resampler.of(16000, 8000).resample(clip)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("22050 Hz");
        assertThatThrownBy(() -> Resampler.of(500, 8000)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("500 Hz");
        assertThatThrownBy(() -> Resampler.resample(null, 8000)).isInstanceOf(BadInputException.class);
    }
}

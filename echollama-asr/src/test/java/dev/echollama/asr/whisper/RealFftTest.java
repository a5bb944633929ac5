package dev.echollama.asr.whisper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RealFftTest {

    /** Against the textbook O(n²) DFT, on lengths that exercise every radix and their mixes. */
    @ParameterizedTest
    @ValueSource(ints = {4, 6, 8, 10, 12, 16, 18, 30, 50, 64, 96, 100, 200, 400, 450, 512})
    void matchesTheDirectDft(int n) {
        RealFft fft = new RealFft(n);
        Random random = new Random(n);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = random.nextGaussian();
        }
        double[] power = new double[n / 2 + 1];
        fft.powerSpectrum(x, power, new RealFft.Scratch(fft));
        double worst = 0;
        for (int k = 0; k <= n / 2; k++) {
            double re = 0;
            double im = 0;
            for (int j = 0; j < n; j++) {
                double a = -2 * Math.PI * ((long) j * k % n) / n;
                re += x[j] * Math.cos(a);
                im += x[j] * Math.sin(a);
            }
            double expected = re * re + im * im;
            worst = Math.max(worst, Math.abs(power[k] - expected) / Math.max(1, expected));
        }
        assertThat(worst).as("max relative error of |X|² for n=%d", n).isLessThan(1e-10);
    }

    @Test
    void aPureToneLandsInItsBin() {
        RealFft fft = new RealFft(400);
        double[] x = new double[400];
        for (int i = 0; i < 400; i++) {
            x[i] = Math.cos(2 * Math.PI * 25 * i / 400.0); // 1 kHz at 16 kHz
        }
        double[] power = new double[201];
        fft.powerSpectrum(x, power, new RealFft.Scratch(fft));
        assertThat(power[25]).isCloseTo(200.0 * 200.0, org.assertj.core.data.Offset.offset(1e-6));
        for (int k = 0; k < 201; k++) {
            if (k != 25) {
                assertThat(power[k]).as("bin %d", k).isLessThan(1e-16);
            }
        }
    }

    @Test
    void refusesLengthsWithOtherPrimeFactors() {
        assertThatThrownBy(() -> new RealFft(14)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("7");
        assertThatThrownBy(() -> new RealFft(9)).isInstanceOf(IllegalArgumentException.class);
    }
}

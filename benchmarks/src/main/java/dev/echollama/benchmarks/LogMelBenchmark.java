package dev.echollama.benchmarks;

import dev.echollama.asr.whisper.LogMelSpectrogram;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Whisper's log-mel front end on one 30 s window of 16 kHz audio (480 000 samples to 80 x 3000 features):
 * {@link LogMelSpectrogram#compute} (mixed-radix real FFT, sparse Slaney filters) against the power-spectrum step
 * alone done as a direct DFT with precomputed twiddles (201 x 400 multiply-adds per frame), the obvious
 * alternative, as a baseline in the same run.
 *
 * <p>Run: {@code mvn -o -q -pl benchmarks -am package -DskipTests && java -jar benchmarks/target/benchmarks.jar
 * LogMel -f 1 -wi 3 -i 5}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class LogMelBenchmark {
    private static final int N_FFT = 400;
    private static final int HOP = 160;
    private static final int FRAMES = 3000;

    private LogMelSpectrogram frontEnd;
    private float[] audio;
    private double[] cos;
    private double[] sin;
    private double[] window;

    @Setup
    public void setUp() {
        frontEnd = LogMelSpectrogram.of(80);
        audio = new float[LogMelSpectrogram.WINDOW_SAMPLES];
        Random r = new Random(1);
        for (int i = 0; i < audio.length; i++) {
            audio[i] = (float) (0.3 * Math.sin(2 * Math.PI * 220 * i / 16_000.0) + 0.05 * r.nextGaussian());
        }
        cos = new double[201 * N_FFT];
        sin = new double[201 * N_FFT];
        for (int k = 0; k <= 200; k++) {
            for (int n = 0; n < N_FFT; n++) {
                double a = -2 * Math.PI * ((long) k * n % N_FFT) / N_FFT;
                cos[k * N_FFT + n] = Math.cos(a);
                sin[k * N_FFT + n] = Math.sin(a);
            }
        }
        window = new double[N_FFT];
        for (int n = 0; n < N_FFT; n++) {
            window[n] = 0.5 - 0.5 * Math.cos(2 * Math.PI * n / N_FFT);
        }
    }

    /** The whole front end: padding, 3000 FFTs, mel filters, log, clamp, scaling. */
    @Benchmark
    public float[] logMel30s() {
        return frontEnd.compute(audio, 0, audio.length);
    }

    /** Baseline: only the 3000 power spectra, by direct DFT (no padding, no mel, no log). */
    @Benchmark
    public double directDftPowerSpectra30s() {
        double[] frame = new double[N_FFT];
        double checksum = 0;
        for (int t = 0; t < FRAMES; t++) {
            int start = Math.min(t * HOP, audio.length - N_FFT);
            for (int n = 0; n < N_FFT; n++) {
                frame[n] = audio[start + n] * window[n];
            }
            for (int k = 0; k <= 200; k++) {
                double re = 0;
                double im = 0;
                int row = k * N_FFT;
                for (int n = 0; n < N_FFT; n++) {
                    re += frame[n] * cos[row + n];
                    im += frame[n] * sin[row + n];
                }
                checksum += re * re + im * im;
            }
        }
        return checksum;
    }
}

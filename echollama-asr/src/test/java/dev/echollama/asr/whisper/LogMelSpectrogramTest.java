package dev.echollama.asr.whisper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.echollama.BadInputException;
import dev.echollama.audio.AudioClip;
import dev.echollama.audio.WavFiles;
import dev.echollama.testkit.SharedModels;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Checks the front end against values computed independently with numpy from the published algorithm
 * ({@code src/test/python/logmel_reference.py}; the command is in its docstring). The tolerance is
 * {@value #TOLERANCE} absolute on the final {@code (x + 4) / 4} values (4e-5 in log10 power); measured here:
 * about 6e-8, the float32 rounding of the result.
 */
class LogMelSpectrogramTest {
    static final double TOLERANCE = 1e-5;

    /** Frame index -> the reference values of that frame. */
    record Reference(int mels, List<Integer> frames, List<double[]> values) {
    }

    static Reference load(String name) throws IOException {
        try (InputStream in = LogMelSpectrogramTest.class.getResourceAsStream(name)) {
            assertThat(in).as("test resource %s", name).isNotNull();
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<Integer> frames = new ArrayList<>();
            List<double[]> values = new ArrayList<>();
            int mels = -1;
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] parts = line.trim().split(" ");
                frames.add(Integer.parseInt(parts[0]));
                double[] v = Arrays.stream(parts, 1, parts.length).mapToDouble(Double::parseDouble).toArray();
                mels = v.length;
                values.add(v);
            }
            return new Reference(mels, frames, values);
        }
    }

    /** The largest |ours - reference| over every reference value. */
    static double maxError(float[] ours, Reference ref) {
        double worst = 0;
        for (int i = 0; i < ref.frames().size(); i++) {
            int t = ref.frames().get(i);
            double[] v = ref.values().get(i);
            for (int m = 0; m < v.length; m++) {
                worst = Math.max(worst, Math.abs(ours[m * LogMelSpectrogram.FRAMES + t] - v[m]));
            }
        }
        return worst;
    }

    /** The same formula as logmel_reference.py: 0.5 s silence, then a 10 s linear chirp 100 -> 7000 Hz. */
    static float[] chirp() {
        int sr = 16_000;
        float[] out = new float[(int) (10.5 * sr)];
        for (int i = 0; i < 10 * sr; i++) {
            double t = i / (double) sr;
            out[sr / 2 + i] = (float) (0.5 * Math.sin(2 * Math.PI * (100.0 * t + (7000.0 - 100.0) / 20.0 * t * t)));
        }
        return out;
    }

    @Test
    void chirpMatchesNumpyWith80Mels() throws IOException {
        Reference ref = load("logmel_chirp_80.txt");
        float[] ours = LogMelSpectrogram.of(80).compute(chirp(), 0, chirp().length);
        assertThat(ours).hasSize(80 * 3000);
        double err = maxError(ours, ref);
        System.out.printf("log-mel chirp 80 mels: max |java - numpy| = %.3g over %d frames%n", err,
                ref.frames().size());
        assertThat(err).isLessThan(TOLERANCE);
    }

    @Test
    void chirpMatchesNumpyWith128Mels() throws IOException {
        Reference ref = load("logmel_chirp_128.txt");
        assertThat(ref.mels()).isEqualTo(128);
        float[] ours = LogMelSpectrogram.of(128).compute(chirp(), 0, chirp().length);
        double err = maxError(ours, ref);
        System.out.printf("log-mel chirp 128 mels: max |java - numpy| = %.3g%n", err);
        assertThat(err).isLessThan(TOLERANCE);
    }

    @Test
    void audioLongerThan30sIsCutAndReflectedAtTheRightEdgeAsNumpy() throws IOException {
        int n = 32 * 16_000;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            double t = i / 16_000.0;
            x[i] = (float) ((0.3 + 0.2 * Math.sin(2 * Math.PI * 0.1 * t)) * Math.sin(2 * Math.PI * 440.0 * t)
                    + 0.1 * Math.sin(2 * Math.PI * 1234.5 * t + 0.3));
        }
        Reference ref = load("logmel_tones_32s.txt");
        double err = maxError(LogMelSpectrogram.of(80).compute(AudioClip.of(x, 16_000)), ref);
        System.out.printf("log-mel tones 32 s: max |java - numpy| = %.3g%n", err);
        assertThat(err).isLessThan(TOLERANCE);
    }

    @Test
    void sharedSpeechMatchesNumpy() throws IOException {
        AudioClip clip = WavFiles.read(SharedModels.require("speech/sense_and_sensibility_01_austen_64kb-0890.wav"));
        Reference ref = load("logmel_speech_0890.txt");
        float[] ours = LogMelSpectrogram.of(80).compute(clip);
        double err = maxError(ours, ref);
        System.out.printf("log-mel speech 0890: max |java - numpy| = %.3g over %d frames%n", err,
                ref.frames().size());
        assertThat(err).isLessThan(TOLERANCE);
    }

    @Test
    void digitalSilenceIsMinusOnePointFiveEverywhere() {
        float[] ours = LogMelSpectrogram.of(80).compute(AudioClip.silence(16_000, 0));
        for (float v : ours) {
            assertThat(v).isEqualTo(-1.5f);
        }
    }

    @Test
    void audioBeyondThirtySecondsIsCut() {
        float[] chirp = chirp();
        float[] longer = Arrays.copyOf(chirp, 600_000);
        Arrays.fill(longer, 480_000, 600_000, 0.9f);
        LogMelSpectrogram f = LogMelSpectrogram.of(80);
        assertThat(f.compute(longer, 0, longer.length)).isEqualTo(f.compute(Arrays.copyOf(longer, 480_000), 0,
                480_000));
    }

    @Test
    void melFiltersHaveSlaneyAreaNormalisation() {
        // Slaney normalisation scales each triangle to height 2 / (right - left) Hz, so its area in Hz is 1:
        // sum_k w[m][k] * 40 Hz ~= 1 for filters wide enough to be sampled well (above ~1 kHz).
        MelFilterBank bank = LogMelSpectrogram.of(80).filters();
        for (int m = 40; m < 80; m++) {
            double area = 0;
            for (int k = 0; k <= 200; k++) {
                area += bank.weight(m, k) * 40.0;
            }
            assertThat(area).as("area of filter %d", m).isBetween(0.9, 1.1);
        }
        assertThat(MelFilterBank.hzToMel(1000)).isEqualTo(15.0, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(MelFilterBank.melToHz(MelFilterBank.hzToMel(6543.0))).isCloseTo(6543.0,
                org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void refusesOtherRatesAndMelCounts() {
        assertThatThrownBy(() -> LogMelSpectrogram.of(80).compute(AudioClip.silence(8_000, 10)))
                .isInstanceOf(BadInputException.class).hasMessageContaining("8000 Hz");
        assertThatThrownBy(() -> LogMelSpectrogram.of(64)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("64");
        assertThatThrownBy(() -> LogMelSpectrogram.of(80).compute(new float[10], 5, 6))
                .isInstanceOf(BadInputException.class);
    }
}

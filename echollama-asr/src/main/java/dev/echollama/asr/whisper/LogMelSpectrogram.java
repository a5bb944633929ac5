package dev.echollama.asr.whisper;

import dev.echollama.BadInputException;
import dev.echollama.audio.AudioClip;

/**
 * Whisper's log-mel front end (openai/whisper {@code audio.py}; MODELS.md §7.3): one 30 s window of 16 kHz mono
 * audio to the {@code [mels, 3000]} features its encoder takes.
 *
 * <p>The audio is zero-padded at the end or cut to {@value #WINDOW_SAMPLES} samples; framed with a 400-point
 * periodic Hann window every 160 samples, centred (200 samples of reflect padding on each side, as
 * {@code torch.stft(center=True)}); power spectrum; the last of the 3001 frames dropped; Slaney mel filters
 * (Slaney area normalisation, 0 to 8000 Hz); {@code log10(max(x, 1e-10))}; floored at the window's maximum minus
 * 8; then {@code (x + 4) / 4}. Digital silence therefore gives -1.5 everywhere. Arithmetic is in double precision
 * and the result is rounded to float once.
 *
 * <p>Immutable and thread-safe; each call allocates its own work arrays (about 2 MB for 80 mels, plus the 960 kB result).
 */
public final class LogMelSpectrogram {
    /** Input rate in Hz. */
    public static final int SAMPLE_RATE = 16_000;
    /** FFT length and window length in samples (25 ms). */
    public static final int N_FFT = 400;
    /** Hop between frames in samples (10 ms). */
    public static final int HOP_LENGTH = 160;
    /** Samples in one window (30 s). */
    public static final int WINDOW_SAMPLES = 480_000;
    /** Frames in one window. */
    public static final int FRAMES = 3_000;

    private static final double FLOOR = 1e-10;
    private static final double DYNAMIC_RANGE = 8.0;

    private final int mels;
    private final RealFft fft;
    private final MelFilterBank filters;
    private final double[] window;

    private LogMelSpectrogram(int mels) {
        this.mels = mels;
        this.fft = new RealFft(N_FFT);
        this.filters = new MelFilterBank(mels, N_FFT, SAMPLE_RATE, 0.0, SAMPLE_RATE / 2.0);
        this.window = new double[N_FFT];
        for (int n = 0; n < N_FFT; n++) {
            window[n] = 0.5 - 0.5 * Math.cos(2 * Math.PI * n / N_FFT); // periodic: divides by N, not N-1
        }
    }

    /**
     * The front end for {@code mels} mel bins: 80 (every Whisper up to large-v2) or 128 (large-v3).
     *
     * @throws BadInputException for any other count
     */
    public static LogMelSpectrogram of(int mels) {
        if (mels != 80 && mels != 128) {
            throw new BadInputException("Whisper uses 80 or 128 mel bins, got " + mels);
        }
        return new LogMelSpectrogram(mels);
    }

    /** Mel bins per frame. */
    public int mels() {
        return mels;
    }

    /**
     * Features of one window of a 16 kHz clip.
     *
     * @throws BadInputException if the clip is not at 16 kHz (resample it with {@link AudioClip#resampled(int)})
     */
    public float[] compute(AudioClip clip) {
        if (clip == null) {
            throw new BadInputException("audio clip is null");
        }
        if (clip.sampleRate() != SAMPLE_RATE) {
            throw new BadInputException("Whisper features need 16000 Hz audio, got " + clip.sampleRate()
                    + " Hz; resample it first");
        }
        float[] samples = new float[Math.min(clip.length(), WINDOW_SAMPLES)];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = clip.sample(i);
        }
        return compute(samples, 0, samples.length);
    }

    /**
     * Features of {@code samples[offset, offset + length)} (16 kHz; cut to, or zero-padded at the end to, 30 s),
     * as {@code [mels][3000]} flattened row-major: value {@code (m, t)} at {@code m * 3000 + t}, the layout of the
     * encoder's {@code input_features [1, mels, 3000]}.
     */
    public float[] compute(float[] samples, int offset, int length) {
        if (samples == null) {
            throw new BadInputException("samples are null");
        }
        if (offset < 0 || length < 0 || offset > samples.length - length) {
            throw new BadInputException("range [" + offset + ", " + offset + "+" + length + ") is outside "
                    + samples.length + " samples");
        }
        int n = Math.min(length, WINDOW_SAMPLES);
        int pad = N_FFT / 2;
        double[] frame = new double[N_FFT];
        double[] power = new double[fft.bins()];
        double[] mel = new double[mels];
        RealFft.Scratch scratch = new RealFft.Scratch(fft);
        double[] logs = new double[mels * FRAMES];
        double max = Double.NEGATIVE_INFINITY;
        for (int t = 0; t < FRAMES; t++) {
            int start = t * HOP_LENGTH - pad; // in the unpadded window
            if (start >= 0 && start + N_FFT <= n) {
                for (int i = 0; i < N_FFT; i++) {
                    frame[i] = samples[offset + start + i] * window[i];
                }
            } else {
                for (int i = 0; i < N_FFT; i++) {
                    frame[i] = sample(samples, offset, n, start + i) * window[i];
                }
            }
            fft.powerSpectrum(frame, power, scratch);
            filters.apply(power, mel);
            for (int m = 0; m < mels; m++) {
                double v = Math.log10(Math.max(mel[m], FLOOR));
                logs[m * FRAMES + t] = v;
                if (v > max) {
                    max = v;
                }
            }
        }
        double floor = max - DYNAMIC_RANGE;
        float[] out = new float[logs.length];
        for (int i = 0; i < logs.length; i++) {
            out[i] = (float) ((Math.max(logs[i], floor) + 4.0) / 4.0);
        }
        return out;
    }

    /**
     * Sample {@code j} of the window (zero-padded from {@code n} to 30 s) with reflect padding outside it, as
     * {@code numpy.pad(mode="reflect")}: the edge sample is not repeated.
     */
    private static double sample(float[] samples, int offset, int n, int j) {
        if (j < 0) {
            j = -j;
        } else if (j >= WINDOW_SAMPLES) {
            j = 2 * (WINDOW_SAMPLES - 1) - j;
        }
        return j < n ? samples[offset + j] : 0.0;
    }

    MelFilterBank filters() {
        return filters;
    }

    @Override
    public String toString() {
        return "LogMelSpectrogram[" + mels + " mels, 16 kHz, n_fft 400, hop 160, 30 s]";
    }
}

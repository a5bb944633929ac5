package dev.echollama.audio;

import dev.echollama.BadInputException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Band-limited sample-rate conversion between two fixed rates: a polyphase windowed-sinc filter (Kaiser window,
 * β = {@value #BETA}) whose cutoff sits below the lower of the two Nyquist frequencies, so that downsampling does
 * not alias and upsampling does not image.
 *
 * <p>Response, in fractions of the lower Nyquist frequency: flat within ±0.01 dB to {@value #PASS_EDGE}, a
 * transition band up to 1.0, and at least 80 dB attenuation from 1.0 on (the tests measure 88 to 105 dB on tones
 * above the target Nyquist frequency). The filter is zero-phase: output sample
 * {@code n} lies at input time {@code n × from / to}, no delay; the signal is taken as zero outside the clip, so the
 * first and last few milliseconds ({@value #HALF_WIDTH} periods of the lower rate) ramp in and out. Rates whose
 * reduced ratio needs more than {@value #MAX_PHASES} filter phases use the nearest of {@value #MAX_PHASES}
 * (timing error under 1/2048 of an input sample).
 *
 * <p>Immutable and thread-safe; building one computes its filter table (a few thousand to a few hundred
 * thousand coefficients), so keep and reuse it, or use {@link #resample(AudioClip, int)}, which caches.
 */
public final class Resampler {
    /** Lowest and highest rate accepted, in Hz. */
    public static final int MIN_RATE = 1_000;
    public static final int MAX_RATE = 384_000;

    static final double PASS_EDGE = 0.85;
    static final double BETA = 8.0;
    /** Half the filter length in periods of the lower rate: (A − 8) / (2.285 × 2π × 0.075) ≈ 34 for A = 80 dB. */
    static final int HALF_WIDTH = 34;
    static final int MAX_PHASES = 1024;
    private static final int CACHE_LIMIT = 32;
    private static final Map<Long, Resampler> CACHE = new ConcurrentHashMap<>();

    private final int from;
    private final int to;
    private final long up;
    private final long down;
    private final int phases;
    private final boolean exactPhases;
    private final int halfTaps;
    private final int taps;
    private final float[] kernel;

    private Resampler(int from, int to) {
        this.from = from;
        this.to = to;
        long g = gcd(from, to);
        this.up = to / g;
        this.down = from / g;
        this.exactPhases = up <= MAX_PHASES;
        this.phases = exactPhases ? (int) up : MAX_PHASES;
        // Work in input samples; s converts them to periods of the lower rate (s = 1 when upsampling).
        double s = Math.min(1.0, (double) to / from);
        double cutoff = (1.0 + PASS_EDGE) / 2 * 0.5; // cycles per lower-rate sample: the middle of the transition
        this.halfTaps = (int) Math.ceil(HALF_WIDTH / s);
        this.taps = 2 * halfTaps;
        this.kernel = new float[phases * taps];
        double i0Beta = besselI0(BETA);
        for (int p = 0; p < phases; p++) {
            double frac = (double) p / phases;
            double sum = 0;
            double[] row = new double[taps];
            for (int k = 0; k < taps; k++) {
                double d = (k - halfTaps + 1) - frac; // input-sample distance from the output instant
                double u = d * s; // the same in lower-rate periods
                double x = u / HALF_WIDTH;
                if (Math.abs(x) >= 1) {
                    continue;
                }
                double window = besselI0(BETA * Math.sqrt(1 - x * x)) / i0Beta;
                double arg = 2 * cutoff * u;
                double sinc = arg == 0 ? 1 : Math.sin(Math.PI * arg) / (Math.PI * arg);
                row[k] = sinc * window;
                sum += row[k];
            }
            // Unit gain at DC in every phase, whatever the rounding of the table.
            for (int k = 0; k < taps; k++) {
                kernel[p * taps + k] = (float) (row[k] / sum);
            }
        }
    }

    /**
     * A resampler from {@code fromRate} to {@code toRate} Hz.
     *
     * @throws BadInputException if a rate is outside [{@value #MIN_RATE}, {@value #MAX_RATE}]
     */
    public static Resampler of(int fromRate, int toRate) {
        checkRate("source", fromRate);
        checkRate("target", toRate);
        return new Resampler(fromRate, toRate);
    }

    /**
     * {@code clip} at {@code targetRate}: the same clip when the rates already agree, otherwise converted by a
     * resampler kept in a small cache.
     *
     * @throws BadInputException if the clip is null or a rate is out of range
     */
    public static AudioClip resample(AudioClip clip, int targetRate) {
        if (clip == null) {
            throw new BadInputException("audio clip to resample is null");
        }
        if (clip.sampleRate() == targetRate) {
            return clip;
        }
        checkRate("source", clip.sampleRate());
        checkRate("target", targetRate);
        long key = ((long) clip.sampleRate() << 32) | targetRate;
        Resampler r = CACHE.get(key);
        if (r == null) {
            if (CACHE.size() >= CACHE_LIMIT) {
                CACHE.clear(); // rate pairs in one program are few; this only bounds a pathological caller
            }
            r = CACHE.computeIfAbsent(key, k -> new Resampler(clip.sampleRate(), targetRate));
        }
        return r.resample(clip);
    }

    public int fromRate() {
        return from;
    }

    public int toRate() {
        return to;
    }

    /** Output samples for {@code inputLength} input samples: {@code ceil(inputLength × to / from)}. */
    public int outputLength(int inputLength) {
        if (inputLength < 0) {
            throw new BadInputException("input length must not be negative, got " + inputLength);
        }
        long n = (inputLength * up + down - 1) / down;
        if (n > Integer.MAX_VALUE - 8) {
            throw new BadInputException(inputLength + " samples at " + from + " Hz become " + n + " at " + to
                    + " Hz, more than an array holds");
        }
        return (int) n;
    }

    /**
     * Converts a clip recorded at {@link #fromRate()}.
     *
     * @throws BadInputException if the clip is null or has another rate
     */
    public AudioClip resample(AudioClip clip) {
        if (clip == null) {
            throw new BadInputException("audio clip to resample is null");
        }
        if (clip.sampleRate() != from) {
            throw new BadInputException("this resampler converts " + from + " Hz audio to " + to + " Hz; the clip is "
                    + clip.sampleRate() + " Hz");
        }
        float[] in = new float[clip.length()];
        clip.copyTo(in, 0);
        return AudioClip.adopt(resample(in), to);
    }

    /**
     * Converts samples at {@link #fromRate()} into a new array at {@link #toRate()} of
     * {@link #outputLength(int)} samples. The input is only read.
     */
    public float[] resample(float[] input) {
        if (input == null) {
            throw new BadInputException("samples to resample are null");
        }
        int n = input.length;
        float[] out = new float[outputLength(n)];
        for (int i = 0; i < out.length; i++) {
            long num = i * down; // output instant i × from/to, as integer part and remainder over up
            long whole = num / up;
            long rem = num - whole * up;
            int phase;
            if (exactPhases) {
                phase = (int) rem;
            } else {
                phase = (int) ((rem * phases + up / 2) / up);
                if (phase == phases) {
                    phase = 0;
                    whole++;
                }
            }
            long start = whole - halfTaps + 1;
            int row = phase * taps;
            int k0 = (int) Math.max(0, -start);
            int k1 = (int) Math.min(taps, n - start);
            double acc = 0;
            for (int k = k0; k < k1; k++) {
                acc += kernel[row + k] * input[(int) (start + k)];
            }
            out[i] = (float) acc;
        }
        return out;
    }

    @Override
    public String toString() {
        return "Resampler[" + from + " Hz -> " + to + " Hz, " + phases + " phases x " + taps + " taps]";
    }

    private static void checkRate(String which, int rate) {
        if (rate < MIN_RATE || rate > MAX_RATE) {
            throw new BadInputException(which + " sample rate " + rate + " Hz is outside " + MIN_RATE + " to "
                    + MAX_RATE + " Hz");
        }
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    /** Modified Bessel function of the first kind, order 0, by its power series (converges fast for x ≤ 20). */
    static double besselI0(double x) {
        double sum = 1;
        double term = 1;
        double q = x * x / 4;
        for (int k = 1; k < 200; k++) {
            term *= q / ((double) k * k);
            sum += term;
            if (term < 1e-17 * sum) {
                break;
            }
        }
        return sum;
    }
}

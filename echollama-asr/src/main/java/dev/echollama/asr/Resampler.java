package dev.echollama.asr;

import dev.echollama.audio.AudioClip;

/**
 * Band-limited sample-rate conversion by a Kaiser-windowed sinc (16 zero crossings each side, beta 8, cut-off
 * 95% of the lower Nyquist frequency): stop-band attenuation well over 60 dB, so downsampling 44.1 or 96 kHz
 * recordings to 16 kHz does not fold hiss and sibilants back into the speech band as plain decimation would.
 *
 * <p>Private to this module until core has a resampler; stateless and thread-safe.
 */
final class Resampler {
    private static final int ZERO_CROSSINGS = 16;
    private static final double BETA = 8.0;
    private static final double ROLLOFF = 0.95;
    /** Above this many coefficients the filter is computed per output sample instead of tabulated per phase. */
    private static final long MAX_TABLE = 1 << 22;

    private Resampler() {
    }

    /** {@code clip} at {@code rate} Hz; the same clip when it already is. */
    static AudioClip resample(AudioClip clip, int rate) {
        if (rate <= 0) {
            throw new IllegalArgumentException("target rate must be positive, got " + rate);
        }
        int inRate = clip.sampleRate();
        if (inRate == rate) {
            return clip;
        }
        float[] in = new float[clip.length()];
        clip.copyTo(in, 0);
        return AudioClip.of(resample(in, inRate, rate), rate);
    }

    static float[] resample(float[] in, int inRate, int outRate) {
        int g = gcd(inRate, outRate);
        long up = outRate / g;   // output samples per period
        long down = inRate / g;  // input samples per period
        int outLength = (int) ((long) in.length * up / down);
        float[] out = new float[outLength];
        if (outLength == 0) {
            return out;
        }
        // Cut-off in cycles per input sample.
        double fc = 0.5 * Math.min(1.0, (double) outRate / inRate) * ROLLOFF;
        int half = (int) Math.ceil(ZERO_CROSSINGS / (2 * fc));
        int taps = 2 * half;
        double i0Beta = besselI0(BETA);
        boolean tabulate = up * taps <= MAX_TABLE;
        float[][] table = tabulate ? new float[(int) up][] : null;
        for (int n = 0; n < outLength; n++) {
            long position = n * down;           // output n sits at input position / up
            long base = position / up;          // the input sample at or before it
            int phase = (int) (position % up);  // how far past it, in 1/up input samples
            float[] h;
            if (tabulate) {
                h = table[phase];
                if (h == null) {
                    h = table[phase] = kernel(phase / (double) up, fc, half, i0Beta);
                }
            } else {
                h = kernel(phase / (double) up, fc, half, i0Beta);
            }
            double acc = 0;
            long first = base - half + 1;
            for (int k = 0; k < taps; k++) {
                long idx = first + k;
                if (idx >= 0 && idx < in.length) {
                    acc += in[(int) idx] * h[k];
                }
            }
            out[n] = (float) acc;
        }
        return out;
    }

    /**
     * Filter taps for input samples base-half+1 .. base+half when the output lies {@code frac} of a sample past
     * base, normalised to unit gain at DC so that constant signals keep their level.
     */
    private static float[] kernel(double frac, double fc, int half, double i0Beta) {
        float[] h = new float[2 * half];
        double sum = 0;
        double[] raw = new double[2 * half];
        for (int k = 0; k < raw.length; k++) {
            double t = (k - half + 1) - frac; // input sample offset from the output position
            double x = 2 * fc * t;
            double sinc = x == 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
            double r = t / half;
            double window = Math.abs(r) >= 1 ? 0 : besselI0(BETA * Math.sqrt(1 - r * r)) / i0Beta;
            raw[k] = sinc * window;
            sum += raw[k];
        }
        for (int k = 0; k < raw.length; k++) {
            h[k] = (float) (raw[k] / sum);
        }
        return h;
    }

    private static double besselI0(double x) {
        double sum = 1;
        double term = 1;
        double q = x * x / 4;
        for (int k = 1; k < 50; k++) {
            term *= q / ((double) k * k);
            sum += term;
            if (term < sum * 1e-12) {
                break;
            }
        }
        return sum;
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}

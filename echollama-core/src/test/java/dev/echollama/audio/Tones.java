package dev.echollama.audio;

/** Test signals and the measurements the resampler tests make on them. */
final class Tones {
    private Tones() {}

    static float[] sine(double hz, double amplitude, int rate, int n) {
        float[] s = new float[n];
        for (int i = 0; i < n; i++) {
            s[i] = (float) (amplitude * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return s;
    }

    /** Amplitude of the {@code hz} component over {@code [from, from+n)}: 2|X(f)|/n (n must hold whole periods). */
    static double amplitudeAt(float[] x, int from, int n, double hz, int rate) {
        double re = 0;
        double im = 0;
        for (int i = 0; i < n; i++) {
            double ph = 2 * Math.PI * hz * (from + i) / rate;
            re += x[from + i] * Math.cos(ph);
            im -= x[from + i] * Math.sin(ph);
        }
        return 2 * Math.hypot(re, im) / n;
    }

    /** Frequency from upward zero crossings (linearly interpolated) inside {@code [from, to)}. */
    static double zeroCrossingHz(float[] x, int from, int to, int rate) {
        double first = -1;
        double last = -1;
        int count = 0;
        for (int i = from; i + 1 < to; i++) {
            if (x[i] < 0 && x[i + 1] >= 0) {
                double t = i + x[i] / (double) (x[i] - x[i + 1]);
                if (first < 0) {
                    first = t;
                }
                last = t;
                count++;
            }
        }
        return (count - 1) / ((last - first) / rate);
    }

    static double rms(float[] x, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += (double) x[i] * x[i];
        }
        return Math.sqrt(sum / (to - from));
    }

    /** Largest |x[i] − amplitude·sin(2π·hz·i/rate)| over {@code [from, to)}: any delay or distortion shows. */
    static double maxDeviation(float[] x, int from, int to, double hz, double amplitude, int rate) {
        double max = 0;
        for (int i = from; i < to; i++) {
            max = Math.max(max, Math.abs(x[i] - amplitude * Math.sin(2 * Math.PI * hz * i / rate)));
        }
        return max;
    }
}

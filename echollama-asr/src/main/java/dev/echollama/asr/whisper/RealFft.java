package dev.echollama.asr.whisper;

/**
 * Power spectrum of a real frame of even length n: a mixed-radix (2, 3, 4, 5) Stockham FFT of the n/2 complex
 * points {@code z[k] = x[2k] + i x[2k+1]}, then the usual split into the n/2 + 1 bins of the real transform.
 * Any n/2 whose prime factors are 2, 3 and 5 works; Whisper's n = 400 gives 200 = 4·2·5·5.
 *
 * <p>Immutable twiddle tables; {@link #powerSpectrum} needs a caller-owned {@link Scratch} per thread.
 */
final class RealFft {
    private final int n;
    private final int half;
    private final int[] radices;
    /** cos/sin of -2πj/half, j in [0, half). */
    private final double[] cosHalf;
    private final double[] sinHalf;
    /** cos/sin of -2πk/n, k in [0, n/2], for the real split. */
    private final double[] cosFull;
    private final double[] sinFull;

    RealFft(int n) {
        if (n < 4 || n % 2 != 0) {
            throw new IllegalArgumentException("FFT length must be even and >= 4, got " + n);
        }
        this.n = n;
        this.half = n / 2;
        this.radices = factor(half);
        cosHalf = new double[half];
        sinHalf = new double[half];
        for (int j = 0; j < half; j++) {
            double a = -2 * Math.PI * j / half;
            cosHalf[j] = Math.cos(a);
            sinHalf[j] = Math.sin(a);
        }
        cosFull = new double[half + 1];
        sinFull = new double[half + 1];
        for (int k = 0; k <= half; k++) {
            double a = -2 * Math.PI * k / n;
            cosFull[k] = Math.cos(a);
            sinFull[k] = Math.sin(a);
        }
    }

    private static int[] factor(int m) {
        int[] out = new int[32];
        int count = 0;
        int rest = m;
        // Radix 4 first (fewest passes), then 2, 3, 5.
        for (int p : new int[] {4, 2, 3, 5}) {
            while (rest % p == 0) {
                out[count++] = p;
                rest /= p;
            }
        }
        if (rest != 1) {
            throw new IllegalArgumentException("FFT half-length " + m + " has a prime factor other than 2, 3, 5");
        }
        return java.util.Arrays.copyOf(out, count);
    }

    int length() {
        return n;
    }

    /** Number of bins of the real transform: n/2 + 1. */
    int bins() {
        return half + 1;
    }

    /** Per-thread work arrays. */
    static final class Scratch {
        final double[] re;
        final double[] im;
        final double[] re2;
        final double[] im2;

        Scratch(RealFft fft) {
            re = new double[fft.half];
            im = new double[fft.half];
            re2 = new double[fft.half];
            im2 = new double[fft.half];
        }
    }

    /**
     * Writes {@code |X[k]|²}, k in [0, n/2], of the real frame {@code x[0..n)} into {@code power}.
     */
    void powerSpectrum(double[] x, double[] power, Scratch s) {
        double[] re = s.re;
        double[] im = s.im;
        for (int k = 0; k < half; k++) {
            re[k] = x[2 * k];
            im[k] = x[2 * k + 1];
        }
        boolean inFirst = transform(re, im, s.re2, s.im2);
        double[] zr = inFirst ? re : s.re2;
        double[] zi = inFirst ? im : s.im2;
        // X[k] = E[k] + W^k O[k], with E = (Z[k] + conj Z[half-k]) / 2 and O = (Z[k] - conj Z[half-k]) / (2i).
        for (int k = 0; k <= half; k++) {
            int a = k == half ? 0 : k;
            int b = k == 0 ? 0 : half - k;
            double ar = zr[a];
            double ai = zi[a];
            double br = zr[b];
            double bi = -zi[b];
            double er = 0.5 * (ar + br);
            double ei = 0.5 * (ai + bi);
            double dr = ar - br;
            double di = ai - bi;
            double or = 0.5 * di; // (dr + i di) / (2i) = (di - i dr) / 2
            double oi = -0.5 * dr;
            double wr = cosFull[k];
            double wi = sinFull[k];
            double xr = er + wr * or - wi * oi;
            double xi = ei + wr * oi + wi * or;
            power[k] = xr * xr + xi * xi;
        }
    }

    /**
     * In-place-ish Stockham DIF over {@code half} complex points; returns true when the result ended in
     * {@code (re, im)}, false when in {@code (re2, im2)}.
     */
    private boolean transform(double[] re, double[] im, double[] re2, double[] im2) {
        double[] xr = re;
        double[] xi = im;
        double[] yr = re2;
        double[] yi = im2;
        int len = half;
        int stride = 1;
        for (int p : radices) {
            int m = len / p;
            int twStep = half / len; // W_len^j = W_half^(j * half/len)
            switch (p) {
                case 2 -> radix2(xr, xi, yr, yi, m, stride, twStep);
                case 4 -> radix4(xr, xi, yr, yi, m, stride, twStep);
                default -> radixGeneric(p, xr, xi, yr, yi, m, stride, twStep);
            }
            double[] t = xr;
            xr = yr;
            yr = t;
            t = xi;
            xi = yi;
            yi = t;
            len = m;
            stride *= p;
        }
        return xr == re;
    }

    private void radix2(double[] xr, double[] xi, double[] yr, double[] yi, int m, int s, int tw) {
        for (int j = 0; j < m; j++) {
            double wr = cosHalf[j * tw];
            double wi = sinHalf[j * tw];
            for (int q = 0; q < s; q++) {
                int a = q + s * j;
                int b = q + s * (j + m);
                double ar = xr[a];
                double ai = xi[a];
                double br = xr[b];
                double bi = xi[b];
                int o = q + s * (2 * j);
                yr[o] = ar + br;
                yi[o] = ai + bi;
                double dr = ar - br;
                double di = ai - bi;
                yr[o + s] = dr * wr - di * wi;
                yi[o + s] = dr * wi + di * wr;
            }
        }
    }

    private void radix4(double[] xr, double[] xi, double[] yr, double[] yi, int m, int s, int tw) {
        for (int j = 0; j < m; j++) {
            int t1 = j * tw;
            double w1r = cosHalf[t1];
            double w1i = sinHalf[t1];
            double w2r = cosHalf[2 * t1];
            double w2i = sinHalf[2 * t1];
            double w3r = cosHalf[3 * t1];
            double w3i = sinHalf[3 * t1];
            for (int q = 0; q < s; q++) {
                double x0r = xr[q + s * j];
                double x0i = xi[q + s * j];
                double x1r = xr[q + s * (j + m)];
                double x1i = xi[q + s * (j + m)];
                double x2r = xr[q + s * (j + 2 * m)];
                double x2i = xi[q + s * (j + 2 * m)];
                double x3r = xr[q + s * (j + 3 * m)];
                double x3i = xi[q + s * (j + 3 * m)];
                double ar = x0r + x2r;
                double ai = x0i + x2i;
                double br = x0r - x2r;
                double bi = x0i - x2i;
                double cr = x1r + x3r;
                double ci = x1i + x3i;
                double dr = x1r - x3r;
                double di = x1i - x3i;
                // Forward DFT-4: y0 = a + c, y1 = b - i d, y2 = a - c, y3 = b + i d.
                int o = q + s * (4 * j);
                yr[o] = ar + cr;
                yi[o] = ai + ci;
                double y1r = br + di;
                double y1i = bi - dr;
                double y2r = ar - cr;
                double y2i = ai - ci;
                double y3r = br - di;
                double y3i = bi + dr;
                yr[o + s] = y1r * w1r - y1i * w1i;
                yi[o + s] = y1r * w1i + y1i * w1r;
                yr[o + 2 * s] = y2r * w2r - y2i * w2i;
                yi[o + 2 * s] = y2r * w2i + y2i * w2r;
                yr[o + 3 * s] = y3r * w3r - y3i * w3i;
                yi[o + 3 * s] = y3r * w3i + y3i * w3r;
            }
        }
    }

    private void radixGeneric(int p, double[] xr, double[] xi, double[] yr, double[] yi, int m, int s, int tw) {
        int rootStep = half / p; // W_p^k = W_half^(k * half/p)
        double[] ar = new double[p];
        double[] ai = new double[p];
        for (int j = 0; j < m; j++) {
            for (int q = 0; q < s; q++) {
                for (int b = 0; b < p; b++) {
                    ar[b] = xr[q + s * (j + b * m)];
                    ai[b] = xi[q + s * (j + b * m)];
                }
                int o = q + s * (p * j);
                for (int c = 0; c < p; c++) {
                    double sr = 0;
                    double si = 0;
                    for (int b = 0; b < p; b++) {
                        int e = (b * c % p) * rootStep;
                        double wr = cosHalf[e];
                        double wi = sinHalf[e];
                        sr += ar[b] * wr - ai[b] * wi;
                        si += ar[b] * wi + ai[b] * wr;
                    }
                    int t = (j * c * tw) % half;
                    double wr = cosHalf[t];
                    double wi = sinHalf[t];
                    yr[o + s * c] = sr * wr - si * wi;
                    yi[o + s * c] = sr * wi + si * wr;
                }
            }
        }
    }
}

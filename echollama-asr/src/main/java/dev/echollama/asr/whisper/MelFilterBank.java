package dev.echollama.asr.whisper;

/**
 * Triangular mel filters on the Slaney scale with Slaney (area) normalisation, as {@code librosa.filters.mel}
 * builds them by default and Whisper stores them in {@code mel_filters.npz} (MODELS.md §7.3). Each filter is kept
 * as its non-zero run of FFT bins, so applying the bank costs about two multiply-adds per bin.
 *
 * <p>Immutable and thread-safe.
 */
final class MelFilterBank {
    private static final double F_SP = 200.0 / 3;
    private static final double MIN_LOG_HZ = 1000.0;
    private static final double MIN_LOG_MEL = MIN_LOG_HZ / F_SP;
    private static final double LOG_STEP = Math.log(6.4) / 27.0;

    private final int mels;
    private final int[] first;
    private final double[][] weights;

    MelFilterBank(int mels, int nFft, int sampleRate, double fMin, double fMax) {
        this.mels = mels;
        int bins = nFft / 2 + 1;
        double[] fftFreqs = new double[bins];
        for (int k = 0; k < bins; k++) {
            fftFreqs[k] = k * (sampleRate / 2.0) / (bins - 1);
        }
        double lo = hzToMel(fMin);
        double hi = hzToMel(fMax);
        double[] melF = new double[mels + 2];
        for (int i = 0; i < mels + 2; i++) {
            melF[i] = melToHz(lo + (hi - lo) * i / (mels + 1));
        }
        first = new int[mels];
        weights = new double[mels][];
        double[] row = new double[bins];
        for (int m = 0; m < mels; m++) {
            double left = melF[m];
            double centre = melF[m + 1];
            double right = melF[m + 2];
            double enorm = 2.0 / (right - left);
            int start = -1;
            int end = -1;
            for (int k = 0; k < bins; k++) {
                double lower = (fftFreqs[k] - left) / (centre - left);
                double upper = (right - fftFreqs[k]) / (right - centre);
                double w = Math.max(0, Math.min(lower, upper)) * enorm;
                row[k] = w;
                if (w > 0) {
                    if (start < 0) {
                        start = k;
                    }
                    end = k;
                }
            }
            if (start < 0) { // an empty filter (possible with 128 mels and n_fft 400): contributes 0
                first[m] = 0;
                weights[m] = new double[0];
            } else {
                first[m] = start;
                weights[m] = java.util.Arrays.copyOfRange(row, start, end + 1);
            }
        }
    }

    /** Slaney mel scale: linear below 1 kHz (3 mels per 200 Hz), logarithmic above. */
    static double hzToMel(double hz) {
        return hz >= MIN_LOG_HZ ? MIN_LOG_MEL + Math.log(hz / MIN_LOG_HZ) / LOG_STEP : hz / F_SP;
    }

    static double melToHz(double mel) {
        return mel >= MIN_LOG_MEL ? MIN_LOG_HZ * Math.exp(LOG_STEP * (mel - MIN_LOG_MEL)) : F_SP * mel;
    }

    int mels() {
        return mels;
    }

    /** {@code out[m] = Σ_k filter[m][k] · power[k]}. */
    void apply(double[] power, double[] out) {
        for (int m = 0; m < mels; m++) {
            double[] w = weights[m];
            int k0 = first[m];
            double sum = 0;
            for (int i = 0; i < w.length; i++) {
                sum += w[i] * power[k0 + i];
            }
            out[m] = sum;
        }
    }

    /** The dense weight of filter {@code m} at FFT bin {@code k} (for tests). */
    double weight(int m, int k) {
        int i = k - first[m];
        return i >= 0 && i < weights[m].length ? weights[m][i] : 0;
    }
}

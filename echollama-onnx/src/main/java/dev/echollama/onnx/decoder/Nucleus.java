package dev.echollama.onnx.decoder;

import java.util.Arrays;

/**
 * Top-p (nucleus) selection without sorting the whole vocabulary.
 *
 * <p>The result is defined as: order ids by weight descending, ties by id ascending, and keep the shortest prefix
 * whose running sum (in double, in that order) reaches {@code target}; keep everything when it never does. A full
 * sort computes exactly that; so does this class, faster: one pass buckets every weight by the top bits of its
 * float representation (positive floats order like their bit patterns, 8 buckets per power of two), the bucket
 * masses tell how many leading buckets can hold the nucleus, and only the ids in those buckets are sorted. Those
 * ids are a prefix of the full order, so the running sum is computed in the same order over the same values as a
 * full sort; when rounding leaves it short of the target the next bucket is appended, which again continues the
 * same order. Not thread-safe (scratch arrays).
 */
final class Nucleus {
    private static final int SHIFT = 20;
    private static final int BUCKETS = 1024;

    private final int[] counts = new int[BUCKETS];
    private final double[] mass = new double[BUCKETS];
    private long[] keys = new long[0];
    private double keptMass;

    /**
     * @param weights non-negative finite weights (unnormalised probabilities), entries {@code [0, n)}
     * @param target  the mass to reach, e.g. {@code topP × sum(weights)}
     * @param out     receives the kept ids, most likely first; length at least n
     * @return how many ids were kept
     */
    int select(float[] weights, int n, double target, int[] out) {
        int maxBits = 0;
        for (int i = 0; i < n; i++) {
            maxBits = Math.max(maxBits, Float.floatToRawIntBits(weights[i]));
        }
        Arrays.fill(counts, 0);
        Arrays.fill(mass, 0);
        for (int i = 0; i < n; i++) {
            float w = weights[i];
            int b = bucket(maxBits, w);
            counts[b]++;
            mass[b] += w;
        }
        int last = BUCKETS - 1;
        double cumulative = 0;
        for (int k = 0; k < BUCKETS; k++) {
            cumulative += mass[k];
            if (cumulative >= target) {
                last = k;
                break;
            }
        }
        if (keys.length < n) {
            keys = new long[n];
        }
        int count = 0;
        double sum = 0;
        int first = 0;
        while (true) {
            int gathered = 0;
            for (int i = 0; i < n; i++) {
                float w = weights[i];
                int b = bucket(maxBits, w);
                if (b >= first && b <= last) {
                    // high half: larger weight first; low half: smaller id first
                    keys[gathered++] = ((long) (Integer.MAX_VALUE - Float.floatToRawIntBits(w)) << 32) | i;
                }
            }
            Arrays.sort(keys, 0, gathered);
            for (int j = 0; j < gathered; j++) {
                int id = (int) keys[j];
                out[count++] = id;
                sum += weights[id];
                if (sum >= target) {
                    keptMass = sum;
                    return count;
                }
            }
            if (last == BUCKETS - 1) {
                keptMass = sum;
                return count;
            }
            first = last + 1;
            last = first;
            while (last < BUCKETS - 1 && counts[last] == 0) {
                last++;
            }
        }
    }

    /** The running sum of the ids the last {@link #select} kept. */
    double keptMass() {
        return keptMass;
    }

    private static int bucket(int maxBits, float w) {
        int b = (maxBits - Float.floatToRawIntBits(w)) >>> SHIFT;
        return Math.min(b, BUCKETS - 1);
    }
}

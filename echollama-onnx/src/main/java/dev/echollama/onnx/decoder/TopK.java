package dev.echollama.onnx.decoder;

import java.util.Arrays;

/** The k largest logits without sorting the vocabulary: a bounded heap, then a sort of the k survivors. */
final class TopK {
    private TopK() {
    }

    /**
     * Writes into {@code out[0..k)} the ids of the k largest logits, largest first, ties by lower id. NaN counts
     * as -infinity. Requires {@code 0 < k <= n}.
     */
    static void select(float[] logits, int n, int k, int[] out) {
        // min-heap on (value, -id): the root is the worst of the kept ids
        float[] hv = new float[k];
        int[] hi = new int[k];
        int size = 0;
        for (int i = 0; i < n; i++) {
            float v = logits[i];
            if (v != v) {
                v = Float.NEGATIVE_INFINITY;
            }
            if (size < k) {
                hv[size] = v;
                hi[size] = i;
                siftUp(hv, hi, size++);
            } else if (v > hv[0]) { // equal value: the later id is worse than the root, keep the root
                hv[0] = v;
                hi[0] = i;
                siftDown(hv, hi, k);
            }
        }
        long[] keys = new long[k];
        for (int j = 0; j < k; j++) {
            keys[j] = ((long) ~sortable(hv[j]) << 32) | (hi[j] & 0xFFFFFFFFL);
        }
        Arrays.sort(keys);
        for (int j = 0; j < k; j++) {
            out[j] = (int) keys[j];
        }
    }

    /** An int that orders like the float (for non-NaN values). */
    private static int sortable(float f) {
        int bits = Float.floatToIntBits(f);
        return bits ^ ((bits >> 31) & 0x7FFFFFFF);
    }

    private static boolean worse(float va, int ia, float vb, int ib) {
        return va < vb || (va == vb && ia > ib);
    }

    private static void siftUp(float[] hv, int[] hi, int i) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!worse(hv[i], hi[i], hv[parent], hi[parent])) {
                return;
            }
            swap(hv, hi, i, parent);
            i = parent;
        }
    }

    private static void siftDown(float[] hv, int[] hi, int size) {
        int i = 0;
        while (true) {
            int l = 2 * i + 1;
            if (l >= size) {
                return;
            }
            int worst = l;
            int r = l + 1;
            if (r < size && worse(hv[r], hi[r], hv[l], hi[l])) {
                worst = r;
            }
            if (!worse(hv[worst], hi[worst], hv[i], hi[i])) {
                return;
            }
            swap(hv, hi, i, worst);
            i = worst;
        }
    }

    private static void swap(float[] hv, int[] hi, int a, int b) {
        float tv = hv[a];
        hv[a] = hv[b];
        hv[b] = tv;
        int ti = hi[a];
        hi[a] = hi[b];
        hi[b] = ti;
    }
}

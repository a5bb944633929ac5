package dev.echollama.vision.internal;

/**
 * Bilinear resampling of a single-channel float map with pixel centres aligned (PyTorch
 * {@code interpolate(mode="bilinear", align_corners=False)}, which the transformers.js depth pipeline also
 * uses to bring the prediction back to the image size). Samples outside the source clamp to the edge.
 */
public final class DepthResize {
    private DepthResize() {
    }

    public static float[] bilinear(float[] src, int sw, int sh, int dw, int dh) {
        if (src.length != (long) sw * sh) {
            throw new IllegalArgumentException("source must hold " + sw + "x" + sh + " values, got " + src.length);
        }
        float[] dst = new float[Math.multiplyExact(dw, dh)];
        if (sw == dw && sh == dh) {
            System.arraycopy(src, 0, dst, 0, src.length);
            return dst;
        }
        int[] x0 = new int[dw];
        int[] x1 = new int[dw];
        float[] ax = new float[dw];
        taps(sw, dw, x0, x1, ax);
        int[] y0 = new int[dh];
        int[] y1 = new int[dh];
        float[] ay = new float[dh];
        taps(sh, dh, y0, y1, ay);
        for (int y = 0; y < dh; y++) {
            int r0 = y0[y] * sw;
            int r1 = y1[y] * sw;
            float b = ay[y];
            int o = y * dw;
            for (int x = 0; x < dw; x++) {
                float a = ax[x];
                float top = src[r0 + x0[x]] + (src[r0 + x1[x]] - src[r0 + x0[x]]) * a;
                float bottom = src[r1 + x0[x]] + (src[r1 + x1[x]] - src[r1 + x0[x]]) * a;
                dst[o + x] = top + (bottom - top) * b;
            }
        }
        return dst;
    }

    private static void taps(int n, int m, int[] i0, int[] i1, float[] w) {
        double scale = (double) n / m;
        for (int d = 0; d < m; d++) {
            double s = Math.max(0, (d + 0.5) * scale - 0.5);
            int i = Math.min((int) s, n - 1);
            i0[d] = i;
            i1[d] = Math.min(i + 1, n - 1);
            w[d] = i0[d] == i1[d] ? 0f : (float) (s - i);
        }
    }
}

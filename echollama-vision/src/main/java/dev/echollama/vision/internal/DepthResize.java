package dev.echollama.vision.internal;

/**
 * Brings a single-channel float map (a depth prediction) back to the image's size, the way each model's reference
 * code does: {@link #bilinear} as PyTorch and the transformers.js depth pipeline (DPT), {@link #openCvCubic} as
 * MiDaS's own ONNX runner (MiDaS v2.1 small). Both keep pixel centres aligned and clamp samples outside the source
 * to its edge. Stateless; the source array is only read.
 */
public final class DepthResize {
    private DepthResize() {
    }

    /** One way of resizing a {@code sw x sh} row-major map to {@code dw x dh}; returns a new array. */
    @FunctionalInterface
    public interface Method {
        float[] resize(float[] src, int sw, int sh, int dw, int dh);
    }

    /**
     * {@code cv2.resize(map, (dw, dh), interpolation=cv2.INTER_CUBIC)} on a float32 map, as MiDaS's
     * {@code tf/run_onnx.py} brings its prediction back to the image (MODELS.md §2.2). OpenCV 4's rules for 32-bit
     * floats: output {@code i} samples {@code f = (float) ((i + 0.5) * scale - 0.5)} with
     * {@code scale = 1 / (out / in)} in double; taps {@code floor(f) - 1 .. floor(f) + 2}, clamped to the edge;
     * Keys cubic weights with {@code A = -0.75} computed in float as its {@code interpolateCubic}; sums in float,
     * taps in order, across first. Nothing is clamped, so a step overshoots on both sides as OpenCV's does. (The
     * grid and weights are those of echollama-onnx's OpenCvCubic for 8-bit images, which that module keeps
     * package-private.)
     *
     * <p>Bit for bit with an OpenCV built for 4-lane vectors without fused multiply-add, as Debian's x86-64 one
     * (4.6): its vertical blend adds the four rows innermost-last in groups of four columns, and one at a time in
     * row order for the rest. A build that blends 8 lanes or fuses the multiply-adds rounds some values 1 ulp
     * apart.
     */
    public static float[] openCvCubic(float[] src, int sw, int sh, int dw, int dh) {
        checkLength(src, sw, sh);
        if (sw == dw && sh == dh) {
            return src.clone();
        }
        float[] dst = new float[Math.multiplyExact(dw, dh)];
        int[] xt = new int[dw * 4];
        float[] xw = new float[dw * 4];
        cubicTaps(sw, dw, xt, xw);
        int[] yt = new int[dh * 4];
        float[] yw = new float[dh * 4];
        cubicTaps(sh, dh, yt, yw);
        // Four slots of rows resampled across, slot = source row % 4: an output row reads four consecutive
        // (clamped) source rows, and they only move down, so a slot is overwritten only once it is no longer read.
        float[][] slots = new float[4][dw];
        int[] rowInSlot = {-1, -1, -1, -1};
        float[][] r = new float[4][];
        for (int y = 0; y < dh; y++) {
            for (int k = 0; k < 4; k++) {
                int sy = yt[y * 4 + k];
                int slot = sy & 3;
                if (rowInSlot[slot] != sy) {
                    across(src, sy * sw, slots[slot], xt, xw);
                    rowInSlot[slot] = sy;
                }
                r[k] = slots[slot];
            }
            float b0 = yw[y * 4];
            float b1 = yw[y * 4 + 1];
            float b2 = yw[y * 4 + 2];
            float b3 = yw[y * 4 + 3];
            int o = y * dw;
            int vectors = dw - dw % 4;
            for (int x = 0; x < vectors; x++) {
                dst[o + x] = r[0][x] * b0 + (r[1][x] * b1 + (r[2][x] * b2 + r[3][x] * b3));
            }
            for (int x = vectors; x < dw; x++) {
                dst[o + x] = r[0][x] * b0 + r[1][x] * b1 + r[2][x] * b2 + r[3][x] * b3;
            }
        }
        return dst;
    }

    private static void checkLength(float[] src, int sw, int sh) {
        if (src.length != (long) sw * sh) {
            throw new IllegalArgumentException("source must hold " + sw + "x" + sh + " values, got " + src.length);
        }
    }

    private static void across(float[] src, int row, float[] out, int[] taps, float[] w) {
        for (int x = 0, t = 0; x < out.length; x++, t += 4) {
            out[x] = src[row + taps[t]] * w[t] + src[row + taps[t + 1]] * w[t + 1] + src[row + taps[t + 2]] * w[t + 2]
                    + src[row + taps[t + 3]] * w[t + 3];
        }
    }

    private static void cubicTaps(int n, int m, int[] taps, float[] weights) {
        double scale = 1.0 / ((double) m / n);
        final float a = -0.75f;
        for (int i = 0; i < m; i++) {
            float f = (float) ((i + 0.5) * scale - 0.5);
            int s = (int) Math.floor(f);
            float x = f - s;
            // OpenCV's interpolateCubic, in float and in its order of operations.
            float w0 = ((a * (x + 1) - 5 * a) * (x + 1) + 8 * a) * (x + 1) - 4 * a;
            float w1 = ((a + 2) * x - (a + 3)) * x * x + 1;
            float w2 = ((a + 2) * (1 - x) - (a + 3)) * (1 - x) * (1 - x) + 1;
            float[] w = {w0, w1, w2, 1.f - w0 - w1 - w2};
            for (int k = 0; k < 4; k++) {
                taps[i * 4 + k] = Math.min(Math.max(s - 1 + k, 0), n - 1);
                weights[i * 4 + k] = w[k];
            }
        }
    }

    /**
     * PyTorch's {@code interpolate(mode="bilinear", align_corners=False)}, which the transformers.js depth pipeline
     * uses to bring DPT's prediction back to the image size.
     */
    public static float[] bilinear(float[] src, int sw, int sh, int dw, int dh) {
        checkLength(src, sw, sh);
        if (sw == dw && sh == dh) {
            return src.clone();
        }
        float[] dst = new float[Math.multiplyExact(dw, dh)];
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

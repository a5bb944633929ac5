package dev.echollama.onnx.tensor;

/**
 * Brings a model's single-channel float map (a depth prediction, say) back to the image's size, the way the model's
 * reference code does. Both ways keep pixel centres aligned and read samples outside the map at its edge.
 * Stateless and thread-safe; the source array is only read and the result is a new array.
 */
public enum MapResize {
    /**
     * PyTorch's {@code interpolate(mode="bilinear", align_corners=False)}, which the transformers.js depth pipeline
     * uses to bring DPT's prediction back to the image's size.
     */
    BILINEAR {
        @Override
        float[] resample(float[] src, int sw, int sh, int dw, int dh) {
            float[] dst = new float[Math.multiplyExact(dw, dh)];
            int[] x0 = new int[dw];
            int[] x1 = new int[dw];
            float[] ax = new float[dw];
            linearTaps(sw, dw, x0, x1, ax);
            int[] y0 = new int[dh];
            int[] y1 = new int[dh];
            float[] ay = new float[dh];
            linearTaps(sh, dh, y0, y1, ay);
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
    },

    /**
     * {@code cv2.resize(map, (dw, dh), interpolation=cv2.INTER_CUBIC)} on a float32 map, as MiDaS's
     * {@code tf/run_onnx.py} brings its prediction back to the image. The grid and the Keys cubic weights
     * ({@code A = -0.75}, computed in float) are those of {@link ImagePreprocessor.Interpolation#OPENCV_CUBIC};
     * sums in float, across first. Nothing is clamped, so a step overshoots on both sides as OpenCV's does.
     *
     * <p>Bit for bit with an OpenCV built for 4-lane vectors without fused multiply-add, as Debian's x86-64 one
     * (4.6): its vertical blend adds the four rows innermost-last in groups of four columns, and one at a time in
     * row order for the rest. A build that blends 8 lanes or fuses the multiply-adds rounds some values 1 ulp
     * apart.
     */
    OPENCV_CUBIC {
        @Override
        float[] resample(float[] src, int sw, int sh, int dw, int dh) {
            float[] dst = new float[Math.multiplyExact(dw, dh)];
            OpenCvCubic.Axis across = new OpenCvCubic.Axis(sw, dw);
            OpenCvCubic.Axis down = new OpenCvCubic.Axis(sh, dh);
            // Four slots of rows resampled across, slot = source row % 4: an output row reads four consecutive
            // (clamped) source rows and they only move down, so a slot is overwritten only once no longer read.
            float[][] slots = new float[4][dw];
            int[] rowInSlot = {-1, -1, -1, -1};
            float[][] r = new float[4][];
            for (int y = 0; y < dh; y++) {
                for (int k = 0; k < 4; k++) {
                    int sy = down.taps[y * 4 + k];
                    int slot = sy & 3;
                    if (rowInSlot[slot] != sy) {
                        cubicAcross(src, sy * sw, slots[slot], across);
                        rowInSlot[slot] = sy;
                    }
                    r[k] = slots[slot];
                }
                float b0 = down.weights[y * 4];
                float b1 = down.weights[y * 4 + 1];
                float b2 = down.weights[y * 4 + 2];
                float b3 = down.weights[y * 4 + 3];
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
    };

    /**
     * Resizes a {@code sw x sh} row-major map to {@code dw x dh}; an unchanged size gives a copy.
     *
     * @throws IllegalArgumentException if {@code src} does not hold {@code sw * sh} values or a size is not positive
     */
    public float[] resize(float[] src, int sw, int sh, int dw, int dh) {
        if (sw <= 0 || sh <= 0 || dw <= 0 || dh <= 0) {
            throw new IllegalArgumentException("sizes must be positive, got " + sw + "x" + sh + " to " + dw + "x" + dh);
        }
        if (src.length != (long) sw * sh) {
            throw new IllegalArgumentException("source must hold " + sw + "x" + sh + " values, got " + src.length);
        }
        return sw == dw && sh == dh ? src.clone() : resample(src, sw, sh, dw, dh);
    }

    abstract float[] resample(float[] src, int sw, int sh, int dw, int dh);

    private static void cubicAcross(float[] src, int row, float[] out, OpenCvCubic.Axis across) {
        int[] t = across.taps;
        float[] w = across.weights;
        for (int x = 0, i = 0; x < out.length; x++, i += 4) {
            out[x] = src[row + t[i]] * w[i] + src[row + t[i + 1]] * w[i + 1] + src[row + t[i + 2]] * w[i + 2]
                    + src[row + t[i + 3]] * w[i + 3];
        }
    }

    private static void linearTaps(int n, int m, int[] i0, int[] i1, float[] w) {
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

package dev.echollama.onnx.tensor;

import java.nio.ByteBuffer;

/**
 * OpenCV's {@code cv2.resize(image, (ow, oh), interpolation=cv2.INTER_CUBIC)} on a floating-point image made from
 * 8-bit RGB by a scale factor, to the last bit of the float32 result: MiDaS's runner reads an image, divides it by
 * 255.0 (a float64 array) and resizes that.
 *
 * <p>OpenCV 4's generic resize for 64-bit floats, reproduced from its rules:
 * <ul>
 *   <li>Grid: {@code scale = 1 / (out / in)} in double; output {@code i} samples
 *       {@code f = (float) ((i + 0.5) * scale - 0.5)}, taps {@code floor(f) - 1 .. floor(f) + 2}.</li>
 *   <li>Weights: Keys cubic with {@code A = -0.75}, computed in float from the fraction as OpenCV's
 *       {@code interpolateCubic} does, the last one {@code 1 - w0 - w1 - w2}.</li>
 *   <li>Borders: taps outside the image read the nearest edge pixel (row or column), weights unchanged.</li>
 *   <li>Sums in double, taps left to right, horizontal pass first; no clamping, so values overshoot the input
 *       range near edges as OpenCV's do.</li>
 * </ul>
 */
final class OpenCvCubic {
    private OpenCvCubic() {
    }

    /** Receives the output rows of a streamed resize, top to bottom, as one plane per source channel (R, G, B). */
    interface ValueSink {
        /**
         * Output row {@code y}: channel {@code c} of pixel {@code x} is {@code planes[c][x]} (already scaled), for
         * {@code x < width}. The arrays are reused for the next row.
         */
        void values(int y, double[][] planes);
    }

    /** OpenCV's {@code interpolateCubic}, in float and in its order of operations. */
    static float[] weights(float x) {
        final float a = -0.75f;
        float w0 = ((a * (x + 1) - 5 * a) * (x + 1) + 8 * a) * (x + 1) - 4 * a;
        float w1 = ((a + 2) * x - (a + 3)) * x * x + 1;
        float w2 = ((a + 2) * (1 - x) - (a + 3)) * (1 - x) * (1 - x) + 1;
        float w3 = 1.f - w0 - w1 - w2;
        return new float[] {w0, w1, w2, w3};
    }

    /**
     * The four taps (clamped into the image) and weights of every output position along one axis. The weights are
     * OpenCV's floats whatever the image's depth (the 64-bit path widens them exactly).
     */
    static final class Axis {
        final int[] taps;
        final float[] weights;

        Axis(int in, int out) {
            taps = new int[out * 4];
            weights = new float[out * 4];
            double scale = 1.0 / ((double) out / in);
            for (int i = 0; i < out; i++) {
                float f = (float) ((i + 0.5) * scale - 0.5);
                int s = (int) Math.floor(f);
                float[] w = weights(f - s);
                for (int k = 0; k < 4; k++) {
                    taps[i * 4 + k] = Math.min(Math.max(s - 1 + k, 0), in - 1);
                    weights[i * 4 + k] = w[k];
                }
            }
        }
    }

    /**
     * One resize, {@code w x h} to {@code ow x oh}, of the 8-bit values times {@code scale}. Immutable;
     * {@link #rows} may run on several threads at once for disjoint row ranges.
     */
    static final class Plan {
        private final int w;
        private final int ow;
        private final Axis across;
        private final Axis down;
        private final double[] table = new double[256];

        Plan(int w, int h, int ow, int oh, double scale) {
            this.w = w;
            this.ow = ow;
            this.across = new Axis(w, ow);
            this.down = new Axis(h, oh);
            for (int v = 0; v < 256; v++) {
                table[v] = v * scale;
            }
        }

        /** Output rows {@code from} (inclusive) to {@code to} (exclusive), in order, into {@code sink}. */
        void rows(ByteBuffer src, int from, int to, ValueSink sink) {
            int inStride = w * 3;
            byte[] source = new byte[inStride];
            // Four slots of horizontally resampled rows, slot = row % 4: an output row reads four consecutive
            // (clamped) rows, and they only move down.
            double[][][] slots = new double[4][3][ow];
            int[] rowInSlot = {-1, -1, -1, -1};
            double[][] out = new double[3][ow];
            double[][][] rows = new double[4][][];
            for (int y = from; y < to; y++) {
                for (int k = 0; k < 4; k++) {
                    int r = down.taps[y * 4 + k];
                    int slot = r & 3;
                    if (rowInSlot[slot] != r) {
                        src.get(r * inStride, source, 0, inStride);
                        horizontal(source, slots[slot]);
                        rowInSlot[slot] = r;
                    }
                    rows[k] = slots[slot];
                }
                double b0 = down.weights[y * 4];
                double b1 = down.weights[y * 4 + 1];
                double b2 = down.weights[y * 4 + 2];
                double b3 = down.weights[y * 4 + 3];
                for (int c = 0; c < 3; c++) {
                    double[] s0 = rows[0][c];
                    double[] s1 = rows[1][c];
                    double[] s2 = rows[2][c];
                    double[] s3 = rows[3][c];
                    double[] o = out[c];
                    for (int x = 0; x < ow; x++) {
                        o[x] = s0[x] * b0 + s1[x] * b1 + s2[x] * b2 + s3[x] * b3;
                    }
                }
                sink.values(y, out);
            }
        }

        private void horizontal(byte[] s, double[][] planes) {
            int[] taps = across.taps;
            float[] a = across.weights;
            for (int c = 0; c < 3; c++) {
                double[] p = planes[c];
                for (int x = 0, t = 0; x < ow; x++, t += 4) {
                    p[x] = table[s[taps[t] * 3 + c] & 0xFF] * a[t]
                            + table[s[taps[t + 1] * 3 + c] & 0xFF] * a[t + 1]
                            + table[s[taps[t + 2] * 3 + c] & 0xFF] * a[t + 2]
                            + table[s[taps[t + 3] * 3 + c] & 0xFF] * a[t + 3];
                }
            }
        }
    }
}

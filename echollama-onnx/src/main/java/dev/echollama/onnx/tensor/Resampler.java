package dev.echollama.onnx.tensor;

import java.nio.ByteBuffer;

/**
 * Separable resampling of packed 8-bit RGB, following Pillow's {@code Image.resize} (the resize behind
 * transformers' image processors, {@code resample=2} bilinear and {@code 3} bicubic):
 *
 * <ul>
 *   <li>Sampling grid: half-pixel centres. Output pixel {@code i} samples the source at
 *       {@code (i + 0.5) * in / out} in a coordinate system where source pixel {@code j} covers
 *       {@code [j, j + 1)}, i.e. its centre is {@code j + 0.5} ({@code align_corners=False}).</li>
 *   <li>Kernels: triangle (bilinear, support 1) and Keys cubic with {@code a = -0.5} (bicubic, support 2; Pillow's
 *       choice; OpenCV's INTER_CUBIC uses -0.75).</li>
 *   <li>Antialiasing: when shrinking, the kernel is stretched by the scale factor so every source pixel
 *       contributes (Pillow). Without antialiasing the kernel keeps its size, which for bilinear equals OpenCV's
 *       INTER_LINEAR (what YOLOX' own preprocessing uses).</li>
 *   <li>Borders: source pixels outside the image are left out and the remaining weights renormalised.</li>
 *   <li>Arithmetic: weights are normalised in double, converted to fixed point with 22 fractional bits, and
 *       each pass rounds to 8 bits (half up) and clamps to 0..255; the horizontal pass runs first. This is how
 *       Pillow computes 8-bit images, so results agree with it to the last bit in the cases tested. Sums are
 *       32-bit, as in Pillow: 255 times the positive weights of a normalised kernel (at most 1.125, for
 *       bicubic, borders included) stays below 2^31 at 22 fractional bits.</li>
 * </ul>
 */
final class Resampler {
    private static final int PRECISION_BITS = 22;
    /** Rounding bias: half of the last fixed-point unit, so that the shift rounds half up. */
    private static final int HALF = 1 << (PRECISION_BITS - 1);

    enum Filter {
        BILINEAR(1.0) {
            @Override
            double weight(double x) {
                x = Math.abs(x);
                return x < 1.0 ? 1.0 - x : 0.0;
            }
        },
        BICUBIC(2.0) {
            @Override
            double weight(double x) {
                final double a = -0.5;
                x = Math.abs(x);
                if (x < 1.0) {
                    return ((a + 2.0) * x - (a + 3.0)) * x * x + 1.0;
                }
                if (x < 2.0) {
                    return (((x - 5.0) * x + 8.0) * x - 4.0) * a;
                }
                return 0.0;
            }
        };

        final double support;

        Filter(double support) {
            this.support = support;
        }

        abstract double weight(double x);
    }

    private Resampler() {
    }

    /** Receives the output rows of a streamed resize, top to bottom. */
    interface RowSink {
        /**
         * Output row {@code y}: {@code rgb[0 .. width * 3)}, packed RGB. The array is reused for the next row;
         * copy what must outlive the call.
         */
        void row(int y, byte[] rgb);
    }

    /** Resizes {@code rgb} ({@code w x h}) to {@code ow x oh}. Returns {@code rgb} itself when the size is equal. */
    static byte[] resize(byte[] rgb, int w, int h, int ow, int oh, Filter filter, boolean antialias) {
        if (ow == w && oh == h) {
            return rgb;
        }
        byte[] out = new byte[ow * oh * 3];
        int stride = ow * 3;
        new Plan(w, h, ow, oh, filter, antialias).rows(ByteBuffer.wrap(rgb), 0, oh,
                (y, row) -> System.arraycopy(row, 0, out, y * stride, stride));
        return out;
    }

    /**
     * One resize, {@code w x h} to {@code ow x oh}: the kernels of both axes, computed once and shared by every
     * band of rows. Immutable; {@link #rows} may run on several threads at once for disjoint row ranges.
     *
     * <p>Same arithmetic as two whole-image passes (horizontal first, 8-bit rounding between, as Pillow), but a
     * source row is resampled horizontally only when the vertical filter needs it, and only a window of those
     * rows is kept: shrinking without antialiasing (YOLOX' letterbox) then touches just the source rows that
     * contribute, and no intermediate image is allocated.
     */
    static final class Plan {
        private final int w;
        private final int ow;
        private final Kernel across;
        private final Kernel down;

        Plan(int w, int h, int ow, int oh, Filter filter, boolean antialias) {
            this.w = w;
            this.ow = ow;
            this.across = ow != w ? Kernel.of(w, ow, filter, antialias) : null;
            this.down = oh != h ? Kernel.of(h, oh, filter, antialias) : null;
        }

        /** Output rows {@code from} (inclusive) to {@code to} (exclusive), in order, into {@code sink}. */
        void rows(ByteBuffer src, int from, int to, RowSink sink) {
            int inStride = w * 3;
            int stride = ow * 3;
            byte[] source = new byte[inStride];
            if (down == null) {
                byte[] out = across == null ? source : new byte[stride];
                for (int y = from; y < to; y++) {
                    src.get(y * inStride, source, 0, inStride);
                    if (across != null) {
                        across.horizontal(source, out);
                    }
                    sink.row(y, out);
                }
                return;
            }
            // Window of horizontally resampled rows, slot = row % window: every output row reads exactly
            // down.taps contiguous rows whose start only moves down, so the rows it needs never share a slot.
            int window = down.taps;
            byte[][] rows = new byte[window][stride];
            int[] rowInSlot = new int[window];
            java.util.Arrays.fill(rowInSlot, -1);
            byte[][] needed = new byte[window][];
            int[] weights = new int[window];
            int[] acc = new int[stride];
            byte[] out = new byte[stride];
            for (int y = from; y < to; y++) {
                int first = down.first[y];
                for (int k = 0; k < window; k++) {
                    int sy = first + k;
                    int slot = sy % window;
                    byte[] r = rows[slot];
                    if (rowInSlot[slot] != sy) {
                        if (across == null) {
                            src.get(sy * inStride, r, 0, inStride);
                        } else {
                            src.get(sy * inStride, source, 0, inStride);
                            across.horizontal(source, r);
                        }
                        rowInSlot[slot] = sy;
                    }
                    needed[k] = r;
                    weights[k] = down.weights[y * window + k];
                }
                if (window == 2 && down.nonNegative) { // bilinear without antialiasing, or upscaling: one pass
                    byte[] r0 = needed[0];
                    byte[] r1 = needed[1];
                    int w0 = weights[0];
                    int w1 = weights[1];
                    for (int x = 0; x < stride; x++) {
                        out[x] = (byte) ((HALF + (r0[x] & 0xFF) * w0 + (r1[x] & 0xFF) * w1) >> PRECISION_BITS);
                    }
                } else {
                    java.util.Arrays.fill(acc, HALF);
                    for (int k = 0; k < window; k++) {
                        byte[] r = needed[k];
                        int weight = weights[k];
                        for (int x = 0; x < stride; x++) {
                            acc[x] += (r[x] & 0xFF) * weight;
                        }
                    }
                    for (int x = 0; x < stride; x++) {
                        out[x] = clip8(acc[x]);
                    }
                }
                sink.row(y, out);
            }
        }
    }

    /**
     * The fixed-point taps of every output pixel along one axis, flattened: output {@code i} reads inputs
     * {@code first[i] .. first[i] + taps - 1} with {@code weights[i * taps ..]}. Every output reads the same
     * number of taps: shorter ranges (at the borders) are moved inside the input and padded with zero weights,
     * which leaves the integer sums unchanged and keeps the inner loops uniform.
     */
    private static final class Kernel {
        final int taps;
        final int[] first;
        final int[] weights;
        /**
         * No negative weight: each weight is rounded to the nearest fixed-point unit, so they sum to at most
         * {@code 2^22 + taps / 2} and a sum of 8-bit values times them, rounded, cannot leave 0..255 without a clamp.
         */
        final boolean nonNegative;

        private Kernel(int taps, int[] first, int[] weights) {
            this.taps = taps;
            this.first = first;
            this.weights = weights;
            boolean positive = true;
            for (int w : weights) {
                positive &= w >= 0;
            }
            this.nonNegative = positive;
        }

        static Kernel of(int in, int out, Filter filter, boolean antialias) {
            double scale = (double) in / out;
            double stretch = antialias ? Math.max(scale, 1.0) : 1.0;
            double support = filter.support * stretch;
            int[] lo = new int[out];
            int[][] fixed = new int[out][];
            double[] w = new double[(int) Math.ceil(support) * 2 + 2];
            int taps = 1;
            for (int i = 0; i < out; i++) {
                double centre = (i + 0.5) * scale;
                int l = Math.max((int) (centre - support + 0.5), 0);
                int hi = Math.min((int) (centre + support + 0.5), in);
                if (hi <= l) { // only reachable for degenerate sizes; sample the nearest pixel
                    l = Math.min(Math.max((int) centre, 0), in - 1);
                    hi = l + 1;
                }
                int n = hi - l;
                double total = 0;
                for (int k = 0; k < n; k++) {
                    w[k] = filter.weight((l + k - centre + 0.5) / stretch);
                    total += w[k];
                }
                int[] f = new int[n];
                for (int k = 0; k < n; k++) {
                    double v = total != 0 ? w[k] / total : 0;
                    double scaled = v * (1 << PRECISION_BITS);
                    f[k] = (int) (v < 0 ? scaled - 0.5 : scaled + 0.5);
                }
                lo[i] = l;
                fixed[i] = f;
                taps = Math.max(taps, n);
            }
            int[] first = new int[out];
            int[] weights = new int[out * taps];
            for (int i = 0; i < out; i++) {
                // Start early enough that [start, start + taps) covers the range and stays inside the input
                // (taps <= in, since no range is longer than the input).
                int start = Math.min(lo[i], in - taps);
                first[i] = start;
                System.arraycopy(fixed[i], 0, weights, i * taps + (lo[i] - start), fixed[i].length);
            }
            return new Kernel(taps, first, weights);
        }

        /** One row of packed RGB, {@code first.length} output pixels wide. */
        void horizontal(byte[] src, byte[] dst) {
            int n = first.length;
            if (taps == 2 && nonNegative) {
                for (int i = 0, o = 0; i < n; i++, o += 3) {
                    int p = first[i] * 3;
                    int w0 = weights[2 * i];
                    int w1 = weights[2 * i + 1];
                    dst[o] = (byte) ((HALF + (src[p] & 0xFF) * w0 + (src[p + 3] & 0xFF) * w1) >> PRECISION_BITS);
                    dst[o + 1] = (byte) ((HALF + (src[p + 1] & 0xFF) * w0 + (src[p + 4] & 0xFF) * w1) >> PRECISION_BITS);
                    dst[o + 2] = (byte) ((HALF + (src[p + 2] & 0xFF) * w0 + (src[p + 5] & 0xFF) * w1) >> PRECISION_BITS);
                }
                return;
            }
            for (int i = 0, o = 0; i < n; i++, o += 3) {
                int r = HALF;
                int g = HALF;
                int b = HALF;
                int p = first[i] * 3;
                int base = i * taps;
                for (int k = 0; k < taps; k++, p += 3) {
                    int wk = weights[base + k];
                    r += (src[p] & 0xFF) * wk;
                    g += (src[p + 1] & 0xFF) * wk;
                    b += (src[p + 2] & 0xFF) * wk;
                }
                dst[o] = clip8(r);
                dst[o + 1] = clip8(g);
                dst[o + 2] = clip8(b);
            }
        }
    }

    private static byte clip8(int fixed) {
        int v = fixed >> PRECISION_BITS;
        return (byte) (v < 0 ? 0 : v > 255 ? 255 : v);
    }
}

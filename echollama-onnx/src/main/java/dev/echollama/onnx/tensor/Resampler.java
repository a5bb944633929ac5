package dev.echollama.onnx.tensor;

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
 *       Pillow computes 8-bit images, so results agree with it to the last bit in the cases tested.</li>
 * </ul>
 */
final class Resampler {
    private static final int PRECISION_BITS = 22;

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

    /** Fixed-point weights of one output pixel: sources {@code first .. first + weights.length - 1}. */
    private record Taps(int first, int[] weights) {
    }

    private Resampler() {
    }

    /** Resizes {@code rgb} ({@code w x h}) to {@code ow x oh}. Returns {@code rgb} itself when the size is equal. */
    static byte[] resize(byte[] rgb, int w, int h, int ow, int oh, Filter filter, boolean antialias) {
        byte[] out = rgb;
        int cw = w;
        if (ow != w) {
            out = horizontal(out, cw, h, ow, taps(w, ow, filter, antialias));
            cw = ow;
        }
        if (oh != h) {
            out = vertical(out, cw, h, oh, taps(h, oh, filter, antialias));
        }
        return out;
    }

    private static Taps[] taps(int in, int out, Filter filter, boolean antialias) {
        double scale = (double) in / out;
        double stretch = antialias ? Math.max(scale, 1.0) : 1.0;
        double support = filter.support * stretch;
        Taps[] taps = new Taps[out];
        double[] w = new double[(int) Math.ceil(support) * 2 + 2];
        for (int i = 0; i < out; i++) {
            double centre = (i + 0.5) * scale;
            int lo = Math.max((int) (centre - support + 0.5), 0);
            int hi = Math.min((int) (centre + support + 0.5), in);
            if (hi <= lo) { // only reachable for degenerate sizes; sample the nearest pixel
                lo = Math.min(Math.max((int) centre, 0), in - 1);
                hi = lo + 1;
            }
            int n = hi - lo;
            double total = 0;
            for (int k = 0; k < n; k++) {
                w[k] = filter.weight((lo + k - centre + 0.5) / stretch);
                total += w[k];
            }
            int[] fixed = new int[n];
            for (int k = 0; k < n; k++) {
                double v = total != 0 ? w[k] / total : 0;
                double scaled = v * (1 << PRECISION_BITS);
                fixed[k] = (int) (v < 0 ? scaled - 0.5 : scaled + 0.5);
            }
            taps[i] = new Taps(lo, fixed);
        }
        return taps;
    }

    private static byte[] horizontal(byte[] src, int w, int h, int ow, Taps[] taps) {
        byte[] dst = new byte[ow * h * 3];
        for (int y = 0; y < h; y++) {
            int row = y * w * 3;
            int o = y * ow * 3;
            for (Taps t : taps) {
                long r = 1L << (PRECISION_BITS - 1);
                long g = r;
                long b = r;
                int p = row + t.first * 3;
                for (int k : t.weights) {
                    r += (long) (src[p] & 0xFF) * k;
                    g += (long) (src[p + 1] & 0xFF) * k;
                    b += (long) (src[p + 2] & 0xFF) * k;
                    p += 3;
                }
                dst[o++] = clip8(r);
                dst[o++] = clip8(g);
                dst[o++] = clip8(b);
            }
        }
        return dst;
    }

    private static byte[] vertical(byte[] src, int w, int h, int oh, Taps[] taps) {
        byte[] dst = new byte[w * oh * 3];
        int stride = w * 3;
        long[] acc = new long[stride];
        for (int y = 0; y < oh; y++) {
            Taps t = taps[y];
            java.util.Arrays.fill(acc, 1L << (PRECISION_BITS - 1));
            int p = t.first * stride;
            for (int k : t.weights) {
                for (int x = 0; x < stride; x++) {
                    acc[x] += (long) (src[p + x] & 0xFF) * k;
                }
                p += stride;
            }
            int o = y * stride;
            for (int x = 0; x < stride; x++) {
                dst[o + x] = clip8(acc[x]);
            }
        }
        return dst;
    }

    private static byte clip8(long fixed) {
        long v = fixed >> PRECISION_BITS;
        return (byte) (v < 0 ? 0 : v > 255 ? 255 : v);
    }
}

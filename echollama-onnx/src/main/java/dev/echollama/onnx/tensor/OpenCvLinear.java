package dev.echollama.onnx.tensor;

import java.nio.ByteBuffer;

/**
 * OpenCV's {@code cv2.resize(image, (ow, oh), interpolation=cv2.INTER_LINEAR)} for 8-bit, 3-channel images, to
 * the last bit: the pre-processing YOLOX and most OpenCV-trained detectors were trained with.
 *
 * <p>The arithmetic is OpenCV 4's generic resize (no IPP, the 128-bit SIMD baseline that distribution and pip
 * builds use on x86-64), reproduced from its rules:
 * <ul>
 *   <li>Grid: {@code scale = 1 / (out / in)} in double; output {@code i} samples
 *       {@code f = (float) ((i + 0.5) * scale - 0.5)}, taps {@code floor(f)} and the next, weights
 *       {@code rint((1 - frac) * 2048)} and {@code rint(frac * 2048)} (11-bit fixed point, each rounded on its
 *       own, so they may sum to 2047 or 2049).</li>
 *   <li>Borders: across, a position before the first or past the last pixel is moved onto that pixel with weight
 *       2048; down, rows outside the image are replaced by the nearest row and the weights are kept.</li>
 *   <li>Horizontal pass first, exact: {@code h = s0 * w0 + s1 * w1}.</li>
 *   <li>Vertical pass, as OpenCV's SIMD code computes it, over the whole row: {@code (((h0 >> 4) * b0 >> 16) +
 *       ((h1 >> 4) * b1 >> 16) + 2) >> 2} (its scalar formula, {@code (h0 * b0 + h1 * b1 + 2^21) >> 22}, differs
 *       by one in some values and is not what a SIMD build runs).</li>
 * </ul>
 * Checked against OpenCV 4.6 (Debian's {@code python3-opencv}) on 300 random sizes, shrinking and enlarging,
 * 1 to 150 pixels wide: every value equal ({@code make_cv2_references.py} keeps some of them as test data).
 *
 * <p>Against Pillow's bilinear without antialiasing ({@link Resampler}), the same sampling grid with 22-bit
 * weights and a rounding after each pass, a quarter of the values of a typical shrink differ by one.
 *
 * <p>Two kernels compute it: a scalar one (one int plane per channel, so the vertical pass is a straight int loop
 * the JIT compiles to SIMD instructions), and {@link OpenCvLinearSimd} on the Vector API where {@link Simd}
 * allows it, about 2.3x faster on this project's machines for YOLOX's letterbox of a VGA photo. Both give the
 * same bytes ({@code OpenCvLinearSimdTest}).
 */
final class OpenCvLinear {
    static final int COEF_BITS = 11;
    static final int COEF_ONE = 1 << COEF_BITS;

    private OpenCvLinear() {
    }

    /** Receives the output rows of a streamed resize, top to bottom, one channel after the other. */
    interface PixelSink {
        /**
         * Output row {@code y}: channel {@code c} of pixel {@code x} is {@code values[c * width + x]}, 0-255, for
         * {@code x < width}. The array is reused for the next row.
         */
        void pixels(int y, int[] values);
    }

    /** A sink that can also take the values as floats, from a kernel that makes them so in one go. */
    interface FloatSink extends PixelSink {
        /** Whether {@link #floats} may be called now; {@link #pixels} must be taken either way. */
        boolean takesFloats();

        /** As {@link #pixels}, with each value as a float (exactly: they are 0-255). */
        void floats(int y, float[] values);
    }

    /**
     * The two passes for one row layout: scalar, or {@link OpenCvLinearSimd}. The horizontally resampled rows
     * ({@code 3 * width} ints) are laid out as the kernel likes; only its own vertical pass reads them.
     * Immutable.
     */
    interface RowKernel {
        /** How many bytes of scratch {@link #horizontal} needs (one array per thread, reused row after row). */
        int scratchLength();

        /**
         * The source row starting at byte {@code row} of {@code image} (packed RGB, native byte order) resampled
         * across into {@code h}, exact.
         */
        void horizontal(ByteBuffer image, int row, byte[] scratch, int[] h);

        /**
         * Two resampled rows blended down with weights {@code b0} and {@code b1} into {@code out}, channel by
         * channel ({@code out[c * width + x]}), as OpenCV's SIMD code computes it: {@code (((h0 >> 4) * b0 >> 16)
         * + ((h1 >> 4) * b1 >> 16) + 2) >> 2}. No clamp is needed: {@code h >> 4 <= 255 * 2049 >> 4 = 32655},
         * so each product term is at most 1021 and the result at most 255.
         */
        void vertical(int[] h0, int[] h1, int b0, int b1, int[] out);
    }

    /**
     * A kernel that can also run both passes for one output row in one go, without keeping the rows resampled
     * across: faster where few source rows serve two output rows (see {@link #fuses}).
     */
    interface FusedRowKernel extends RowKernel {
        /**
         * One output row from the source rows starting at bytes {@code top} and {@code bottom}: the same values as
         * {@link #horizontal} of each row then {@link #vertical}. Each row needs its own scratch.
         */
        void row(ByteBuffer image, int top, int bottom, byte[] s0, byte[] s1, int b0, int b1, int[] out);

        /** As {@link #row}, with each value as a float (exactly: they are 0-255). */
        void rowFloats(ByteBuffer image, int top, int bottom, byte[] s0, byte[] s1, int b0, int b1, float[] out);
    }

    /** The two taps and weights of every output position along one axis. */
    private static final class Axis {
        final int[] first;
        final int[] second;
        final int[] w0;
        final int[] w1;

        private Axis(int out) {
            first = new int[out];
            second = new int[out];
            w0 = new int[out];
            w1 = new int[out];
        }

        /**
         * @param clampWeights across (true): a position outside the image is moved onto the border pixel with
         *                     weight 2048; down (false): the rows are clamped and the weights kept, as OpenCV does
         */
        static Axis of(int in, int out, boolean clampWeights) {
            Axis a = new Axis(out);
            double scale = 1.0 / ((double) out / in);
            for (int i = 0; i < out; i++) {
                float f = (float) ((i + 0.5) * scale - 0.5);
                int s = (int) Math.floor(f);
                f -= s;
                if (clampWeights) {
                    if (s < 0) {
                        f = 0;
                        s = 0;
                    }
                    if (s >= in - 1) {
                        f = 0;
                        s = in - 1;
                    }
                }
                a.first[i] = Math.min(Math.max(s, 0), in - 1);
                a.second[i] = Math.min(Math.max(s + 1, 0), in - 1);
                a.w0[i] = (int) Math.rint((1f - f) * COEF_ONE);
                a.w1[i] = (int) Math.rint(f * COEF_ONE);
            }
            return a;
        }
    }

    /**
     * One resize, {@code w x h} to {@code ow x oh}, with tensor channel {@code c} read from source byte
     * {@code channels[c]} of each packed RGB pixel. Immutable; {@link #rows} may run on several threads at once
     * for disjoint row ranges.
     */
    static final class Plan {
        private final int w;
        private final int ow;
        private final Axis down;
        private final RowKernel scalar;
        private final int[] channels;
        private final Axis across;
        /** Null: the vector kernel once {@link Simd#warm()}; true or false: always the vector or scalar kernel. */
        private final Boolean forced;
        /**
         * The vector kernel, made on first use (making it loads the Vector API, which only the warm-up thread
         * should pay for); {@link #scalar} where it cannot run or the layout does not allow it. Racy but
         * idempotent: two threads may both make one.
         */
        private volatile RowKernel vector;
        /**
         * Whether a kernel that can should compute each output row's two source rows afresh ({@link FusedRowKernel})
         * rather than keep rows resampled across for the next output row: when the image shrinks enough that few
         * source rows serve two output rows.
         */
        private final boolean fused;

        /**
         * With the Vector API kernel where {@link Simd#ENABLED} and the sizes allow it, from the first resize after
         * {@link Simd#warm()}; the scalar kernel until then.
         */
        Plan(int w, int h, int ow, int oh, int[] channels) {
            this(w, h, ow, oh, channels, (Boolean) null);
        }

        /**
         * For tests that compare the kernels: {@code simd} true runs the Vector API kernel from the first call
         * (where {@link Simd#usable()} and the sizes allow it), false the scalar one.
         */
        Plan(int w, int h, int ow, int oh, int[] channels, boolean simd) {
            this(w, h, ow, oh, channels, Boolean.valueOf(simd));
        }

        private Plan(int w, int h, int ow, int oh, int[] channels, Boolean simd) {
            this.w = w;
            this.ow = ow;
            this.down = Axis.of(h, oh, false);
            this.across = Axis.of(w, ow, true);
            this.channels = channels.clone();
            this.scalar = new Scalar(w, ow, across, channels);
            this.forced = simd;
            this.fused = fuses(down, h);
            if (Boolean.TRUE.equals(simd)) {
                this.vector = vectorOrScalar();
            }
        }

        private RowKernel vectorOrScalar() {
            RowKernel k = Simd.usable()
                    ? OpenCvLinearSimd.create(w, across.first, across.second, across.w0, across.w1, channels) : null;
            return k != null ? k : scalar;
        }

        /** The kernel this plan runs now ("scalar" or "Vector API, ..."), for logs and tests. */
        String kernel() {
            return current(false).toString();
        }

        /** Whether {@link #rows} runs both passes in one ({@link FusedRowKernel#row}) now, for tests. */
        boolean fusesRows() {
            return fused && current(false) instanceof FusedRowKernel;
        }

        /**
         * The kernel to run: the forced one, or the vector kernel once warm.
         *
         * @param resize whether this is a resize to count towards the warm-up
         */
        private RowKernel current(boolean resize) {
            if (forced != null) {
                return forced ? vector : scalar;
            }
            if (!(resize ? Simd.warm() : Simd.isWarm())) {
                return scalar;
            }
            RowKernel k = vector;
            if (k == null) {
                k = vectorOrScalar();
                vector = k;
            }
            return k;
        }

        /** Output rows {@code from} (inclusive) to {@code to} (exclusive), in order, into {@code sink}. */
        void rows(ByteBuffer src, int from, int to, PixelSink sink) {
            RowKernel kernel = current(true); // one kernel per call: each lays out its resampled rows its own way
            src = src.duplicate().order(java.nio.ByteOrder.nativeOrder());
            byte[] source = new byte[kernel.scratchLength()];
            int n = 3 * ow;
            int[] out = new int[n];
            if (fused && kernel instanceof FusedRowKernel both) {
                byte[] second = new byte[kernel.scratchLength()];
                int rowBytes = 3 * w;
                FloatSink floatSink = sink instanceof FloatSink f && f.takesFloats() ? f : null;
                float[] floats = floatSink != null ? new float[n] : null;
                for (int y = from; y < to; y++) {
                    int top = down.first[y] * rowBytes;
                    int bottom = down.second[y] * rowBytes;
                    if (floatSink != null) {
                        both.rowFloats(src, top, bottom, source, second, down.w0[y], down.w1[y], floats);
                        floatSink.floats(y, floats);
                    } else {
                        both.row(src, top, bottom, source, second, down.w0[y], down.w1[y], out);
                        sink.pixels(y, out);
                    }
                }
                return;
            }
            // Two slots of horizontally resampled rows, slot = row % 2: an output row reads two rows that are
            // equal or adjacent, and they only move down, so the two never share a slot unless they are the same.
            int[][] slots = new int[2][n];
            int[] rowInSlot = {-1, -1};
            for (int y = from; y < to; y++) {
                int[] top = resampled(kernel, src, down.first[y], source, slots, rowInSlot);
                int[] bottom = resampled(kernel, src, down.second[y], source, slots, rowInSlot);
                kernel.vertical(top, bottom, down.w0[y], down.w1[y], out);
                sink.pixels(y, out);
            }
        }

        /** Source row {@code r} resampled across, from its slot or computed into it now. */
        private int[] resampled(RowKernel kernel, ByteBuffer src, int r, byte[] source, int[][] slots,
                                int[] rowInSlot) {
            int slot = r & 1;
            if (rowInSlot[slot] != r) {
                kernel.horizontal(src, r * w * 3, source, slots[slot]);
                rowInSlot[slot] = r;
            }
            return slots[slot];
        }
    }

    /**
     * Whether fusing the passes pays for a resize from {@code h} to {@code oh} rows: it resamples two source rows
     * per output row, against each distinct source row once when rows are kept, but saves storing and reloading
     * them; measured here, it is faster up to 1.6 times as many rows resampled (YOLOX's letterbox of a VGA photo:
     * 1.08; 1.64 took as long as the two passes).
     */
    static boolean fuses(int h, int oh) {
        return fuses(Axis.of(h, oh, false), h);
    }

    private static boolean fuses(Axis down, int h) {
        boolean[] used = new boolean[h];
        for (int y = 0; y < down.first.length; y++) {
            used[down.first[y]] = true;
            used[down.second[y]] = true;
        }
        int distinct = 0;
        for (boolean u : used) {
            distinct += u ? 1 : 0;
        }
        return 2L * down.first.length * 5 <= 8L * distinct;
    }

    /**
     * One pixel at a time across, its three channels together, into one plane per channel ({@code h[c * width
     * + x]}), so that the vertical pass is a straight int loop the JIT compiles to SIMD instructions.
     */
    private static final class Scalar implements RowKernel {
        private final int ow;
        private final int rowBytes;
        private final int[] channels;
        private final int[] across0;
        private final int[] across1;
        private final int[] a0;
        private final int[] a1;

        Scalar(int w, int ow, Axis across, int[] channels) {
            this.ow = ow;
            this.rowBytes = w * 3;
            this.channels = channels.clone();
            this.a0 = across.w0;
            this.a1 = across.w1;
            this.across0 = new int[ow];
            this.across1 = new int[ow];
            for (int x = 0; x < ow; x++) {
                across0[x] = across.first[x] * 3;
                across1[x] = across.second[x] * 3;
            }
        }

        @Override
        public int scratchLength() {
            return rowBytes;
        }

        @Override
        public void horizontal(ByteBuffer image, int row, byte[] s, int[] h) {
            image.get(row, s, 0, rowBytes);
            int c0 = channels[0];
            int c1 = channels[1];
            int c2 = channels[2];
            int g = ow;
            int b = 2 * ow;
            for (int x = 0; x < ow; x++) {
                int p = across0[x];
                int q = across1[x];
                int wa = a0[x];
                int wb = a1[x];
                h[x] = (s[p + c0] & 0xFF) * wa + (s[q + c0] & 0xFF) * wb;
                h[g + x] = (s[p + c1] & 0xFF) * wa + (s[q + c1] & 0xFF) * wb;
                h[b + x] = (s[p + c2] & 0xFF) * wa + (s[q + c2] & 0xFF) * wb;
            }
        }

        @Override
        public void vertical(int[] h0, int[] h1, int b0, int b1, int[] out) {
            for (int x = 0; x < out.length; x++) {
                out[x] = ((((h0[x] >> 4) * b0) >> 16) + (((h1[x] >> 4) * b1) >> 16) + 2) >> 2;
            }
        }

        @Override
        public String toString() {
            return "scalar";
        }
    }
}

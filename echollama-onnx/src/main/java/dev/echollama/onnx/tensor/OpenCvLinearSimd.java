package dev.echollama.onnx.tensor;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link OpenCvLinear}'s two passes with the Vector API: the same integers, many at a time, so the same bytes as
 * the scalar kernel (and OpenCV).
 *
 * <p>Across: the output values are computed interleaved (value {@code 3x + c}). A block of L of them (L = int
 * lanes of the widest vector: 16 with AVX-512, 8 with AVX2) reads source bytes that lie close together when the
 * image shrinks by less than about 3.8x (AVX-512): one unaligned load of {@code 4L} bytes holds all of them, one
 * byte permutation puts each value's two taps in the low bytes of its int's two halves, and the rest is masks, a
 * shift, two multiplies and an add (about 12% faster than two permutations each widened to ints). Every block's
 * permutation and window start are worked out once per size. A steeper shrink (a 1080p frame or a phone
 * photo into 416 pixels) first copies each output pixel's two source pixels side by side into a scratch row, one
 * 8-byte read per pixel, and runs the same blocks on that.
 *
 * <p>Down: three vectors of blended values (L pixels) are split into the three channel planes with single-vector
 * permutations and blends.
 *
 * <p>Loading this class needs the incubating {@code jdk.incubator.vector} module ({@code --add-modules
 * jdk.incubator.vector}); {@link Simd} checks that before anything here is touched.
 */
final class OpenCvLinearSimd implements OpenCvLinear.RowKernel {
    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Byte> BYTES = VectorSpecies.of(byte.class, INTS.vectorShape());
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.nativeOrder());
    /**
     * De-interleaving L pixels held in three vectors (values {@code 3x + c}, x < L): channel c's lane l is value
     * {@code 3l + c}, taken from vector {@code (3l + c) / L} through {@code PICK[c][v]} where {@code FROM[c][v]}
     * is set. Single-vector permutations and blends: the JDK 17 two-vector permutation is not compiled to one
     * instruction.
     */
    @SuppressWarnings({"unchecked", "rawtypes"}) // no generic array creation in Java
    private static final VectorShuffle<Integer>[][] PICK = new VectorShuffle[3][3];
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static final VectorMask<Integer>[][] FROM = new VectorMask[3][3];

    static {
        int lanes = INTS.length();
        for (int c = 0; c < 3; c++) {
            for (int v = 0; v < 3; v++) {
                int[] index = new int[lanes];
                boolean[] here = new boolean[lanes];
                for (int l = 0; l < lanes; l++) {
                    int i = 3 * l + c;
                    here[l] = i / lanes == v;
                    index[l] = here[l] ? i % lanes : 0;
                }
                PICK[c][v] = VectorShuffle.fromArray(INTS, index, 0);
                FROM[c][v] = VectorMask.fromArray(INTS, here, 0);
            }
        }
    }

    private final int width;

    private final int blocks;
    private final int[] base;
    /** Per block: lane l's first tap to byte 4l, its second to byte 4l + 2 (little-endian: its two low bytes). */
    private final VectorShuffle<Byte>[] taps;
    private final int[] w0;
    private final int[] w1;
    private final int[] i0;
    private final int[] i1;
    private final int scratchLength;
    /** Null, or per output pixel the source byte its two pixels are copied from, to scratch byte {@code 6x}. */
    private final int[] gather;
    private final int rowBytes;

    @SuppressWarnings({"unchecked", "rawtypes"})
    private OpenCvLinearSimd(int[] i0, int[] i1, int[] w0, int[] w1, int[] base, int[] gather, int rowBytes,
                             int scratchLength) {
        this.gather = gather;
        this.rowBytes = rowBytes;
        this.width = i0.length / 3;
        this.blocks = base.length;
        this.base = base;
        this.i0 = i0;
        this.i1 = i1;
        this.w0 = w0;
        this.w1 = w1;
        this.scratchLength = scratchLength;
        int lanes = INTS.length();
        int window = BYTES.length();
        this.taps = new VectorShuffle[blocks];
        int[] index = new int[window];
        for (int k = 0; k < blocks; k++) {
            for (int l = 0; l < lanes; l++) {
                int a = i0[k * lanes + l] - base[k];
                int b = i1[k * lanes + l] - base[k];
                index[4 * l] = a;
                index[4 * l + 1] = a; // bytes 1 and 3 of each int are masked off
                index[4 * l + 2] = b;
                index[4 * l + 3] = b;
            }
            taps[k] = VectorShuffle.fromArray(BYTES, index, 0);
        }
    }

    /**
     * Whether this machine's widest vectors make the permutation pass worth it: at least 256 bits (AVX2,
     * AVX-512); with 128-bit vectors a block holds four values and the scalar loop is as fast.
     */
    static boolean worthIt() {
        return INTS.vectorBitSize() >= 256;
    }

    /**
     * The kernel for one row layout, or null if the layout breaks a rule the scalar kernel does not need (a
     * second tap that is neither the first's right neighbour nor weighted 0).
     *
     * @param w       source width in pixels
     * @param first   per output pixel, its first source pixel
     * @param second  its second source pixel
     * @param a0      the first tap's 11-bit weight
     * @param a1      the second tap's weight
     * @param channels tensor channel c reads source byte {@code channels[c]} of a pixel
     */
    static OpenCvLinearSimd create(int w, int[] first, int[] second, int[] a0, int[] a1, int[] channels) {
        int ow = first.length;
        int n = 3 * ow;
        int[] i0 = new int[n];
        int[] i1 = new int[n];
        int[] w0 = new int[n];
        int[] w1 = new int[n];
        for (int x = 0; x < ow; x++) {
            if (second[x] != first[x] + 1 && a1[x] != 0) {
                return null;
            }
            for (int c = 0; c < 3; c++) {
                i0[3 * x + c] = first[x] * 3 + channels[c];
                i1[3 * x + c] = second[x] * 3 + channels[c];
                w0[3 * x + c] = a0[x];
                w1[3 * x + c] = a1[x];
            }
        }
        int[] base = bases(i0, i1);
        if (base != null) {
            return new OpenCvLinearSimd(i0, i1, w0, w1, base, null, 3 * w, Math.max(3 * w, end(base)));
        }
        // Shrinking steeply: copy each output pixel's two source pixels side by side into the scratch (one
        // 8-byte read per pixel, straight from the image, so the rest of the row is never touched); every block's
        // taps then lie within 6 * ceil(L / 3) + 6 bytes.
        int[] gather = new int[ow];
        for (int x = 0; x < ow; x++) {
            gather[x] = first[x] * 3;
            for (int c = 0; c < 3; c++) {
                i0[3 * x + c] = 6 * x + channels[c];
                // The right neighbour, or whatever follows a last pixel, weighted 0.
                i1[3 * x + c] = 6 * x + 3 + channels[c];
            }
        }
        base = bases(i0, i1);
        if (base == null) {
            return null; // cannot happen for 256-bit vectors or wider; kept as a guard
        }
        return new OpenCvLinearSimd(i0, i1, w0, w1, base, gather, 3 * w, Math.max(6 * ow + 2, end(base)));
    }

    /** Each block's window start, or null if some block's taps span more than one vector. */
    private static int[] bases(int[] i0, int[] i1) {
        int lanes = INTS.length();
        int window = BYTES.length();
        int[] base = new int[i0.length / lanes];
        for (int k = 0; k < base.length; k++) {
            int lo = Integer.MAX_VALUE;
            int hi = Integer.MIN_VALUE;
            for (int l = 0; l < lanes; l++) {
                lo = Math.min(lo, i0[k * lanes + l]);
                hi = Math.max(hi, i1[k * lanes + l]);
            }
            if (hi - lo >= window) {
                return null;
            }
            base[k] = lo;
        }
        return base;
    }

    private static int end(int[] base) {
        int end = 0;
        for (int b : base) {
            end = Math.max(end, b + BYTES.length());
        }
        return end;
    }

    @Override
    public int scratchLength() {
        return scratchLength;
    }

    @Override
    public void horizontal(ByteBuffer image, int row, byte[] s, int[] h) {
        if (gather == null) {
            image.get(row, s, 0, rowBytes);
        } else {
            for (int x = 0, to = 0; x < gather.length; x++, to += 6) {
                int from = gather[x];
                if (from + 8 <= rowBytes) {
                    LONGS.set(s, to, image.getLong(row + from)); // both in native order: the bytes as they are
                } else {
                    for (int i = 0; i < 6; i++) { // the last pixel: its neighbour (weight 0) is not in the row
                        s[to + i] = from + i < rowBytes ? image.get(row + from + i) : 0;
                    }
                }
            }
        }
        int lanes = INTS.length();
        for (int k = 0; k < blocks; k++) {
            int j = k * lanes;
            // One permutation puts each value's two taps in the low bytes of its int's two halves.
            IntVector pair = ByteVector.fromArray(BYTES, s, base[k]).rearrange(taps[k]).reinterpretAsInts()
                    .and(0x00FF00FF);
            IntVector a = pair.and(0xFFFF);
            IntVector b = pair.lanewise(VectorOperators.LSHR, 16);
            a.mul(IntVector.fromArray(INTS, w0, j)).add(b.mul(IntVector.fromArray(INTS, w1, j))).intoArray(h, j);
        }
        for (int j = blocks * lanes; j < i0.length; j++) {
            h[j] = (s[i0[j]] & 0xFF) * w0[j] + (s[i1[j]] & 0xFF) * w1[j];
        }
    }

    @Override
    public void vertical(int[] h0, int[] h1, int b0, int b1, int[] out) {
        int lanes = INTS.length();
        int full = width / lanes * lanes;
        for (int x = 0; x < full; x += lanes) {
            int j = 3 * x;
            IntVector a = blend(h0, h1, j, b0, b1);
            IntVector b = blend(h0, h1, j + lanes, b0, b1);
            IntVector c = blend(h0, h1, j + 2 * lanes, b0, b1);
            for (int ch = 0; ch < 3; ch++) {
                VectorShuffle<Integer>[] pick = PICK[ch];
                VectorMask<Integer>[] from = FROM[ch];
                a.rearrange(pick[0]).blend(b.rearrange(pick[1]), from[1]).blend(c.rearrange(pick[2]), from[2])
                        .intoArray(out, ch * width + x);
            }
        }
        for (int x = full; x < width; x++) {
            for (int ch = 0; ch < 3; ch++) {
                int j = 3 * x + ch;
                out[ch * width + x] = ((((h0[j] >> 4) * b0) >> 16) + (((h1[j] >> 4) * b1) >> 16) + 2) >> 2;
            }
        }
    }

    /**
     * {@code out[i] = values[from + i]} for {@code i < length}, exactly (the values are 0-255, so every int is a
     * float). JDK 17's JIT does not turn the plain loop into SIMD instructions: it converts one value at a time,
     * about ten times slower than this, which made the int-to-float step a quarter of YOLOX's letterbox.
     */
    static void toFloats(int[] values, int from, float[] out, int length) {
        int lanes = INTS.length();
        int i = 0;
        for (; i <= length - lanes; i += lanes) {
            ((FloatVector) IntVector.fromArray(INTS, values, from + i).convert(VectorOperators.I2F, 0))
                    .intoArray(out, i);
        }
        for (; i < length; i++) {
            out[i] = values[from + i];
        }
    }

    private static IntVector blend(int[] h0, int[] h1, int j, int b0, int b1) {
        IntVector top = IntVector.fromArray(INTS, h0, j).lanewise(VectorOperators.ASHR, 4).mul(b0)
                .lanewise(VectorOperators.ASHR, 16);
        IntVector bottom = IntVector.fromArray(INTS, h1, j).lanewise(VectorOperators.ASHR, 4).mul(b1)
                .lanewise(VectorOperators.ASHR, 16);
        return top.add(bottom).add(2).lanewise(VectorOperators.ASHR, 2);
    }

    /**
     * Runs both variants (straight and gathered) on synthetic rows long enough for the JIT to compile them:
     * measured here, three VGA photos' worth of rows (about 1,700) were enough; this runs eight.
     */
    static void warmUp() {
        int[] bgr = {2, 1, 0};
        byte[] pixels = new byte[4032 * 3 * 4];
        new java.util.SplittableRandom(1).nextBytes(pixels);
        ByteBuffer image = ByteBuffer.wrap(pixels).order(ByteOrder.nativeOrder());
        for (int w : new int[] {768, 4032}) {
            int ow = 416;
            int[] first = new int[ow];
            int[] second = new int[ow];
            int[] a0 = new int[ow];
            int[] a1 = new int[ow];
            for (int x = 0; x < ow; x++) {
                first[x] = Math.min(x * w / ow, w - 2);
                second[x] = first[x] + 1;
                a0[x] = 1024 + (x & 511);
                a1[x] = 2048 - a0[x];
            }
            OpenCvLinearSimd k = create(w, first, second, a0, a1, bgr);
            if (k == null) {
                continue;
            }
            byte[] scratch = new byte[k.scratchLength()];
            int[] h0 = new int[3 * ow];
            int[] h1 = new int[3 * ow];
            int[] out = new int[3 * ow];
            float[] floats = new float[ow];
            for (int i = 0; i < 8 * 600; i++) {
                k.horizontal(image, (i & 3) * w * 3, scratch, (i & 1) == 0 ? h0 : h1);
                k.vertical(h0, h1, 1024, 1024, out);
                toFloats(out, (i % 3) * ow, floats, ow - (i & 7));
            }
        }
    }

    @Override
    public String toString() {
        return "Vector API, " + INTS.vectorBitSize() + "-bit" + (gather != null ? ", gathered" : "");
    }
}

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
 * <p>Down: three vectors of blended values (L pixels) are split into the three channel planes, two blends and one
 * permutation per plane.
 *
 * <p>When the image shrinks enough that few source rows serve two output rows (YOLOX's letterbox of a photo),
 * {@link #row} runs both passes in one: per block of L values, the two source rows share the permutation and the
 * weights, and their sums go straight into the blend and the split, so no row resampled across is stored and read
 * back. For a VGA photo into 416x312 that is about 35% less time than the two passes, 624 rows resampled
 * across instead of 576 included.
 *
 * <p>Loading this class needs the incubating {@code jdk.incubator.vector} module ({@code --add-modules
 * jdk.incubator.vector}); {@link Simd} checks that before anything here is touched.
 */
final class OpenCvLinearSimd implements OpenCvLinear.FusedRowKernel {
    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Byte> BYTES = VectorSpecies.of(byte.class, INTS.vectorShape());
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.nativeOrder());
    /**
     * De-interleaving L pixels held in three vectors (values {@code 3x + c}, x < L): channel c's lane l is value
     * {@code 3l + c}, lane {@code (3l + c) % L} of vector {@code (3l + c) / L}. Since L is not a multiple of 3, the
     * lanes a channel needs lie at different positions in each of the three vectors, so two blends ({@code TAKE[c]})
     * gather them into one vector and one single-vector permutation ({@code ORDER[c]}) puts them in order: three
     * permutations for L pixels, not nine. Each permutation costs more than its one instruction on JDK 17, which
     * checks its indexes first; the two-vector permutation is not compiled to one instruction there at all.
     */
    @SuppressWarnings({"unchecked", "rawtypes"}) // no generic array creation in Java
    private static final VectorMask<Integer>[][] TAKE = new VectorMask[3][3];
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static final VectorShuffle<Integer>[] ORDER = new VectorShuffle[3];

    static {
        int lanes = INTS.length();
        for (int c = 0; c < 3; c++) {
            boolean[][] from = new boolean[3][lanes];
            int[] position = new int[lanes];
            for (int l = 0; l < lanes; l++) {
                int i = 3 * l + c;
                from[i / lanes][i % lanes] = true;
                position[l] = i % lanes;
            }
            for (int v = 1; v < 3; v++) {
                TAKE[c][v] = VectorMask.fromArray(INTS, from[v], 0);
            }
            ORDER[c] = VectorShuffle.fromArray(INTS, position, 0);
        }
    }

    private final int width;

    /** Blocks of L values from value 0, the last whole one included; {@link #base} and {@link #taps} go on. */
    private final int blocks;
    /**
     * The fused row's groups of L pixels: each one's first pixel and first of its three blocks. The whole groups,
     * then, when the width is not a multiple of L and their taps fit the window, a tail group: the last L pixels,
     * some of them again, on three more blocks at the end of {@link #base} and {@link #taps}.
     */
    private final int[] groupX;
    private final int[] groupBlock;
    /** Per block: where its window starts in the scratch. */
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

    /**
     * @param loaded how many scratch bytes a row's load fills (the row, or the gathered pairs); the scratch holds
     *               those and every block's whole window
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private OpenCvLinearSimd(int[] i0, int[] i1, int[] w0, int[] w1, int[] base, int[] gather, int rowBytes,
                             int loaded) {
        this.gather = gather;
        this.rowBytes = rowBytes;
        this.width = i0.length / 3;
        this.blocks = base.length;
        this.i0 = i0;
        this.i1 = i1;
        this.w0 = w0;
        this.w1 = w1;
        int lanes = INTS.length();
        // The last L pixels as one more group of three blocks, when the width is not a multiple of L and their
        // taps fit the window: the fused row then computes them with the others instead of one value at a time.
        int tailFrom = 3 * (width - lanes);
        int[] tailBase = null;
        if (width > lanes && width % lanes != 0) {
            tailBase = new int[3];
            for (int b = 0; b < 3 && tailBase != null; b++) {
                tailBase[b] = windowStart(i0, i1, tailFrom + b * lanes);
                if (tailBase[b] < 0) {
                    tailBase = null;
                }
            }
        }
        this.base = tailBase == null ? base : java.util.Arrays.copyOf(base, blocks + 3);
        this.taps = new VectorShuffle[this.base.length];
        for (int k = 0; k < blocks; k++) {
            taps[k] = taps(k * lanes, base[k]);
        }
        int full = width / lanes;
        this.groupX = new int[tailBase == null ? full : full + 1];
        this.groupBlock = new int[groupX.length];
        for (int g = 0; g < full; g++) {
            groupX[g] = g * lanes;
            groupBlock[g] = 3 * g;
        }
        if (tailBase != null) {
            for (int b = 0; b < 3; b++) {
                this.base[blocks + b] = tailBase[b];
                taps[blocks + b] = taps(tailFrom + b * lanes, tailBase[b]);
            }
            groupX[full] = width - lanes;
            groupBlock[full] = blocks;
        }
        this.scratchLength = Math.max(loaded, end(this.base));
    }

    /** The permutation for the L values from {@code from}: their taps, counted from the window start {@code at}. */
    private VectorShuffle<Byte> taps(int from, int at) {
        int[] index = new int[BYTES.length()];
        for (int l = 0; l < INTS.length(); l++) {
            int a = i0[from + l] - at;
            int b = i1[from + l] - at;
            index[4 * l] = a;
            index[4 * l + 1] = a; // bytes 1 and 3 of each int are masked off
            index[4 * l + 2] = b;
            index[4 * l + 3] = b;
        }
        return VectorShuffle.fromArray(BYTES, index, 0);
    }

    /** The first tap of the L values from {@code from}, or -1 if their taps span more than one vector. */
    private static int windowStart(int[] i0, int[] i1, int from) {
        int lo = Integer.MAX_VALUE;
        int hi = Integer.MIN_VALUE;
        for (int l = 0; l < INTS.length(); l++) {
            lo = Math.min(lo, i0[from + l]);
            hi = Math.max(hi, i1[from + l]);
        }
        return hi - lo < BYTES.length() ? lo : -1;
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
            return new OpenCvLinearSimd(i0, i1, w0, w1, base, null, 3 * w, 3 * w);
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
        return new OpenCvLinearSimd(i0, i1, w0, w1, base, gather, 3 * w, 6 * ow + 2);
    }

    /** Each block's window start, or null if some block's taps span more than one vector. */
    private static int[] bases(int[] i0, int[] i1) {
        int lanes = INTS.length();
        int[] base = new int[i0.length / lanes];
        for (int k = 0; k < base.length; k++) {
            base[k] = windowStart(i0, i1, k * lanes);
            if (base[k] < 0) {
                return null;
            }
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
        load(image, row, s);
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
            h[j] = across(s, j);
        }
    }

    /**
     * The source row starting at byte {@code row} into the scratch: as it is, or (steep shrinks) each output
     * pixel's two source pixels side by side.
     */
    private void load(ByteBuffer image, int row, byte[] s) {
        if (gather == null) {
            image.get(row, s, 0, rowBytes);
            return;
        }
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

    @Override
    public void vertical(int[] h0, int[] h1, int b0, int b1, int[] out) {
        int lanes = INTS.length();
        VectorMask<Integer> take01 = TAKE[0][1];
        VectorMask<Integer> take02 = TAKE[0][2];
        VectorMask<Integer> take11 = TAKE[1][1];
        VectorMask<Integer> take12 = TAKE[1][2];
        VectorMask<Integer> take21 = TAKE[2][1];
        VectorMask<Integer> take22 = TAKE[2][2];
        VectorShuffle<Integer> order0 = ORDER[0];
        VectorShuffle<Integer> order1 = ORDER[1];
        VectorShuffle<Integer> order2 = ORDER[2];
        int groups = width < lanes ? 0 : (width + lanes - 1) / lanes;
        for (int g = 0; g < groups; g++) {
            int x = Math.min(g * lanes, width - lanes); // the last group: the last L pixels, some of them again
            int j = 3 * x;
            IntVector a = down(IntVector.fromArray(INTS, h0, j), IntVector.fromArray(INTS, h1, j), b0, b1);
            j += lanes;
            IntVector b = down(IntVector.fromArray(INTS, h0, j), IntVector.fromArray(INTS, h1, j), b0, b1);
            j += lanes;
            IntVector c = down(IntVector.fromArray(INTS, h0, j), IntVector.fromArray(INTS, h1, j), b0, b1);
            a.blend(b, take01).blend(c, take02).rearrange(order0).intoArray(out, x);
            a.blend(b, take11).blend(c, take12).rearrange(order1).intoArray(out, width + x);
            a.blend(b, take21).blend(c, take22).rearrange(order2).intoArray(out, 2 * width + x);
        }
        for (int x = groups * lanes; x < width; x++) { // only when narrower than L
            for (int ch = 0; ch < 3; ch++) {
                int j = 3 * x + ch;
                out[ch * width + x] = down(h0[j], h1[j], b0, b1);
            }
        }
    }

    /**
     * Both passes for one output row, block by block: the two source rows' blocks share their permutation and
     * weights and go straight into the blend, so no row resampled across is stored and read back. One method on
     * purpose, with the masks and permutations read once before the loop: C2 does not inline a callee whose
     * compiled code is already large, and a vector passed to or returned from a call that is not inlined is boxed,
     * which made a first version, split into helpers, three times slower than the two passes (even the small
     * vector {@code down} that {@link #vertical} calls made this 2.5 times slower); a version with one call per
     * group, no vector crossing it, was still 50% slower than this.
     */
    @Override
    public void row(ByteBuffer image, int top, int bottom, byte[] s0, byte[] s1, int b0, int b1, int[] out) {
        row(image, top, bottom, s0, s1, b0, b1, out, null);
    }

    @Override
    public void rowFloats(ByteBuffer image, int top, int bottom, byte[] s0, byte[] s1, int b0, int b1,
                          float[] out) {
        row(image, top, bottom, s0, s1, b0, b1, null, out);
    }

    /** Into {@code out}, or as floats into {@code floats} where {@code out} is null. */
    private void row(ByteBuffer image, int top, int bottom, byte[] s0, byte[] s1, int b0, int b1, int[] out,
                     float[] floats) {
        load(image, top, s0);
        load(image, bottom, s1);
        int lanes = INTS.length();
        VectorMask<Integer> take01 = TAKE[0][1];
        VectorMask<Integer> take02 = TAKE[0][2];
        VectorMask<Integer> take11 = TAKE[1][1];
        VectorMask<Integer> take12 = TAKE[1][2];
        VectorMask<Integer> take21 = TAKE[2][1];
        VectorMask<Integer> take22 = TAKE[2][2];
        VectorShuffle<Integer> order0 = ORDER[0];
        VectorShuffle<Integer> order1 = ORDER[1];
        VectorShuffle<Integer> order2 = ORDER[2];
        int[] groupX = this.groupX;
        for (int g = 0; g < groupX.length; g++) {
            int x = groupX[g];
            int k = groupBlock[g];
            int j = 3 * x;
            VectorShuffle<Byte> t = taps[k];
            IntVector a0 = IntVector.fromArray(INTS, w0, j);
            IntVector a1 = IntVector.fromArray(INTS, w1, j);
            IntVector p = ByteVector.fromArray(BYTES, s0, base[k]).rearrange(t).reinterpretAsInts().and(0x00FF00FF);
            IntVector q = ByteVector.fromArray(BYTES, s1, base[k]).rearrange(t).reinterpretAsInts().and(0x00FF00FF);
            IntVector a = p.and(0xFFFF).mul(a0).add(p.lanewise(VectorOperators.LSHR, 16).mul(a1))
                    .lanewise(VectorOperators.ASHR, 4).mul(b0).lanewise(VectorOperators.ASHR, 16)
                    .add(q.and(0xFFFF).mul(a0).add(q.lanewise(VectorOperators.LSHR, 16).mul(a1))
                            .lanewise(VectorOperators.ASHR, 4).mul(b1).lanewise(VectorOperators.ASHR, 16))
                    .add(2).lanewise(VectorOperators.ASHR, 2);
            j += lanes;
            t = taps[k + 1];
            a0 = IntVector.fromArray(INTS, w0, j);
            a1 = IntVector.fromArray(INTS, w1, j);
            p = ByteVector.fromArray(BYTES, s0, base[k + 1]).rearrange(t).reinterpretAsInts().and(0x00FF00FF);
            q = ByteVector.fromArray(BYTES, s1, base[k + 1]).rearrange(t).reinterpretAsInts().and(0x00FF00FF);
            IntVector b = p.and(0xFFFF).mul(a0).add(p.lanewise(VectorOperators.LSHR, 16).mul(a1))
                    .lanewise(VectorOperators.ASHR, 4).mul(b0).lanewise(VectorOperators.ASHR, 16)
                    .add(q.and(0xFFFF).mul(a0).add(q.lanewise(VectorOperators.LSHR, 16).mul(a1))
                            .lanewise(VectorOperators.ASHR, 4).mul(b1).lanewise(VectorOperators.ASHR, 16))
                    .add(2).lanewise(VectorOperators.ASHR, 2);
            j += lanes;
            t = taps[k + 2];
            a0 = IntVector.fromArray(INTS, w0, j);
            a1 = IntVector.fromArray(INTS, w1, j);
            p = ByteVector.fromArray(BYTES, s0, base[k + 2]).rearrange(t).reinterpretAsInts().and(0x00FF00FF);
            q = ByteVector.fromArray(BYTES, s1, base[k + 2]).rearrange(t).reinterpretAsInts().and(0x00FF00FF);
            IntVector c = p.and(0xFFFF).mul(a0).add(p.lanewise(VectorOperators.LSHR, 16).mul(a1))
                    .lanewise(VectorOperators.ASHR, 4).mul(b0).lanewise(VectorOperators.ASHR, 16)
                    .add(q.and(0xFFFF).mul(a0).add(q.lanewise(VectorOperators.LSHR, 16).mul(a1))
                            .lanewise(VectorOperators.ASHR, 4).mul(b1).lanewise(VectorOperators.ASHR, 16))
                    .add(2).lanewise(VectorOperators.ASHR, 2);
            IntVector first = a.blend(b, take01).blend(c, take02).rearrange(order0);
            IntVector second = a.blend(b, take11).blend(c, take12).rearrange(order1);
            IntVector third = a.blend(b, take21).blend(c, take22).rearrange(order2);
            if (floats == null) {
                first.intoArray(out, x);
                second.intoArray(out, width + x);
                third.intoArray(out, 2 * width + x);
            } else { // 0-255: every value is exactly a float
                ((FloatVector) first.convert(VectorOperators.I2F, 0)).intoArray(floats, x);
                ((FloatVector) second.convert(VectorOperators.I2F, 0)).intoArray(floats, width + x);
                ((FloatVector) third.convert(VectorOperators.I2F, 0)).intoArray(floats, 2 * width + x);
            }
        }
        for (int x = groupX.length * lanes; x < width; x++) { // only when narrower than L, or no tail group
            for (int ch = 0; ch < 3; ch++) {
                int j = 3 * x + ch;
                int v = down(across(s0, j), across(s1, j), b0, b1);
                if (floats == null) {
                    out[ch * width + x] = v;
                } else {
                    floats[ch * width + x] = v;
                }
            }
        }
    }

    /** Value {@code j} of a row across, one at a time, for the values past the last whole block. */
    private int across(byte[] s, int j) {
        return (s[i0[j]] & 0xFF) * w0[j] + (s[i1[j]] & 0xFF) * w1[j];
    }

    /** The vertical blend of L values, as {@link OpenCvLinear.RowKernel#vertical} defines it. */
    private static IntVector down(IntVector h0, IntVector h1, int b0, int b1) {
        return h0.lanewise(VectorOperators.ASHR, 4).mul(b0).lanewise(VectorOperators.ASHR, 16)
                .add(h1.lanewise(VectorOperators.ASHR, 4).mul(b1).lanewise(VectorOperators.ASHR, 16))
                .add(2).lanewise(VectorOperators.ASHR, 2);
    }

    /** The vertical blend of one value, as {@link OpenCvLinear.RowKernel#vertical} defines it. */
    private static int down(int h0, int h1, int b0, int b1) {
        return ((((h0 >> 4) * b0) >> 16) + (((h1 >> 4) * b1) >> 16) + 2) >> 2;
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

    /**
     * Runs both variants (straight and gathered) on synthetic rows until the JIT has compiled them: measured here,
     * three VGA photos' worth of rows (about 1,700) were enough to start the compiles; this runs eight, the two
     * variants taking turns so that one compile covers both. The compiler may still be at work when they end (on
     * a busy machine it was, and the first real resizes then ran on slow code for 20-40 ms each), so it goes on,
     * a short batch at a time with pauses, until the batches have stopped getting faster and the JIT has stopped
     * compiling, or for 20 s at most.
     */
    static void warmUp() throws InterruptedException {
        byte[] pixels = new byte[4032 * 3 * 4];
        new java.util.SplittableRandom(1).nextBytes(pixels);
        // Read-only, as RgbImage.pixels() gives them: the JIT compiles the kernels for the buffer class it has seen,
        // and a new one at the first real resize threw them out again (six to ten resizes of 20-60 ms each).
        ByteBuffer image = ByteBuffer.wrap(pixels).asReadOnlyBuffer().order(ByteOrder.nativeOrder());
        java.util.List<WarmUpRig> rigs = new java.util.ArrayList<>();
        for (int w : new int[] {768, 4032}) {
            WarmUpRig rig = WarmUpRig.of(w, image);
            if (rig != null) {
                rigs.add(rig);
            }
        }
        for (int i = 0; i < 8 * 600; i++) {
            for (WarmUpRig rig : rigs) {
                rig.step(i);
            }
        }
        var jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        boolean timed = jit != null && jit.isCompilationTimeMonitoringSupported();
        long deadline = System.nanoTime() + 20_000_000_000L;
        long best = Long.MAX_VALUE;
        long compiling = timed ? jit.getTotalCompilationTime() : 0;
        for (int calm = 0, i = 0; calm < 4 && System.nanoTime() < deadline; ) {
            long start = System.nanoTime();
            for (int n = 0; n < 50; n++, i++) {
                for (WarmUpRig rig : rigs) {
                    rig.step(i);
                }
            }
            long took = System.nanoTime() - start;
            long compiled = timed ? jit.getTotalCompilationTime() : compiling;
            if (took < best - best / 5 || compiled != compiling) {
                calm = 0;
            } else {
                calm++;
            }
            best = Math.min(best, took);
            compiling = compiled;
            Thread.sleep(20); // leaves the compiler threads the core
        }
    }

    /** One row layout's kernel and buffers, for {@link #warmUp()}. */
    private record WarmUpRig(OpenCvLinearSimd kernel, ByteBuffer image, int rowBytes, byte[] scratch,
                             byte[] scratch2, int[] h0, int[] h1, int[] out, float[] floats) {
        static WarmUpRig of(int w, ByteBuffer image) {
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
            OpenCvLinearSimd k = create(w, first, second, a0, a1, new int[] {2, 1, 0});
            if (k == null) {
                return null;
            }
            return new WarmUpRig(k, image, 3 * w, new byte[k.scratchLength()], new byte[k.scratchLength()],
                    new int[3 * ow], new int[3 * ow], new int[3 * ow], new float[3 * ow]);
        }

        void step(int i) {
            int ow = h0.length / 3;
            kernel.horizontal(image, (i & 3) * rowBytes, scratch, (i & 1) == 0 ? h0 : h1);
            kernel.vertical(h0, h1, 1024, 1024, out);
            toFloats(out, (i % 3) * ow, floats, ow - (i & 7));
            int top = (i & 3) * rowBytes;
            int bottom = ((i + 1) & 3) * rowBytes;
            if ((i & 1) == 0) {
                kernel.row(image, top, bottom, scratch, scratch2, 1000, 1048, out);
            } else {
                kernel.rowFloats(image, top, bottom, scratch, scratch2, 1048, 1000, floats);
            }
        }
    }

    @Override
    public String toString() {
        return "Vector API, " + INTS.vectorBitSize() + "-bit" + (gather != null ? ", gathered" : "");
    }
}

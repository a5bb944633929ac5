package dev.echollama.onnx.tensor;

import dev.echollama.BadInputException;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;

/**
 * IEEE 754 binary16 ("half", ONNX {@code float16}) conversions, for fp16 model exports whose inputs, outputs or KV
 * caches are declared float16. Half values travel as the raw 16 bits in a {@code short}.
 *
 * <p>float to half rounds to nearest, ties to even (as numpy, PyTorch and ONNX Runtime's casts do); values of
 * magnitude 65520 and above become infinity; values below 2<sup>-14</sup> become subnormals (down to
 * 2<sup>-24</sup>) or signed zero. half to float is exact. Infinities keep their sign; NaNs stay NaN and keep the
 * top ten payload bits, so every one of the 65536 half values survives a round trip through float unchanged.
 *
 * <p>Stateless and thread-safe. Buffer methods use and advance the buffers' positions, like {@code put(src)}.
 */
public final class Float16 {
    /** 1.0 as a half. */
    public static final short ONE = 0x3C00;
    /** The largest finite half, 65504. */
    public static final short MAX_VALUE = 0x7BFF;
    /** The smallest positive (subnormal) half, 2<sup>-24</sup>. */
    public static final short MIN_VALUE = 0x0001;
    /** Positive infinity as a half. */
    public static final short POSITIVE_INFINITY = 0x7C00;

    private Float16() {
    }

    /** The float with the same value as half {@code h} (exact). */
    public static float toFloat(short h) {
        int bits = h & 0xFFFF;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1F;
        int mantissa = bits & 0x3FF;
        if (exponent == 0) {
            // Zero or subnormal: mantissa x 2^-24, exact in float.
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        if (exponent == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F800000 | (mantissa << 13));
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }

    /** The half nearest to {@code f} (ties to even). */
    public static short fromFloat(float f) {
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int abs = bits & 0x7FFFFFFF;
        if (abs >= 0x7F800000) {
            if (abs == 0x7F800000) {
                return (short) (sign | 0x7C00);
            }
            int payload = (abs >>> 13) & 0x3FF;
            // A NaN whose payload lives only in the dropped low bits must not turn into infinity.
            return (short) (sign | 0x7C00 | (payload == 0 ? 0x200 : payload));
        }
        if (abs >= 0x47800000) { // >= 65536: beyond the rounding range of the largest half
            return (short) (sign | 0x7C00);
        }
        if (abs >= 0x38800000) { // >= 2^-14: a normal half (or infinity after rounding up from >= 65520)
            int half = ((((abs >>> 23) - 112) << 10) | ((abs >>> 13) & 0x3FF));
            int rest = abs & 0x1FFF;
            if (rest > 0x1000 || (rest == 0x1000 && (half & 1) != 0)) {
                half++; // a carry out of the mantissa correctly bumps the exponent
            }
            return (short) (sign | half);
        }
        if (abs < 0x33000000) { // < 2^-25: rounds to zero
            return (short) sign;
        }
        // Subnormal half: k x 2^-24 with k = significand >> (126 - exponent), rounded to nearest even.
        int exponent = abs >>> 23;
        int significand = (abs & 0x7FFFFF) | 0x800000;
        int shift = 126 - exponent; // 14..24
        int k = significand >>> shift;
        int rest = significand & ((1 << shift) - 1);
        int halfway = 1 << (shift - 1);
        if (rest > halfway || (rest == halfway && (k & 1) != 0)) {
            k++; // may reach 0x400, the smallest normal half: still the right encoding
        }
        return (short) (sign | k);
    }

    /** Each half of {@code halves} as a float. */
    public static float[] toFloat(short[] halves) {
        float[] out = new float[halves.length];
        for (int i = 0; i < halves.length; i++) {
            out[i] = toFloat(halves[i]);
        }
        return out;
    }

    /** Each float of {@code floats} as the nearest half. */
    public static short[] fromFloat(float[] floats) {
        short[] out = new short[floats.length];
        for (int i = 0; i < floats.length; i++) {
            out[i] = fromFloat(floats[i]);
        }
        return out;
    }

    /**
     * Converts all remaining halves of {@code src} into {@code dst}; both positions advance by
     * {@code src.remaining()}.
     *
     * @throws BadInputException if {@code dst} has less room than {@code src} has values (nothing is written)
     */
    public static void toFloat(ShortBuffer src, FloatBuffer dst) {
        int n = src.remaining();
        if (dst.remaining() < n) {
            throw new BadInputException("float16 -> float32: " + n + " values but room for " + dst.remaining());
        }
        for (int i = 0; i < n; i++) {
            dst.put(toFloat(src.get()));
        }
    }

    /**
     * Converts all remaining floats of {@code src} into halves in {@code dst}; both positions advance by
     * {@code src.remaining()}.
     *
     * @throws BadInputException if {@code dst} has less room than {@code src} has values (nothing is written)
     */
    public static void fromFloat(FloatBuffer src, ShortBuffer dst) {
        int n = src.remaining();
        if (dst.remaining() < n) {
            throw new BadInputException("float32 -> float16: " + n + " values but room for " + dst.remaining());
        }
        for (int i = 0; i < n; i++) {
            dst.put(fromFloat(src.get()));
        }
    }
}

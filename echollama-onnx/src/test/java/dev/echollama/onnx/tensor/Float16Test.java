package dev.echollama.onnx.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.echollama.BadInputException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import org.junit.jupiter.api.Test;

class Float16Test {
    static short h(int bits) {
        return (short) bits;
    }

    @Test
    void handKnownBitPatterns() {
        assertThat(Float16.fromFloat(1.0f)).isEqualTo(h(0x3C00));
        assertThat(Float16.fromFloat(-2.0f)).isEqualTo(h(0xC000));
        assertThat(Float16.fromFloat(0.5f)).isEqualTo(h(0x3800));
        assertThat(Float16.fromFloat(65504f)).isEqualTo(h(0x7BFF));
        assertThat(Float16.fromFloat(0x1p-14f)).isEqualTo(h(0x0400)); // smallest normal
        assertThat(Float16.fromFloat(0x1p-24f)).isEqualTo(h(0x0001)); // smallest subnormal
        assertThat(Float16.fromFloat(0x3FFp-24f)).isEqualTo(h(0x03FF)); // largest subnormal
        assertThat(Float16.fromFloat(0.0f)).isEqualTo(h(0x0000));
        assertThat(Float16.fromFloat(-0.0f)).isEqualTo(h(0x8000));
        assertThat(Float16.fromFloat(Float.POSITIVE_INFINITY)).isEqualTo(h(0x7C00));
        assertThat(Float16.fromFloat(Float.NEGATIVE_INFINITY)).isEqualTo(h(0xFC00));
        assertThat(Float16.toFloat(Float16.fromFloat(Float.NaN))).isNaN();
        assertThat(Float16.fromFloat(0.333251953125f)).isEqualTo(h(0x3555)); // 1/3 rounded to half = 0x3555

        assertThat(Float16.toFloat(h(0x3C00))).isEqualTo(1.0f);
        assertThat(Float16.toFloat(h(0x7BFF))).isEqualTo(65504f);
        assertThat(Float16.toFloat(h(0x0001))).isEqualTo(0x1p-24f);
        assertThat(Float16.toFloat(h(0x8001))).isEqualTo(-0x1p-24f);
        assertThat(Float16.toFloat(h(0xFC00))).isEqualTo(Float.NEGATIVE_INFINITY);
        assertThat(Float16.toFloat(h(0x7E00))).isNaN();
        assertThat(Float.floatToRawIntBits(Float16.toFloat(h(0x8000)))).isEqualTo(0x80000000); // -0
        assertThat(Float16.ONE).isEqualTo(h(0x3C00));
        assertThat(Float16.MAX_VALUE).isEqualTo(h(0x7BFF));
        assertThat(Float16.MIN_VALUE).isEqualTo(h(0x0001));
    }

    @Test
    void roundingTiesGoToEven() {
        // Between 1 (0x3C00) and 1 + 2^-10 (0x3C01): the midpoint goes to the even 0x3C00...
        assertThat(Float16.fromFloat(1f + 0x1p-11f)).isEqualTo(h(0x3C00));
        // ...just above it goes up...
        assertThat(Float16.fromFloat(Math.nextUp(1f + 0x1p-11f))).isEqualTo(h(0x3C01));
        // ...and the midpoint between 0x3C01 and 0x3C02 goes to the even 0x3C02.
        assertThat(Float16.fromFloat(1f + 3 * 0x1p-11f)).isEqualTo(h(0x3C02));
        // Overflow: 65519 rounds down to 65504, the midpoint 65520 ties to even = infinity.
        assertThat(Float16.fromFloat(65519f)).isEqualTo(h(0x7BFF));
        assertThat(Float16.fromFloat(65520f)).isEqualTo(h(0x7C00));
        assertThat(Float16.fromFloat(-70000f)).isEqualTo(h(0xFC00));
        // Subnormal ties: 2^-25 (between 0 and 2^-24) goes to 0; 3 x 2^-25 (between 1 and 2 units) goes to 2.
        assertThat(Float16.fromFloat(0x1p-25f)).isEqualTo(h(0x0000));
        assertThat(Float16.fromFloat(Math.nextUp(0x1p-25f))).isEqualTo(h(0x0001));
        assertThat(Float16.fromFloat(3 * 0x1p-25f)).isEqualTo(h(0x0002));
        assertThat(Float16.fromFloat(-3 * 0x1p-25f)).isEqualTo(h(0x8002));
        // Largest subnormal + half a unit rounds (to even) into the smallest normal.
        assertThat(Float16.fromFloat(0x7FFp-25f)).isEqualTo(h(0x0400));
        assertThat(Float16.fromFloat(1e-10f)).isEqualTo(h(0x0000));
    }

    @Test
    void everyHalfValueRoundTripsThroughFloat() {
        for (int bits = 0; bits < 0x10000; bits++) {
            float f = Float16.toFloat(h(bits));
            int back = Float16.fromFloat(f) & 0xFFFF;
            if (back != bits) {
                fail(String.format("half 0x%04X -> %s -> 0x%04X", bits, f, back));
            }
        }
    }

    @Test
    void floatToHalfIsTheNearestHalfWithTiesToEven() {
        // Oracle: toFloat is exact, so the correct half is the one whose value is nearest; check about 1 M floats
        // below 65520 (from there on IEEE rounding overflows to infinity, checked in roundingTiesGoToEven).
        for (long raw = 0; raw < 0x477FF000L; raw += 1021) {
            for (int sign : new int[] {0, 0x80000000}) {
                float f = Float.intBitsToFloat((int) raw | sign);
                int half = Float16.fromFloat(f) & 0xFFFF;
                double err = Math.abs((double) Float16.toFloat((short) half) - f);
                int magnitude = half & 0x7FFF;
                for (int neighbour : new int[] {magnitude - 1, magnitude + 1}) {
                    if (neighbour < 0 || neighbour > 0x7BFF) {
                        continue;
                    }
                    double other = Math.abs((double) Float16.toFloat((short) (neighbour | (half & 0x8000))) - f);
                    if (err > other || (err == other && (magnitude & 1) != 0)) {
                        fail(String.format("0x%08X -> 0x%04X but 0x%04X is nearer or the even tie", raw | sign,
                                half, neighbour));
                    }
                }
            }
        }
    }

    @Test
    void arraysAndBuffersConvertInBulk() {
        float[] values = {0f, 1f, -1.5f, 65504f, 0x1p-24f, 1e6f};
        short[] halves = Float16.fromFloat(values);
        assertThat(halves).containsExactly(h(0), h(0x3C00), h(0xBE00), h(0x7BFF), h(0x0001), h(0x7C00));
        assertThat(Float16.toFloat(halves)).containsExactly(0f, 1f, -1.5f, 65504f, 0x1p-24f, Float.POSITIVE_INFINITY);

        FloatBuffer src = ByteBuffer.allocateDirect(values.length * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
        src.put(values).flip();
        ShortBuffer mid = ByteBuffer.allocateDirect(values.length * 2).order(ByteOrder.nativeOrder()).asShortBuffer();
        Float16.fromFloat(src, mid);
        assertThat(src.remaining()).isZero();
        mid.flip();
        FloatBuffer back = FloatBuffer.allocate(values.length);
        Float16.toFloat(mid, back);
        assertThat(back.array()).containsExactly(0f, 1f, -1.5f, 65504f, 0x1p-24f, Float.POSITIVE_INFINITY);

        FloatBuffer big = FloatBuffer.wrap(new float[4]);
        ShortBuffer small = ShortBuffer.allocate(3);
        assertThatThrownBy(() -> Float16.fromFloat(big, small)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("4 values but room for 3");
        assertThat(small.position()).isZero();
    }
}

package dev.echollama.onnx.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MapResizeTest {

    @Test
    void upsamplesTwoByOneAsTorchAlignCornersFalse() {
        // torch.nn.functional.interpolate(tensor([[[[0., 4.]]]]), size=(1, 4), mode="bilinear",
        // align_corners=False) = [0, 1, 3, 4]: source x = (d + 0.5) / 2 - 0.5 = -0.25 (clamped), 0.25, 0.75, 1.25.
        assertThat(MapResize.BILINEAR.resize(new float[] {0, 4}, 2, 1, 4, 1)).containsExactly(0f, 1f, 3f, 4f);
    }

    @Test
    void upsamplesRowsIndependentlyOfColumns() {
        // 2x2 [[0, 4], [8, 12]] to 4x4: each row of the result is the column rule, each column the row rule.
        float[] out = MapResize.BILINEAR.resize(new float[] {0, 4, 8, 12}, 2, 2, 4, 4);
        float[] expected = {
            0, 1, 3, 4,
            2, 3, 5, 6,
            6, 7, 9, 10,
            8, 9, 11, 12};
        for (int i = 0; i < 16; i++) {
            assertThat(out[i]).as("index %d", i).isCloseTo(expected[i], within(1e-5f));
        }
    }

    @Test
    void downsamplesByTwoToPairMeans() {
        // Halving: source x = 2d + 0.5, the mean of each pair.
        assertThat(MapResize.BILINEAR.resize(new float[] {0, 2, 4, 6}, 4, 1, 2, 1)).containsExactly(1f, 5f);
    }

    @Test
    void sameSizeIsACopyAndOneByOneIsConstant() {
        float[] src = {1, 2, 3, 4, 5, 6};
        float[] out = MapResize.BILINEAR.resize(src, 3, 2, 3, 2);
        assertThat(out).containsExactly(src).isNotSameAs(src);
        assertThat(MapResize.BILINEAR.resize(new float[] {7}, 1, 1, 3, 2)).containsOnly(7f).hasSize(6);
    }

    @Test
    void orientationIsKept() {
        // A map brighter at the bottom-right stays so.
        float[] src = {0, 1, 2, 3};
        float[] out = MapResize.BILINEAR.resize(src, 2, 2, 5, 7);
        assertThat(out[0]).isEqualTo(0f);
        assertThat(out[out.length - 1]).isEqualTo(3f);
        assertThat(out[4]).isEqualTo(1f);       // top-right corner
        assertThat(out[6 * 5]).isEqualTo(2f);   // bottom-left corner
    }

    /**
     * Against OpenCV itself: {@code cubic-reference.txt} holds float32 maps and {@code cv2.resize(map, size,
     * interpolation=cv2.INTER_CUBIC)} of each, bit for bit (made by {@code make-cubic-reference.py} beside it,
     * Debian 12's OpenCV 4.6.0): a step and a ramp on one row, random maps enlarged and shrunk to widths with and
     * without a remainder of four (OpenCV blends four columns at a time and the rest one by one, which round
     * differently), a 1x1 map and an unchanged size.
     */
    @Test
    void cubicMatchesOpenCvBitForBit() throws Exception {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                MapResizeTest.class.getResourceAsStream("cubic-reference.txt"), StandardCharsets.US_ASCII))) {
            int cases = 0;
            for (String size; (size = in.readLine()) != null; cases++) {
                int[] d = Arrays.stream(size.split(" ")).mapToInt(Integer::parseInt).toArray();
                float[] src = floats(in.readLine());
                float[] expected = floats(in.readLine());
                float[] got = MapResize.OPENCV_CUBIC.resize(src, d[0], d[1], d[2], d[3]);
                assertThat(got).as("%dx%d to %dx%d", d[0], d[1], d[2], d[3]).hasSize(expected.length);
                for (int k = 0; k < expected.length; k++) {
                    assertThat(Float.floatToIntBits(got[k])).as("%dx%d to %dx%d, value %d: %s, OpenCV %s", d[0],
                            d[1], d[2], d[3], k, got[k], expected[k]).isEqualTo(Float.floatToIntBits(expected[k]));
                }
            }
            assertThat(cases).isEqualTo(7);
        }
    }

    private static float[] floats(String hex) {
        String[] words = hex.split(" ");
        float[] f = new float[words.length];
        for (int i = 0; i < words.length; i++) {
            f[i] = Float.intBitsToFloat(Integer.parseUnsignedInt(words[i], 16));
        }
        return f;
    }

    @Test
    void cubicStepOvershootsOnBothSidesWhereBilinearDoesNot() {
        // A 0-0-1-1 step doubled: Keys' cubic (a = -0.75) rings below 0 before the edge and above 1 after it, as
        // OpenCV's does; exact in float (all weights are multiples of 2^-10 here).
        float[] step = {0, 0, 1, 1};
        assertThat(MapResize.OPENCV_CUBIC.resize(step, 4, 1, 8, 1))
                .containsExactly(0f, -0.03515625f, -0.10546875f, 0.2265625f, 0.7734375f, 1.10546875f, 1.03515625f, 1f);
        assertThat(MapResize.BILINEAR.resize(step, 4, 1, 8, 1)).containsExactly(0f, 0f, 0f, 0.25f, 0.75f, 1f, 1f, 1f);
    }

    @Test
    void cubicRefusesAMapOfTheWrongLength() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> MapResize.OPENCV_CUBIC.resize(new float[5], 2, 3, 4, 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2x3");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> MapResize.BILINEAR.resize(new float[0], 0, 3, 4, 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0x3 to 4x4");
    }
}

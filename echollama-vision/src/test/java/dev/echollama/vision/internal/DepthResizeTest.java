package dev.echollama.vision.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DepthResizeTest {

    @Test
    void upsamplesTwoByOneAsTorchAlignCornersFalse() {
        // torch.nn.functional.interpolate(tensor([[[[0., 4.]]]]), size=(1, 4), mode="bilinear",
        // align_corners=False) = [0, 1, 3, 4]: source x = (d + 0.5) / 2 - 0.5 = -0.25 (clamped), 0.25, 0.75, 1.25.
        assertThat(DepthResize.bilinear(new float[] {0, 4}, 2, 1, 4, 1)).containsExactly(0f, 1f, 3f, 4f);
    }

    @Test
    void upsamplesRowsIndependentlyOfColumns() {
        // 2x2 [[0, 4], [8, 12]] to 4x4: each row of the result is the column rule, each column the row rule.
        float[] out = DepthResize.bilinear(new float[] {0, 4, 8, 12}, 2, 2, 4, 4);
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
        assertThat(DepthResize.bilinear(new float[] {0, 2, 4, 6}, 4, 1, 2, 1)).containsExactly(1f, 5f);
    }

    @Test
    void sameSizeIsACopyAndOneByOneIsConstant() {
        float[] src = {1, 2, 3, 4, 5, 6};
        float[] out = DepthResize.bilinear(src, 3, 2, 3, 2);
        assertThat(out).containsExactly(src).isNotSameAs(src);
        assertThat(DepthResize.bilinear(new float[] {7}, 1, 1, 3, 2)).containsOnly(7f).hasSize(6);
    }

    @Test
    void orientationIsKept() {
        // A map brighter at the bottom-right stays so.
        float[] src = {0, 1, 2, 3};
        float[] out = DepthResize.bilinear(src, 2, 2, 5, 7);
        assertThat(out[0]).isEqualTo(0f);
        assertThat(out[out.length - 1]).isEqualTo(3f);
        assertThat(out[4]).isEqualTo(1f);       // top-right corner
        assertThat(out[6 * 5]).isEqualTo(2f);   // bottom-left corner
    }
}

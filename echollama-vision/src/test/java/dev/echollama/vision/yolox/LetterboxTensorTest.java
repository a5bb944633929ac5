package dev.echollama.vision.yolox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.echollama.image.RgbImage;
import org.junit.jupiter.api.Test;

class LetterboxTensorTest {

    @Test
    void bilinearTopLeftBgrWithPadding() {
        // 2x1 image: left pixel RGB (10, 20, 30), right (110, 120, 130); into 4x4: scale 2, resized 4x2.
        RgbImage image = RgbImage.of(2, 1, new byte[] {10, 20, 30, 110, 120, (byte) 130});
        float[] t = new float[3 * 16];
        Letterbox g = LetterboxTensor.fill(image, 4, t);
        assertThat(g.scale()).isEqualTo(2.0);
        assertThat(g.padX()).isZero();
        assertThat(g.padY()).isZero();
        // OpenCV INTER_LINEAR source x for dst x: (x + 0.5) / 2 - 0.5 = -0.25, 0.25, 0.75, 1.25 -> weights of the
        // right pixel 0 (clamped), 0.25, 0.75, 1 (clamped).
        float[] blue = {30, 55, 105, 130};
        float[] green = {20, 45, 95, 120};
        float[] red = {10, 35, 85, 110};
        for (int row = 0; row < 2; row++) {
            for (int x = 0; x < 4; x++) {
                assertThat(t[row * 4 + x]).as("B row %d x %d", row, x).isCloseTo(blue[x], within(1e-4f));
                assertThat(t[16 + row * 4 + x]).as("G").isCloseTo(green[x], within(1e-4f));
                assertThat(t[32 + row * 4 + x]).as("R").isCloseTo(red[x], within(1e-4f));
            }
        }
        for (int c = 0; c < 3; c++) {
            for (int i = 8; i < 16; i++) {
                assertThat(t[c * 16 + i]).as("pad").isEqualTo(114f);
            }
        }
    }

    @Test
    void onePixelImageFillsTheSquare() {
        RgbImage image = RgbImage.of(1, 1, new byte[] {1, 2, 3});
        float[] t = new float[3 * 9];
        Letterbox g = LetterboxTensor.fill(image, 3, t);
        assertThat(g.scale()).isEqualTo(3.0);
        for (int i = 0; i < 9; i++) {
            assertThat(t[i]).isEqualTo(3f);
            assertThat(t[9 + i]).isEqualTo(2f);
            assertThat(t[18 + i]).isEqualTo(1f);
        }
    }

    @Test
    void veryWideImageKeepsAtLeastOneRow() {
        RgbImage image = RgbImage.of(5000, 1, new byte[5000 * 3]);
        float[] t = new float[3 * 416 * 416];
        Letterbox g = LetterboxTensor.fill(image, 416, t);
        assertThat(g.resizedHeight()).isEqualTo(1);
        assertThat(t[0]).isZero();
        assertThat(t[416]).isEqualTo(114f);
    }
}

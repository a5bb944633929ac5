package dev.echollama.vision.yolox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.echollama.image.RgbImage;
import dev.echollama.onnx.tensor.PreprocessedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;

class YoloxPreprocessingTest {

    @Test
    void bgrPlanesTopLeftPadded114NoScaling() {
        // 2x1 image, left pixel RGB (10, 20, 30), right (110, 120, 130), into 4x4: scale 2, content 4x2 at (0, 0).
        RgbImage image = RgbImage.of(2, 1, new byte[] {10, 20, 30, 110, 120, (byte) 130});
        PreprocessedImage p = YoloxDetector.preprocessor(4).apply(image);
        assertThat(p.shape()).containsExactly(1, 3, 4, 4);
        assertThat(p.offsetX()).isZero();
        assertThat(p.offsetY()).isZero();
        assertThat(p.contentWidth()).isEqualTo(4);
        assertThat(p.contentHeight()).isEqualTo(2);
        FloatBuffer t = p.tensor();
        // Plane 0 is blue: the left edge keeps 30, the right edge 130 (values stay 0-255).
        assertThat(t.get(0)).isEqualTo(30f);
        assertThat(t.get(3)).isEqualTo(130f);
        assertThat(t.get(16)).isEqualTo(20f);   // green plane
        assertThat(t.get(32)).isEqualTo(10f);   // red plane
        assertThat(t.get(35)).isEqualTo(110f);
        // Rows 2 and 3 are padding in every plane.
        for (int c = 0; c < 3; c++) {
            for (int i = 8; i < 16; i++) {
                assertThat(t.get(c * 16 + i)).isEqualTo(114f);
            }
        }
        Letterbox g = Letterbox.of(p);
        assertThat(g.normalisedX(4)).isEqualTo(1.0);
        assertThat(g.normalisedY(2)).isEqualTo(1.0);
    }

    @Test
    void theLetterboxIsYoloxsOwnCv2PreprocessingToTheByte() throws IOException {
        // Reference: YOLOX's preproc with OpenCV 4.6 on a noisy 97x61 image into 32x32 (make_letterbox_reference.py).
        RgbImage image = RgbImage.of(97, 61, resource("letterbox_src_97x61.rgb"));
        byte[] expected = resource("letterbox_32_bgr_chw.u8");
        PreprocessedImage p = YoloxDetector.preprocessor(32).apply(image);
        assertThat(p.contentWidth()).isEqualTo(32);
        assertThat(p.contentHeight()).isEqualTo(20);
        FloatBuffer t = p.tensor();
        assertThat(t.remaining()).isEqualTo(expected.length);
        for (int i = 0; i < expected.length; i++) {
            if (t.get(i) != (expected[i] & 0xFF)) {
                assertThat(t.get(i)).as("plane %d, row %d, column %d", i / 1024, i % 1024 / 32, i % 32)
                        .isEqualTo((float) (expected[i] & 0xFF));
            }
        }
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = YoloxPreprocessingTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }
}

package dev.echollama.onnx.tensor;

import static dev.echollama.onnx.tensor.ResamplerTest.resource;
import static dev.echollama.onnx.tensor.ResamplerTest.unsigned;
import static org.assertj.core.api.Assertions.assertThat;

import dev.echollama.image.RgbImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * OpenCV's INTER_LINEAR against OpenCV 4.6's own output (made offline by make_cv2_references.py) and hand values.
 */
class OpenCvLinearTest {
    private static final int[] RGB = {0, 1, 2};

    /** Packed RGB, resized in one band on this thread by the scalar kernel (the reference for the others). */
    static byte[] resize(byte[] rgb, int w, int h, int ow, int oh) {
        return resize(rgb, w, h, ow, oh, false);
    }

    /** As {@link #resize(byte[], int, int, int, int)}, with the Vector API kernel where it can run. */
    static byte[] resize(byte[] rgb, int w, int h, int ow, int oh, boolean simd) {
        byte[] out = new byte[ow * oh * 3];
        new OpenCvLinear.Plan(w, h, ow, oh, RGB, simd).rows(ByteBuffer.wrap(rgb), 0, oh, (y, values) -> {
            for (int x = 0; x < ow; x++) {
                for (int c = 0; c < 3; c++) {
                    out[(y * ow + x) * 3 + c] = (byte) values[c * ow + x];
                }
            }
        });
        return out;
    }

    @Test
    void matchesOpenCvBitForBitShrinkingEnlargingAndMixed() throws IOException {
        byte[] small = resource("pil_src_37x23.rgb");
        byte[] big = resource("cv2_src_97x61.rgb");
        assertThat(big).hasSize(97 * 61 * 3);
        record Case(byte[] src, int w, int h, int ow, int oh) {
        }
        List<Case> cases = List.of(new Case(small, 37, 23, 16, 11), new Case(small, 37, 23, 50, 31),
                new Case(small, 37, 23, 74, 46), new Case(small, 37, 23, 12, 7), new Case(small, 37, 23, 1, 1),
                new Case(small, 37, 23, 37, 24), new Case(small, 37, 23, 5, 23), new Case(small, 37, 23, 60, 9),
                new Case(big, 97, 61, 52, 33), new Case(big, 97, 61, 48, 30), new Case(big, 97, 61, 194, 122),
                new Case(big, 97, 61, 30, 100), new Case(big, 97, 61, 97, 61), new Case(big, 97, 61, 13, 61));
        for (Case c : cases) {
            String name = "cv2_linear_" + c.w + "x" + c.h + "_to_" + c.ow + "x" + c.oh + ".rgb";
            byte[] expected = resource(name);
            for (boolean simd : new boolean[] {false, true}) {
                byte[] actual = resize(c.src, c.w, c.h, c.ow, c.oh, simd);
                assertThat(java.util.Arrays.mismatch(actual, expected))
                        .as("first differing byte of %s, %s", name,
                                new OpenCvLinear.Plan(c.w, c.h, c.ow, c.oh, RGB, simd).kernel())
                        .isEqualTo(-1);
            }
        }
    }

    @Test
    void pillowsBilinearWithoutAntialiasingIsNotTheSame() throws IOException {
        // Why OPENCV_LINEAR exists: same sampling grid, other rounding. Also shows the reference can tell them apart.
        byte[] big = resource("cv2_src_97x61.rgb");
        int[] cv = unsigned(resource("cv2_linear_97x61_to_52x33.rgb"));
        int[] pil = unsigned(Resampler.resize(big, 97, 61, 52, 33, Resampler.Filter.BILINEAR, false));
        int differ = 0;
        for (int i = 0; i < cv.length; i++) {
            assertThat(Math.abs(cv[i] - pil[i])).as("value %d", i).isLessThanOrEqualTo(1);
            differ += cv[i] != pil[i] ? 1 : 0;
        }
        assertThat(differ).as("values that differ by one, of %d", cv.length).isGreaterThan(cv.length / 20);
    }

    @Test
    void halvingAveragesPairsAndEqualSizeIsACopy() {
        // 4 -> 2: output 0 samples at (0 + 0.5) * 2 - 0.5 = 0.5, weights 1024 and 1024 on pixels 0 and 1:
        // h = 0 * 1024 + 100 * 1024 = 102400; one row to one row has vertical weights 2048 and 0, so
        // ((102400 >> 4) * 2048 >> 16) = 200 and (200 + 2) >> 2 = 50. Output 1 samples at 2.5: (200 + 100) / 2.
        byte[] row = ResamplerTest.grey(0, 100, 200, 100);
        assertThat(ResamplerTest.red(resize(row, 4, 1, 2, 1))).containsExactly(50, 150);
        byte[] src = ResamplerTest.grey(3, 250, 17, 0, 255, 128);
        assertThat(resize(src, 6, 1, 6, 1)).containsExactly(src);
        assertThat(resize(src, 3, 2, 3, 2)).containsExactly(src);
    }

    @Test
    void enlargingAColumnByHand() {
        // 1 x 2 -> 1 x 4, scale 0.5. Across, 1 -> 1 keeps each value times 2048: h = 40 * 2048, 200 * 2048, and
        // h >> 4 = 5120, 25600. Row 0 samples at 0.5 * 0.5 - 0.5 = -0.25: floor -1, fraction 0.75, weights 512 and
        // 1536 on rows -1 and 0, both clamped to row 0: (5120 * 512 >> 16) + (5120 * 1536 >> 16) = 40 + 120, and
        // (160 + 2) >> 2 = 40. Row 1 at 0.25: 1536 on row 0, 512 on row 1: 120 + 200 = 320 -> 80. Row 2 at 0.75:
        // 40 + 600 = 640 -> 160. Row 3 at 1.25: rows 1 and 2, clamped to 1: 600 + 200 = 800 -> 200.
        byte[] column = ResamplerTest.grey(40, 200);
        assertThat(ResamplerTest.red(resize(column, 1, 2, 1, 4))).containsExactly(40, 80, 160, 200);
    }

    @Test
    void theTensorPathEqualsTheResizeInEitherChannelOrder() throws IOException {
        byte[] big = resource("cv2_src_97x61.rgb");
        int[] cv = unsigned(resource("cv2_linear_97x61_to_52x33.rgb"));
        RgbImage image = RgbImage.of(97, 61, big);
        for (ImagePreprocessor.ChannelOrder order : ImagePreprocessor.ChannelOrder.values()) {
            PreprocessedImage p = ImagePreprocessor.builder().resize(52, 33)
                    .interpolation(ImagePreprocessor.Interpolation.OPENCV_LINEAR).channelOrder(order).build()
                    .apply(image);
            FloatBuffer t = p.tensor();
            for (int c = 0; c < 3; c++) {
                int source = order == ImagePreprocessor.ChannelOrder.RGB ? c : 2 - c;
                for (int i = 0; i < 52 * 33; i++) {
                    if (t.get(c * 52 * 33 + i) != cv[i * 3 + source]) {
                        assertThat(t.get(c * 52 * 33 + i)).as("%s plane %d pixel %d", order, c, i)
                                .isEqualTo((float) cv[i * 3 + source]);
                    }
                }
            }
        }
    }
}

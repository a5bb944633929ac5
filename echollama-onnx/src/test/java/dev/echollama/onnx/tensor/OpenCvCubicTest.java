package dev.echollama.onnx.tensor;

import static dev.echollama.onnx.tensor.ResamplerTest.resource;
import static org.assertj.core.api.Assertions.assertThat;

import dev.echollama.image.RgbImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * OpenCV's INTER_CUBIC on {@code image / 255.0}, as MiDaS's runner resizes, against OpenCV 4.6's own float32 output
 * (made offline by make_cv2_references.py) and hand values.
 */
class OpenCvCubicTest {
    /** Packed RGB resized to interleaved float values times {@code scale}, in one band on this thread. */
    static double[] resize(byte[] rgb, int w, int h, int ow, int oh, double scale) {
        double[] out = new double[ow * oh * 3];
        new OpenCvCubic.Plan(w, h, ow, oh, scale).rows(ByteBuffer.wrap(rgb), 0, oh, (y, planes) -> {
            for (int x = 0; x < ow; x++) {
                for (int c = 0; c < 3; c++) {
                    out[(y * ow + x) * 3 + c] = planes[c][x];
                }
            }
        });
        return out;
    }

    static float[] floats(byte[] littleEndian) {
        FloatBuffer b = ByteBuffer.wrap(littleEndian).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        float[] out = new float[b.remaining()];
        b.get(out);
        return out;
    }

    @Test
    void matchesOpenCvOnTheScaledImageToTheFloat32Result() throws IOException {
        byte[] small = resource("pil_src_37x23.rgb");
        byte[] big = resource("cv2_src_97x61.rgb");
        record Case(byte[] src, int w, int h, int ow, int oh) {
        }
        List<Case> cases = List.of(new Case(small, 37, 23, 16, 11), new Case(small, 37, 23, 50, 31),
                new Case(small, 37, 23, 74, 46), new Case(small, 37, 23, 5, 23), new Case(small, 37, 23, 1, 1),
                new Case(small, 37, 23, 37, 23), new Case(big, 97, 61, 52, 33), new Case(big, 97, 61, 30, 100),
                new Case(big, 97, 61, 256, 8), new Case(big, 97, 61, 3, 61));
        for (Case c : cases) {
            String name = "cv2_cubic_" + c.w + "x" + c.h + "_to_" + c.ow + "x" + c.oh + ".f32";
            float[] expected = floats(resource(name));
            // Through the whole preprocessor, NHWC so that the tensor is laid out as OpenCV's array.
            PreprocessedImage p = ImagePreprocessor.builder().resize(c.ow, c.oh)
                    .interpolation(ImagePreprocessor.Interpolation.OPENCV_CUBIC).rescale(1 / 255.0)
                    .layout(ImagePreprocessor.Layout.NHWC).build().apply(RgbImage.of(c.w, c.h, c.src));
            float[] actual = new float[expected.length];
            p.tensor().duplicate().get(actual);
            assertThat(java.util.Arrays.mismatch(actual, expected)).as("first differing value of %s", name)
                    .isEqualTo(-1);
        }
    }

    @Test
    void keysWeightsWithOpenCvsAAtHalfAPixel() {
        // a = -0.75 at distances 1.5, 0.5, 0.5, 1.5: a(|x|^3 - 5|x|^2 + 8|x| - 4) = -0.75 * 0.125 = -0.09375 and
        // (a + 2)|x|^3 - (a + 3)|x|^2 + 1 = 1.25 / 8 - 2.25 / 4 + 1 = 0.59375. Pillow's a = -0.5 gives -0.0625.
        assertThat(OpenCvCubic.weights(0.5f)).containsExactly(-0.09375f, 0.59375f, 0.59375f, -0.09375f);
        assertThat(OpenCvCubic.weights(0f)).containsExactly(0f, 1f, 0f, 0f);
    }

    @Test
    void overshootsAtAnEdgeInsteadOfClamping() {
        // 0, 0, 255, 255 -> 8 pixels: output 3 samples at 1.25 between the flat 0s and the step; the negative lobe
        // of the 255 two pixels on takes it below zero, which OpenCV keeps for a float image.
        byte[] row = ResamplerTest.grey(0, 0, 255, 255);
        double[] out = resize(row, 4, 1, 8, 1, 1.0);
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (int i = 0; i < out.length; i += 3) {
            min = Math.min(min, out[i]);
            max = Math.max(max, out[i]);
        }
        assertThat(min).isNegative();
        assertThat(max).isGreaterThan(255);
    }
}

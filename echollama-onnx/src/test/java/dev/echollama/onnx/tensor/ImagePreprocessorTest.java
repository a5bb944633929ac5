package dev.echollama.onnx.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.echollama.BadInputException;
import dev.echollama.image.RgbImage;
import dev.echollama.onnx.tensor.ImagePreprocessor.Anchor;
import dev.echollama.onnx.tensor.ImagePreprocessor.ChannelOrder;
import dev.echollama.onnx.tensor.ImagePreprocessor.Interpolation;
import dev.echollama.onnx.tensor.ImagePreprocessor.Layout;
import dev.echollama.onnx.tensor.ImagePreprocessor.Size;
import dev.echollama.testkit.SharedModels;
import java.io.IOException;
import java.nio.FloatBuffer;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImagePreprocessorTest {
    static final double[] IMAGENET_MEAN = {0.485, 0.456, 0.406};
    static final double[] IMAGENET_STD = {0.229, 0.224, 0.225};

    /** Image whose R, G and B planes are r, g, b (row-major, same length). */
    static RgbImage image(int w, int h, int[] r, int[] g, int[] b) {
        byte[] rgb = new byte[w * h * 3];
        for (int i = 0; i < w * h; i++) {
            rgb[3 * i] = (byte) r[i];
            rgb[3 * i + 1] = (byte) g[i];
            rgb[3 * i + 2] = (byte) b[i];
        }
        return RgbImage.of(w, h, rgb);
    }

    static float[] values(FloatBuffer fb) {
        float[] out = new float[fb.remaining()];
        fb.duplicate().get(out);
        return out;
    }

    static float[] plane(PreprocessedImage p, int c) {
        float[] all = values(p.tensor());
        int n = p.width() * p.height();
        float[] out = new float[n];
        System.arraycopy(all, c * n, out, 0, n);
        return out;
    }

    @Test
    void twoByTwoToFourByFourBilinearByHand() {
        // R plane [[0, 100], [200, 40]]. Rows first: [0, 25, 75, 100] and [200, 160, 80, 40] (weights 3/4, 1/4 at
        // half-pixel centres, edges clamp); then columns: row 1 = 3/4 r0 + 1/4 r1 = [50, 58.75, 76.25, 85] ->
        // [50, 59, 76, 85]; row 2 = [150, 126.25, 78.75, 55] -> [150, 126, 79, 55].
        RgbImage img = image(2, 2, new int[] {0, 100, 200, 40}, new int[] {10, 10, 10, 10}, new int[] {0, 0, 0, 0});
        PreprocessedImage p = ImagePreprocessor.builder().resize(4, 4).build().apply(img);
        assertThat(p.shape()).containsExactly(1, 3, 4, 4);
        assertThat(p.tensor().isDirect()).isTrue();
        assertThat(p.tensor().remaining()).isEqualTo(48);
        assertThat(plane(p, 0)).containsExactly(
                0, 25, 75, 100,
                50, 59, 76, 85,
                150, 126, 79, 55,
                200, 160, 80, 40);
        assertThat(plane(p, 1)).containsOnly(10f);
        assertThat(plane(p, 2)).containsOnly(0f);
    }

    @Test
    void rescaleThenImagenetMeanStdByHand() {
        RgbImage px = image(1, 1, new int[] {255}, new int[] {0}, new int[] {128});
        PreprocessedImage p = ImagePreprocessor.builder().rescale(1 / 255.0).normalize(IMAGENET_MEAN, IMAGENET_STD)
                .build().apply(px);
        float[] v = values(p.tensor());
        assertThat(v[0]).isCloseTo(2.2489083f, within(1e-6f));   // (1 - 0.485) / 0.229
        assertThat(v[1]).isCloseTo(-2.0357143f, within(1e-6f));  // (0 - 0.456) / 0.224
        assertThat(v[2]).isCloseTo(0.42649237f, within(1e-6f));  // (128/255 - 0.406) / 0.225
    }

    @Test
    void bgrSwapsPlanesAfterNormalisingWithRgbMeans() {
        RgbImage px = image(2, 1, new int[] {255, 255}, new int[] {0, 0}, new int[] {128, 128});
        PreprocessedImage p = ImagePreprocessor.builder().rescale(1 / 255.0).normalize(IMAGENET_MEAN, IMAGENET_STD)
                .channelOrder(ChannelOrder.BGR).build().apply(px);
        assertThat(plane(p, 0)).containsOnly(0.42649237f);  // B, normalised with B's mean/std
        assertThat(plane(p, 1)).containsOnly(-2.0357143f);  // G
        assertThat(plane(p, 2)).containsOnly(2.2489083f);   // R
    }

    @Test
    void nhwcInterleavesChannels() {
        RgbImage img = image(2, 1, new int[] {1, 4}, new int[] {2, 5}, new int[] {3, 6});
        PreprocessedImage p = ImagePreprocessor.builder().layout(Layout.NHWC).channelOrder(ChannelOrder.BGR).build()
                .apply(img);
        assertThat(p.shape()).containsExactly(1, 1, 2, 3);
        assertThat(values(p.tensor())).containsExactly(3, 2, 1, 6, 5, 4);
    }

    @Test
    void letterboxTopLeftAndCentredPadsAndMapsBack() {
        int[] ramp = {0, 10, 20, 30, 40, 50, 60, 70};
        RgbImage wide = image(4, 2, ramp, ramp, ramp); // 4x2 into 8x8: scale 2, content 8x4
        PreprocessedImage topLeft = ImagePreprocessor.builder().letterbox(8, 8, Anchor.TOP_LEFT).padValue(114)
                .build().apply(wide);
        assertThat(topLeft.shape()).containsExactly(1, 3, 8, 8);
        assertThat(topLeft.contentWidth()).isEqualTo(8);
        assertThat(topLeft.contentHeight()).isEqualTo(4);
        assertThat(topLeft.offsetX()).isZero();
        assertThat(topLeft.offsetY()).isZero();
        float[] r = plane(topLeft, 0);
        for (int i = 32; i < 64; i++) {
            assertThat(r[i]).as("padding row %d", i / 8).isEqualTo(114f);
        }
        assertThat(r[0]).isEqualTo(0f);

        PreprocessedImage centred = ImagePreprocessor.builder().letterbox(8, 8, Anchor.CENTER).padValue(114)
                .rescale(1 / 255.0).build().apply(wide);
        assertThat(centred.offsetY()).isEqualTo(2);
        assertThat(centred.offsetX()).isZero();
        float[] c = plane(centred, 2);
        for (int row : new int[] {0, 1, 6, 7}) {
            for (int x = 0; x < 8; x++) {
                assertThat(c[row * 8 + x]).isEqualTo((float) (114 / 255.0));
            }
        }
        assertThat(c[2 * 8]).isEqualTo(0f); // the image's top-left pixel starts at row 2
        assertThat(centred.scaleX()).isEqualTo(2.0);
        // The canvas' bottom-right corner of the content (8, 6) is the source's (4, 2); the canvas centre (4, 4)
        // is the source's centre (2, 1).
        assertThat(centred.toSourceX(8)).isEqualTo(4.0);
        assertThat(centred.toSourceY(6)).isEqualTo(2.0);
        assertThat(centred.toSourceX(4)).isEqualTo(2.0);
        assertThat(centred.toSourceY(4)).isEqualTo(1.0);
        assertThat(centred.toSourceY(0)).isEqualTo(-1.0); // padding maps outside the image
    }

    @Test
    void yoloxLetterboxOfTheDogImageKeepsItsAspect() throws IOException {
        RgbImage dog = RgbImage.fromBufferedImage(ImageIO.read(SharedModels.require("images/dog.jpg").toFile()));
        PreprocessedImage p = ImagePreprocessor.builder().letterbox(416, 416, Anchor.TOP_LEFT).padValue(114)
                .interpolation(ImagePreprocessor.Interpolation.OPENCV_LINEAR).channelOrder(ChannelOrder.BGR).build()
                .apply(dog);
        // YOLOX: r = min(416/576, 416/768) = 0.5417; content int(768 r) x int(576 r) = 416 x 312, rows 312.. padded.
        assertThat(p.contentWidth()).isEqualTo(416);
        assertThat(p.contentHeight()).isEqualTo(312);
        float[] b = plane(p, 0);
        assertThat(b[415 * 416 + 200]).isEqualTo(114f);
        assertThat(b[311 * 416 + 200]).isNotEqualTo(114f);
        assertThat(p.toSourceX(416)).isCloseTo(768.0, within(1e-9));
    }

    @Test
    void detrShortestEdgeSizes() {
        assertThat(ImagePreprocessor.shortestEdgeSize(768, 576, 800, 1333)).isEqualTo(new Size(1066, 800));
        assertThat(ImagePreprocessor.shortestEdgeSize(576, 768, 800, 1333)).isEqualTo(new Size(800, 1066));
        assertThat(ImagePreprocessor.shortestEdgeSize(810, 1080, 800, 1333)).isEqualTo(new Size(800, 1066));
        assertThat(ImagePreprocessor.shortestEdgeSize(1333, 800, 800, 1333)).isEqualTo(new Size(1333, 800));
        // Long side would be 2000 > 1333: short side round(1333 * 400 / 1000) = 533, long int(533 * 2.5) = 1332.
        assertThat(ImagePreprocessor.shortestEdgeSize(1000, 400, 800, 1333)).isEqualTo(new Size(1332, 533));
        // 1333 * 997 / 2666 = 498.5: Python's round() goes to the even 498, then int(498 * 2666 / 997) = 1331.
        assertThat(ImagePreprocessor.shortestEdgeSize(2666, 997, 800, 1333)).isEqualTo(new Size(1331, 498));
        assertThat(ImagePreprocessor.shortestEdgeSize(100, 100, 800, 1333)).isEqualTo(new Size(800, 800));
        assertThatThrownBy(() -> ImagePreprocessor.shortestEdgeSize(10, 10, 800, 700))
                .isInstanceOf(BadInputException.class);
    }

    @Test
    void anUncappedLongSideThatWouldOverflowIsABadInput() {
        int uncapped = Integer.MAX_VALUE;
        // 224 * 100 / 50 = 448, as before. 224 * 50,000,000 = 1.12e10 is past even the int "cap": the short side
        // drops to round(2^31 / 5e7) = 43, and 43 * 5e7 = 2.15e9 pixels still does not fit an int.
        assertThat(ImagePreprocessor.shortestEdgeSize(100, 50, 224, uncapped)).isEqualTo(new Size(448, 224));
        assertThatThrownBy(() -> ImagePreprocessor.shortestEdgeSize(1, 50_000_000, 224, uncapped))
                .isInstanceOf(BadInputException.class).hasMessageContaining("1x50000000")
                .hasMessageContaining("2150000000 pixels long");
        // A 1x20000 strip: 224 x 4,480,000 fits an int, but its 3-channel tensor (3.0e9 floats) does not.
        ImagePreprocessor p = ImagePreprocessor.builder().resizeShortestEdge(224, uncapped).build();
        assertThat(p.toString()).contains("longest uncapped");
        assertThatThrownBy(() -> p.apply(RgbImage.of(1, 20_000, new byte[3 * 20_000])))
                .isInstanceOf(BadInputException.class).hasMessageContaining("224x4480000");
    }

    @Test
    void detrPreprocessingOfTheDogImage() throws IOException {
        RgbImage dog = RgbImage.fromBufferedImage(ImageIO.read(SharedModels.require("images/dog.jpg").toFile()));
        ImagePreprocessor detr = ImagePreprocessor.builder().resizeShortestEdge(800, 1333)
                .interpolation(Interpolation.BILINEAR).rescale(1 / 255.0).normalize(IMAGENET_MEAN, IMAGENET_STD)
                .build();
        PreprocessedImage p = detr.apply(dog);
        assertThat(p.shape()).containsExactly(1, 3, 800, 1066);
        float[] all = values(p.tensor());
        assertThat(all).hasSize(3 * 800 * 1066);
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float v : all) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        // Normalised 0..1 values lie in [(0 - 0.485) / 0.229, (1 - 0.406) / 0.225] = [-2.118, 2.640].
        assertThat(min).isGreaterThanOrEqualTo((float) (-0.485 / 0.229));
        assertThat(max).isLessThanOrEqualTo((float) ((1 - 0.406) / 0.225));
        assertThat(p.toSourceX(1066)).isCloseTo(768.0, within(1e-9));
    }

    @Test
    void buildNamesEveryWrongSetting() {
        assertThatThrownBy(() -> ImagePreprocessor.builder().resize(0, 10).padValue(300).rescale(-1)
                .normalize(new double[] {0, 0}, new double[] {1, 0, 1}).interpolation(null).build())
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("target size must be positive, got 0x10")
                .hasMessageContaining("pad value must be 0..255, got 300")
                .hasMessageContaining("rescale factor must be positive")
                .hasMessageContaining("mean must be 3 finite numbers")
                .hasMessageContaining("std must be 3 positive finite numbers")
                .hasMessageContaining("interpolation is null");
        assertThatThrownBy(() -> ImagePreprocessor.builder().build().apply(null))
                .isInstanceOf(BadInputException.class);
    }

    @Test
    void openCvLinearRefusesAntialiasingAndNeedsNoSwitchOff() {
        assertThatThrownBy(() -> ImagePreprocessor.builder().resize(8, 8)
                .interpolation(ImagePreprocessor.Interpolation.OPENCV_LINEAR).antialias(true).build())
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("OPENCV_LINEAR never antialiases").hasMessageContaining("antialias(true)");
        ImagePreprocessor cv = ImagePreprocessor.builder().resize(8, 8)
                .interpolation(ImagePreprocessor.Interpolation.OPENCV_LINEAR).build();
        assertThat(cv.toString()).contains("OPENCV_LINEAR").doesNotContain("antialias");
        assertThat(ImagePreprocessor.builder().resize(8, 8)
                .interpolation(ImagePreprocessor.Interpolation.OPENCV_LINEAR).antialias(false).build())
                .hasToString(cv.toString());
        // Pillow's filters still antialias unless told not to.
        assertThat(ImagePreprocessor.builder().resize(8, 8).build().toString()).doesNotContain("no antialias");
    }
}

package dev.echollama.onnx.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.echollama.image.RgbImage;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The streamed preprocessing (rows resized on demand and written straight into the tensor) against the plain
 * whole-image recipe it replaced: resize the whole image (checked against Pillow in {@link ResamplerTest} and
 * OpenCV in {@link OpenCvLinearTest}),
 * paste it on a canvas filled with the pad value, then map every byte through {@code (v * rescale - mean) / std}
 * in channel order and layout.
 */
class StreamedPreprocessingTest {
    private static final double[] MEAN = {0.485, 0.456, 0.406};
    private static final double[] STD = {0.229, 0.224, 0.225};

    /**
     * One random configuration; {@code mode} 0 exact, 1 letterbox, 2 shortest edge, 3 keep; {@code filter} an
     * {@link ImagePreprocessor.Interpolation} ordinal.
     */
    private record Settings(int mode, int width, int height, boolean centred, int pad, int filter,
                            boolean antialias, boolean bgr, boolean nhwc) {
        static Settings random(long seed) {
            SplittableRandom r = new SplittableRandom(seed);
            return new Settings(r.nextInt(4), 1 + r.nextInt(60), 1 + r.nextInt(60), r.nextBoolean(), r.nextInt(256),
                    r.nextInt(ImagePreprocessor.Interpolation.values().length), r.nextBoolean(), r.nextBoolean(),
                    r.nextBoolean());
        }

        ImagePreprocessor.Interpolation interpolation() {
            return ImagePreprocessor.Interpolation.values()[filter];
        }

        boolean opencv() {
            return interpolation() == ImagePreprocessor.Interpolation.OPENCV_LINEAR
                    || interpolation() == ImagePreprocessor.Interpolation.OPENCV_CUBIC;
        }

        ImagePreprocessor build() {
            return builder().build();
        }

        ImagePreprocessor.Builder builder() {
            ImagePreprocessor.Builder b = ImagePreprocessor.builder();
            switch (mode) {
                case 0 -> b.resize(width, height);
                case 1 -> b.letterbox(width, height,
                        centred ? ImagePreprocessor.Anchor.CENTER : ImagePreprocessor.Anchor.TOP_LEFT).padValue(pad);
                case 2 -> b.resizeShortestEdge(Math.min(width, height), Math.max(width, height) + 10);
                default -> { } // keep the size
            }
            b.interpolation(interpolation());
            if (!opencv() || !antialias) { // OpenCV's never antialiases; asking for it is refused
                b.antialias(antialias);
            }
            return b.channelOrder(bgr ? ImagePreprocessor.ChannelOrder.BGR : ImagePreprocessor.ChannelOrder.RGB)
                    .layout(nhwc ? ImagePreprocessor.Layout.NHWC : ImagePreprocessor.Layout.NCHW)
                    .rescale(1 / 255.0)
                    .normalize(MEAN, STD);
        }
    }

    @Test
    void equalsTheWholeImageRecipeForEveryModeFilterAndLayout() {
        qt().withExamples(500).withFixedSeed(20261125L)
                .forAll(integers().between(1, 70), integers().between(1, 70), integers().between(0, Integer.MAX_VALUE))
                .checkAssert((w, h, seed) -> {
                    RgbImage image = noise(w, h, seed);
                    Settings s = Settings.random(seed);
                    PreprocessedImage actual = s.build().apply(image);
                    float[] expected = reference(image, actual, s);
                    FloatBuffer t = actual.tensor();
                    assertThat(t.position()).isZero();
                    assertThat(t.remaining()).isEqualTo(expected.length);
                    float[] got = new float[expected.length];
                    t.duplicate().get(got);
                    assertThat(Arrays.mismatch(got, expected)).as("first differing element, %dx%d %s", w, h, s)
                            .isEqualTo(-1);
                });
    }

    @Test
    void bandsOnSeveralThreadsGiveTheSameTensorAsOneThread() {
        // Large enough for several bands of ImagePreprocessor.BAND_PIXELS output pixels each.
        RgbImage image = noise(901, 677, 3);
        for (long seed = 0; seed < 6; seed++) {
            Settings s = Settings.random(seed);
            Settings big = new Settings(s.mode(), 300 + s.width() * 5, 300 + s.height() * 5, s.centred(), s.pad(),
                    s.filter(), s.antialias(), s.bgr(), s.nhwc());
            PreprocessedImage one = big.builder().threads(1).build().apply(image);
            assertThat((long) one.contentWidth() * one.contentHeight())
                    .isGreaterThanOrEqualTo(2L * ImagePreprocessor.BAND_PIXELS);
            float[] expected = reference(image, one, big);
            for (int threads : new int[] {1, 2, 3, 7}) {
                PreprocessedImage many = big.builder().threads(threads).build().apply(image);
                float[] got = new float[expected.length];
                many.tensor().duplicate().get(got);
                assertThat(Arrays.mismatch(got, expected)).as("first differing element of %s on %d threads (of %d)",
                        big, threads, expected.length).isEqualTo(-1);
            }
        }
    }

    @Test
    void withThreadsChangesOnlyTheThreadAllowance() {
        RgbImage image = noise(640, 480, 9);
        ImagePreprocessor pre = Settings.random(4).builder().threads(1).build();
        ImagePreprocessor two = pre.withThreads(2);
        assertThat(pre.withThreads(1)).isSameAs(pre);
        assertThat(two.toString()).isEqualTo(pre.toString().replace("1 threads", "2 threads"));
        assertThat(two.apply(image)).isEqualTo(pre.apply(image));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> pre.withThreads(-1))
                .isInstanceOf(dev.echollama.BadInputException.class).hasMessageContaining("threads");
    }

    @Test
    void aReusedBufferFullOfOldValuesGivesTheSameTensorAsAFreshOne() {
        RgbImage image = noise(97, 61, 5);
        for (long seed = 0; seed < 20; seed++) {
            ImagePreprocessor pre = Settings.random(seed).build();
            PreprocessedImage fresh = pre.apply(image);
            int n = fresh.tensor().remaining();
            FloatBuffer dirty = java.nio.ByteBuffer.allocateDirect((n + 50) * 4)
                    .order(java.nio.ByteOrder.nativeOrder()).asFloatBuffer();
            while (dirty.hasRemaining()) {
                dirty.put(Float.NaN);
            }
            dirty.position(7); // position and limit are ignored
            PreprocessedImage reused = pre.apply(image, k -> dirty);
            assertThat(reused).isEqualTo(fresh);
            assertThat(reused.tensor().position()).isZero();
            assertThat(reused.tensor().limit()).isEqualTo(n);
        }
    }

    @Test
    void refusesBuffersItCannotHandToOnnxRuntime() {
        ImagePreprocessor pre = ImagePreprocessor.builder().resize(8, 4).build();
        RgbImage image = noise(5, 5, 1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> pre.apply(image, n -> FloatBuffer.allocate(n)))
                .isInstanceOf(dev.echollama.BadInputException.class)
                .hasMessageContaining("96 floats").hasMessageContaining("heap");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> pre.apply(image, n -> java.nio.ByteBuffer
                        .allocateDirect(4 * (n - 1)).order(java.nio.ByteOrder.nativeOrder()).asFloatBuffer()))
                .isInstanceOf(dev.echollama.BadInputException.class)
                .hasMessageContaining("at least 96").hasMessageContaining("of 95");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> pre.apply(image, n -> null))
                .isInstanceOf(dev.echollama.BadInputException.class).hasMessageContaining("null");
    }

    /** The whole-image recipe for the geometry {@code actual} reports (the geometry has its own tests). */
    private static float[] reference(RgbImage image, PreprocessedImage actual, Settings s) {
        int cw = actual.contentWidth();
        int ch = actual.contentHeight();
        int tw = actual.width();
        int th = actual.height();
        if (s.interpolation() == ImagePreprocessor.Interpolation.OPENCV_CUBIC) {
            return cubicReference(image, actual, s);
        }
        byte[] content = s.interpolation() == ImagePreprocessor.Interpolation.OPENCV_LINEAR
                ? OpenCvLinearTest.resize(image.toRgbBytes(), image.width(), image.height(), cw, ch)
                : Resampler.resize(image.toRgbBytes(), image.width(), image.height(), cw, ch,
                        s.interpolation() == ImagePreprocessor.Interpolation.BICUBIC ? Resampler.Filter.BICUBIC
                                : Resampler.Filter.BILINEAR, s.antialias());
        byte[] canvas = new byte[tw * th * 3];
        Arrays.fill(canvas, (byte) (s.mode() == 1 ? s.pad() : 0));
        for (int y = 0; y < ch; y++) {
            System.arraycopy(content, y * cw * 3, canvas, ((actual.offsetY() + y) * tw + actual.offsetX()) * 3,
                    cw * 3);
        }
        float[] out = new float[tw * th * 3];
        for (int y = 0; y < th; y++) {
            for (int x = 0; x < tw; x++) {
                for (int c = 0; c < 3; c++) {
                    int src = s.bgr() ? 2 - c : c;
                    int v = canvas[(y * tw + x) * 3 + src] & 0xFF;
                    float f = (float) ((v * (1 / 255.0) - MEAN[src]) / STD[src]);
                    out[s.nhwc() ? (y * tw + x) * 3 + c : c * tw * th + y * tw + x] = f;
                }
            }
        }
        return out;
    }

    /** OpenCV's cubic scales before resizing and keeps the values unrounded; padding still maps as a byte. */
    private static float[] cubicReference(RgbImage image, PreprocessedImage actual, Settings s) {
        int cw = actual.contentWidth();
        int ch = actual.contentHeight();
        double[] content = OpenCvCubicTest.resize(image.toRgbBytes(), image.width(), image.height(), cw, ch,
                1 / 255.0);
        int tw = actual.width();
        int th = actual.height();
        float[] out = new float[tw * th * 3];
        for (int y = 0; y < th; y++) {
            for (int x = 0; x < tw; x++) {
                int cx = x - actual.offsetX();
                int cy = y - actual.offsetY();
                boolean inside = cx >= 0 && cx < cw && cy >= 0 && cy < ch;
                for (int c = 0; c < 3; c++) {
                    int src = s.bgr() ? 2 - c : c;
                    double v = inside ? content[(cy * cw + cx) * 3 + src]
                            : (s.mode() == 1 ? s.pad() : 0) * (1 / 255.0);
                    float f = (float) ((v - MEAN[src]) / STD[src]);
                    out[s.nhwc() ? (y * tw + x) * 3 + c : c * tw * th + y * tw + x] = f;
                }
            }
        }
        return out;
    }

    private static RgbImage noise(int w, int h, int seed) {
        byte[] rgb = new byte[w * h * 3];
        new SplittableRandom(seed).nextBytes(rgb);
        return RgbImage.of(w, h, rgb);
    }
}

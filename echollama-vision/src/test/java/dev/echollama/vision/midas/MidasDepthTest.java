package dev.echollama.vision.midas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.echollama.BadInputException;
import dev.echollama.ModelCorruptException;
import dev.echollama.ModelMissingException;
import dev.echollama.image.RgbImage;
import dev.echollama.model.ModelLocator;
import dev.echollama.spi.ProviderConfig;
import dev.echollama.spi.Providers;
import dev.echollama.testkit.SharedModels;
import dev.echollama.testkit.onnx.DptSpec;
import dev.echollama.testkit.onnx.ElementType;
import dev.echollama.testkit.onnx.SyntheticModels;
import dev.echollama.vision.DepthEstimator;
import dev.echollama.vision.DepthEstimatorProvider;
import dev.echollama.vision.DepthMap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On the testkit's synthetic graphs, whose depth is {@code max(0, scale * mean_c(input) + offset)} pixel for
 * pixel: DPT-Hybrid with scale 1, offset 1 (input in [-1, 1], depth in [0, 2]); MiDaS small with scale 1, offset
 * 0 (input in [0, 1]). Brighter is nearer, so painted pictures predict the map.
 */
class MidasDepthTest {
    @TempDir
    Path dir;

    private ProviderConfig dpt(String... options) {
        Path root = dir.resolve("dpt-hybrid-midas");
        if (!Files.exists(root.resolve("onnx/model.onnx"))) {
            SyntheticModels.dptHybrid(root.resolve("onnx"));
        }
        return config(DptHybridProvider.MODEL_ID, root, options);
    }

    private ProviderConfig small(String... options) {
        Path root = dir.resolve("midas-v21-small");
        if (!Files.exists(root.resolve("model-small.onnx"))) {
            SyntheticModels.midasSmall(root);
        }
        return config(MidasSmallProvider.MODEL_ID, root, options);
    }

    private static ProviderConfig config(String id, Path root, String... options) {
        ProviderConfig.Builder b = ProviderConfig.builder().model(id, root).threads(1);
        for (int i = 0; i < options.length; i += 2) {
            b.option(options[i], options[i + 1]);
        }
        return b.build();
    }

    private static RgbImage fill(int w, int h, int r, int g, int b) {
        byte[] px = new byte[w * h * 3];
        for (int i = 0; i < w * h; i++) {
            px[i * 3] = (byte) r;
            px[i * 3 + 1] = (byte) g;
            px[i * 3 + 2] = (byte) b;
        }
        return RgbImage.of(w, h, px);
    }

    /** White where {@code bright} says, black elsewhere. */
    private static RgbImage paint(int w, int h, java.util.function.BiPredicate<Integer, Integer> bright) {
        byte[] px = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (bright.test(x, y)) {
                    Arrays.fill(px, (y * w + x) * 3, (y * w + x) * 3 + 3, (byte) 255);
                }
            }
        }
        return RgbImage.of(w, h, px);
    }

    @Test
    void dptValuesFollowItsNormalisation() {
        try (DepthEstimator d = new DptHybridProvider().create(dpt())) {
            // 128/255 -> (0.50196 - 0.5) / 0.5 = 0.003922; depth = mean + 1.
            DepthMap m = d.estimate(fill(50, 30, 128, 128, 128));
            assertThat(m.width()).isEqualTo(50);
            assertThat(m.height()).isEqualTo(30);
            assertThat(m.convention()).isEqualTo(DepthMap.Convention.RELATIVE_INVERSE_DEPTH);
            assertThat(m.min()).isCloseTo(1 + (128 / 255f - 0.5f) / 0.5f, within(1e-5f));
            assertThat(m.max()).isCloseTo(1 + (128 / 255f - 0.5f) / 0.5f, within(1e-5f));
            // Pure red: (1 + (-1) + (-1)) / 3 + 1 = 2/3.
            assertThat(d.estimate(fill(7, 5, 255, 0, 0)).at(3, 2)).isCloseTo(2f / 3, within(1e-5f));
        }
    }

    @Test
    void dptMapKeepsOrientationAfterBothResizes() {
        try (DepthEstimator d = new DptHybridProvider().create(dpt())) {
            // Bright (near) left half, dark right half, on a 90x40 image that is stretched to 384x384 and back.
            DepthMap lr = d.estimate(paint(90, 40, (x, y) -> x < 45));
            assertThat(lr.at(5, 20)).isCloseTo(2f, within(1e-4f));
            assertThat(lr.at(84, 20)).isCloseTo(0f, within(1e-4f));
            assertThat(lr.at(43, 5)).isGreaterThan(lr.at(47, 5));
            // Bright top quarter only.
            DepthMap tb = d.estimate(paint(40, 80, (x, y) -> y < 20));
            assertThat(tb.at(20, 5)).isCloseTo(2f, within(1e-4f));
            assertThat(tb.at(20, 40)).isCloseTo(0f, within(1e-4f));
            assertThat(tb.at(20, 75)).isCloseTo(0f, within(1e-4f));
        }
    }

    @Test
    void dptDefaultPreprocessingFeeds384x384WhateverTheImage() {
        // The size-probe graph's depth is height * 4096 + width of the pixel_values it got, everywhere; the map is
        // then resized back to the image, which leaves a constant unchanged. No preprocessor_config.json: the
        // provider's built-in default (MODELS.md §2.1: 384x384, aspect ratio ignored) is what is fed.
        Path root = dir.resolve("dpt-size");
        SyntheticModels.dptHybrid(root.resolve("onnx"), DptSpec.builder().sizeProbe(true).build());
        assertThat(root.resolve("preprocessor_config.json")).doesNotExist();
        try (DepthEstimator d = new DptHybridProvider().create(config(DptHybridProvider.MODEL_ID, root))) {
            for (int[] wh : new int[][] {{90, 40}, {40, 80}, {1, 1}, {384, 384}, {1000, 700}, {2000, 3}}) {
                DepthMap m = d.estimate(fill(wh[0], wh[1], 200, 100, 50));
                String image = wh[0] + "x" + wh[1];
                assertThat(m.width()).as(image).isEqualTo(wh[0]);
                assertThat(m.height()).as(image).isEqualTo(wh[1]);
                assertThat(m.max() - m.min()).as(image).isLessThan(0.5f);
                int code = Math.round(m.at(0, 0));
                assertThat(new int[] {code / DptSpec.SIZE_BASE, code % DptSpec.SIZE_BASE}).as(image)
                        .containsExactly(384, 384);
            }
        }
    }

    @Test
    void dptResizeIsPillowsBilinearAcrossAnEdgeWithOrWithoutPreprocessorConfig() throws Exception {
        // The pixel-probe graph's depth is the red plane as fed. The image is 384x192, rows 0..95 black, 96..191
        // white. Across, 384 -> 384 keeps every row as it is. Down, 192 -> 384 is Pillow's bilinear 2x enlargement:
        // output row Y is centred at (Y + 0.5) / 2 source rows, so row 2y = 0.75 src[y] + 0.25 src[y - 1] and row
        // 2y + 1 = 0.75 src[y] + 0.25 src[y + 1]. Beside the edge: row 191 = 0.25 * 255 = 63.75 -> 64 and row
        // 192 = 0.75 * 255 = 191.25 -> 191 (Pillow rounds its fixed-point sum half up; neither is a tie); rows up
        // to 190 are 0, from 193 on 255. Normalised, v -> 2 v / 255 - 1. The map goes back to 384x192 bilinearly
        // with half-pixel centres: output row y is the mean of rows 2y and 2y + 1, so row 95 = (-1 + 128 / 255 - 1)
        // / 2 = -1 + 64 / 255 = -0.749020 and row 96 = (382 / 255 - 1 + 1) / 2 = 191 / 255 = 0.749020; above -1,
        // below 1. Pillow's bicubic (Keys a = -0.5: weights 0.8671875, 0.2265625, -0.0703125, -0.0234375 at
        // 0.25, 0.75, 1.25, 1.75 rows) would make rows 191 and 192 51.8 -> 52 and 203.2 -> 203, so rows 95 and 96
        // -1 + 52 / 255 = -0.796078 and 203 / 255 = 0.796078: 0.047 away.
        Path root = dir.resolve("dpt-pixels");
        SyntheticModels.dptHybrid(root.resolve("onnx"), DptSpec.builder().pixelProbe(true).build());
        RgbImage edge = paint(384, 192, (x, y) -> y >= 96);
        float[] expected = new float[192];
        Arrays.fill(expected, 0, 95, -1f);
        expected[95] = -1 + 64 / 255f;
        expected[96] = 191 / 255f;
        Arrays.fill(expected, 97, 192, 1f);
        // First the built-in default, then Xenova's file (MODELS.md §2.1), whose "resample": 2 must mean bilinear.
        for (boolean file : new boolean[] {false, true}) {
            if (file) {
                Files.writeString(root.resolve("preprocessor_config.json"), """
                        {"do_resize": true, "size": {"height": 384, "width": 384}, "keep_aspect_ratio": false,
                         "ensure_multiple_of": 1, "resample": 2, "do_rescale": true,
                         "rescale_factor": 0.00392156862745098, "do_normalize": true,
                         "image_mean": [0.5, 0.5, 0.5], "image_std": [0.5, 0.5, 0.5]}""");
            }
            try (DepthEstimator d = new DptHybridProvider().create(config(DptHybridProvider.MODEL_ID, root))) {
                DepthMap m = d.estimate(edge);
                assertThat(m.width()).isEqualTo(384);
                assertThat(m.height()).isEqualTo(192);
                for (int x : new int[] {0, 191, 383}) {
                    float[] column = new float[192];
                    for (int y = 0; y < 192; y++) {
                        column[y] = m.at(x, y);
                    }
                    assertThat(column).as("preprocessor_config.json: %s, column %d", file, x)
                            .containsExactly(expected, within(1e-5f));
                }
            }
        }
    }

    @Test
    void dptFloat16VariantIsFedAndReadInHalfPrecision() {
        // fp32 file: mean + 1; fp16 file: 4 * mean + 2, computed in float32 and rounded to float16 at the end.
        // So the values tell which file ran, and whether its half-precision output was read as such.
        Path root = dir.resolve("dpt-hybrid-midas");
        SyntheticModels.dptHybrid(root.resolve("onnx"));
        Path half = SyntheticModels.dptHybrid(root.resolve("onnx"),
                DptSpec.builder().ioType(ElementType.FLOAT16).scale(4).offset(2).build());
        assertThat(half.getFileName()).hasToString("model_fp16.onnx");
        try (DepthEstimator d = new DptHybridProvider().create(config(DptHybridProvider.MODEL_ID, root))) {
            // Without the option fp32 comes first: pure red is mean -1/3, plus 1.
            assertThat(d.estimate(fill(6, 4, 255, 0, 0)).at(2, 2)).isCloseTo(2f / 3, within(1e-5f));
        }
        ProviderConfig fp16 = config(DptHybridProvider.MODEL_ID, root, "dpt-hybrid.variant", "fp16");
        try (DepthEstimator d = new DptHybridProvider().create(fp16)) {
            // Red: 4 * (-1/3) + 2 = 0.6666666 -> float16 1365/2048 = 0.66650390625 (float32 would be 1.6e-4 higher).
            DepthMap red = d.estimate(fill(6, 4, 255, 0, 0));
            assertThat(red.min()).isCloseTo(1365 / 2048f, within(1e-6f));
            assertThat(red.max()).isCloseTo(1365 / 2048f, within(1e-6f));
            // Grey 128: (128/255 - 0.5) / 0.5 = 0.0039216 -> float16 1028 * 2^-18; 4 * that + 2 = 2.0156860
            // -> float16 1032 * 2^-9 = 2.015625.
            assertThat(d.estimate(fill(5, 5, 128, 128, 128)).at(2, 2)).isCloseTo(2.015625f, within(1e-6f));
            // White: 4 + 2 = 6 exactly; black: max(0, -4 + 2) = 0.
            assertThat(d.estimate(fill(3, 3, 255, 255, 255)).at(1, 1)).isEqualTo(6f);
            assertThat(d.estimate(fill(3, 3, 0, 0, 0)).at(1, 1)).isZero();
            // Orientation survives the half-precision round trip: white left half, black right half.
            DepthMap lr = d.estimate(paint(90, 40, (x, y) -> x < 45));
            assertThat(lr.at(5, 20)).isEqualTo(6f);
            assertThat(lr.at(84, 20)).isZero();
        }
        assertThat(new DptHybridProvider().availability(
                config(DptHybridProvider.MODEL_ID, root, "dpt-hybrid.variant", "int3")).reason())
                .contains("dpt-hybrid.variant").contains("int3");
        assertThatThrownBy(() -> new DptHybridProvider().create(
                config(DptHybridProvider.MODEL_ID, root, "dpt-hybrid.variant", "int3")))
                .isInstanceOf(BadInputException.class).hasMessageContaining("fp32, quantized or fp16");
    }

    @Test
    void dptFloat16OnlyExportIsTheFallbackAndFp32IsThenMissing() {
        Path root = dir.resolve("dpt-fp16-only");
        SyntheticModels.dptHybrid(root.resolve("onnx"),
                DptSpec.builder().ioType(ElementType.FLOAT16).scale(4).offset(2).build());
        try (DepthEstimator d = new DptHybridProvider().create(config(DptHybridProvider.MODEL_ID, root))) {
            assertThat(d.estimate(fill(6, 4, 255, 0, 0)).at(2, 2)).isCloseTo(1365 / 2048f, within(1e-6f));
        }
        assertThatThrownBy(() -> new DptHybridProvider().create(
                config(DptHybridProvider.MODEL_ID, root, "dpt-hybrid.variant", "fp32")))
                .isInstanceOf(ModelMissingException.class).hasMessageContaining("onnx/model.onnx");
    }

    @Test
    void smallFeedsZeroToOneRgbByDefaultAndImagenetOnRequest() {
        try (DepthEstimator d = new MidasSmallProvider().create(small())) {
            // Red in [0, 1]: mean (1 + 0 + 0) / 3.
            DepthMap m = d.estimate(fill(20, 10, 255, 0, 0));
            assertThat(m.min()).isCloseTo(1f / 3, within(1e-5f));
            assertThat(m.max()).isCloseTo(1f / 3, within(1e-5f));
        }
        try (DepthEstimator d = new MidasSmallProvider().create(small("midas-small.normalize", "imagenet"))) {
            // Grey 0.5 with ImageNet mean/std: ((0.5-0.485)/0.229 + (0.5-0.456)/0.224 + (0.5-0.406)/0.225) / 3.
            float expected = (float) (((128 / 255.0 - 0.485) / 0.229 + (128 / 255.0 - 0.456) / 0.224
                    + (128 / 255.0 - 0.406) / 0.225) / 3);
            assertThat(d.estimate(fill(20, 10, 128, 128, 128)).at(10, 5)).isCloseTo(expected, within(1e-4f));
        }
        assertThatThrownBy(() -> new MidasSmallProvider().create(small("midas-small.normalize", "coco")))
                .isInstanceOf(BadInputException.class).hasMessageContaining("midas-small.normalize");
    }

    @Test
    void smallResizesTheFloatImageLikeItsRunnerSoAnEdgeOvershoots() {
        // The runner resizes img / 255.0 with cv2's INTER_CUBIC (a = -0.75) and never clamps: beside a
        // black-to-white edge, enlarged 2x, the white side rises to 1.1055 in the 256x256 input (Pillow-style 8-bit
        // bicubic would clamp at 255, i.e. 1.0). The prediction goes back to 128x128 with INTER_CUBIC too. The same
        // steps in cv2 4.6 (the synthetic graph's max(0, mean of channels) between them) give, along row 64:
        // x = 62..66 -> 0, 0.06201172, 0.99731445, 1.0109863, 1; a bilinear resize back would give 0, 0.1133,
        // 0.9395, 1.0176, 1 instead.
        try (DepthEstimator d = new MidasSmallProvider().create(small())) {
            DepthMap m = d.estimate(paint(128, 128, (x, y) -> x >= 64));
            float[] expected = {0f, 0.06201172f, 0.99731445f, 1.0109863f, 1f};
            for (int i = 0; i < expected.length; i++) {
                assertThat(m.at(62 + i, 64)).as("depth at x %d", 62 + i).isCloseTo(expected[i], within(1e-5f));
            }
            assertThat(m.max()).isCloseTo(1.0109863f, within(1e-5f));
            assertThat(m.at(100, 64)).isCloseTo(1f, within(1e-5f));
            assertThat(m.at(20, 64)).isCloseTo(0f, within(1e-5f));
        }
    }

    @Test
    void smallMapOrientation() {
        try (DepthEstimator d = new MidasSmallProvider().create(small())) {
            DepthMap m = d.estimate(paint(64, 48, (x, y) -> x >= 48 && y >= 36));
            // MiDaS v2.1 small predicts relative inverse depth, as DPT does: larger is nearer (MODELS.md §2).
            assertThat(m.convention()).isEqualTo(DepthMap.Convention.RELATIVE_INVERSE_DEPTH);
            assertThat(m.at(60, 45)).isCloseTo(1f, within(1e-4f));
            assertThat(m.at(3, 3)).isCloseTo(0f, within(1e-4f));
            assertThat(m.at(60, 3)).isCloseTo(0f, within(1e-4f));
            assertThat(m.at(3, 45)).isCloseTo(0f, within(1e-4f));
        }
    }

    @Test
    void oddImages() {
        try (DepthEstimator d = new DptHybridProvider().create(dpt())) {
            DepthMap one = d.estimate(fill(1, 1, 255, 255, 255));
            assertThat(one.width()).isEqualTo(1);
            assertThat(one.at(0, 0)).isCloseTo(2f, within(1e-4f));
            DepthMap wide = d.estimate(fill(3000, 1, 0, 0, 0));
            assertThat(wide.width()).isEqualTo(3000);
            assertThat(wide.max()).isZero();
            DepthMap big = d.estimate(fill(3000, 2000, 10, 10, 10));
            assertThat(big.width()).isEqualTo(3000);
            assertThat(big.height()).isEqualTo(2000);
            assertThatThrownBy(() -> d.estimate(null)).isInstanceOf(BadInputException.class);
        }
    }

    @Test
    void concurrentCallsAgreeAndCloseIsFinal() throws Exception {
        DepthEstimator d = new MidasSmallProvider().create(small());
        RgbImage image = paint(33, 21, (x, y) -> (x + y) % 3 == 0);
        DepthMap expected = d.estimate(image);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<DepthMap>> futures = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                futures.add(pool.submit(() -> d.estimate(image)));
            }
            for (Future<DepthMap> f : futures) {
                assertThat(f.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
        d.close();
        d.close();
        assertThatThrownBy(() -> d.estimate(image)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void providersAvailabilityAndWrongFiles() {
        ProviderConfig empty = ProviderConfig.builder().models(ModelLocator.withHome(dir.resolve("home"))).build();
        List<DepthEstimatorProvider> all = Providers.load(DepthEstimatorProvider.class);
        assertThat(all).extracting(DepthEstimatorProvider::name).contains("dpt-hybrid", "midas-small");
        for (DepthEstimatorProvider p : all) {
            assertThat(p.availability(empty).available()).isFalse();
            assertThat(p.availability(empty).reason()).contains("echollama models fetch").contains("--model-dir");
        }
        assertThat(new DptHybridProvider().availability(dpt()).available()).isTrue();
        assertThat(new MidasSmallProvider().availability(small()).available()).isTrue();
        assertThat(new DptHybridProvider().priority()).isGreaterThan(new MidasSmallProvider().priority());
        Path yolox = SharedModels.require("detection/yolox_nano.onnx");
        assertThatThrownBy(() -> new MidasSmallProvider().create(config(MidasSmallProvider.MODEL_ID, yolox)))
                .isInstanceOf(ModelCorruptException.class).hasMessageContaining("416").hasMessageContaining("256");
    }
}

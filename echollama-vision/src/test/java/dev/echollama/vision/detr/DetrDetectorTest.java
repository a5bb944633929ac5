package dev.echollama.vision.detr;

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
import dev.echollama.testkit.onnx.DetrSpec;
import dev.echollama.testkit.onnx.ElementType;
import dev.echollama.testkit.onnx.SyntheticModels;
import dev.echollama.vision.Detection;
import dev.echollama.vision.Detector;
import dev.echollama.vision.DetectorProvider;
import java.io.IOException;
import java.io.InputStream;
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

class DetrDetectorTest {
    /** e^10 / (e^10 + 91): a logit of 10 against 91 zeros, by DETR's softmax over all 92. */
    private static final double P10 = Math.exp(10) / (Math.exp(10) + 91);
    private static final int DOG = 18;
    private static final int CAR = 3;
    private static final int NOT_A_CLASS = 12;
    private static final int PERSON = 1;
    private static final int BOTTLE = 44;
    private static final double[] IMAGENET_MEAN = {0.485, 0.456, 0.406};
    private static final double[] IMAGENET_STD = {0.229, 0.224, 0.225};
    /** Xenova/detr-resnet-50's preprocessor_config.json (MODELS.md §1.3). */
    private static final String XENOVA_PREPROCESSOR_CONFIG = """
            {"do_resize": true, "size": {"shortest_edge": 800, "longest_edge": 1333}, "resample": 2,
             "do_rescale": true, "rescale_factor": 0.00392156862745098, "do_normalize": true,
             "image_mean": [0.485, 0.456, 0.406], "image_std": [0.229, 0.224, 0.225], "do_pad": true,
             "format": "coco_detection", "feature_extractor_type": "DetrFeatureExtractor"}""";

    @TempDir
    Path dir;

    private static DetrSpec.Builder fixed() {
        return DetrSpec.builder()
                .detection(DOG, 10, 0.25f, 0.70f, 0.20f, 0.30f)
                .detection(CAR, 9, 0.80f, 0.20f, 0.20f, 0.10f)
                .detection(NOT_A_CLASS, 12, 0.5f, 0.5f, 0.2f, 0.2f)
                .detection(PERSON, 2, 0.5f, 0.5f, 0.2f, 0.2f);
    }

    /** Writes the spec into {@code <dir>/detr-resnet-50/onnx/} as the real export's layout. */
    private Path export(DetrSpec spec) {
        Path root = dir.resolve("detr-resnet-50");
        SyntheticModels.detr(root.resolve("onnx"), spec);
        return root;
    }

    private static ProviderConfig config(Path root, String... options) {
        ProviderConfig.Builder b = ProviderConfig.builder().model(DetrDetectorProvider.MODEL_ID, root).threads(1);
        for (int i = 0; i < options.length; i += 2) {
            b.option(options[i], options[i + 1]);
        }
        return b.build();
    }

    private static RgbImage grey(int w, int h, int v) {
        byte[] px = new byte[w * h * 3];
        Arrays.fill(px, (byte) v);
        return RgbImage.of(w, h, px);
    }

    private static void assertFixed(List<Detection> dets, double tolerance) {
        assertThat(dets).extracting(Detection::label).containsExactly("dog", "car");
        assertThat(dets.get(0).score()).isCloseTo(P10, within(tolerance));
        assertThat(dets.get(1).score()).isCloseTo(Math.exp(9) / (Math.exp(9) + 91), within(tolerance));
        Detection dog = dets.get(0);
        assertThat(dog.box().x1()).isCloseTo(0.15, within(1e-3));
        assertThat(dog.box().y1()).isCloseTo(0.55, within(1e-3));
        assertThat(dog.box().x2()).isCloseTo(0.35, within(1e-3));
        assertThat(dog.box().y2()).isCloseTo(0.85, within(1e-3));
    }

    @Test
    void handComputedDetectionsNotAClassAndFloorDropped() {
        try (Detector d = new DetrDetectorProvider().create(config(export(fixed().build())))) {
            // N/A (id 12) is dropped although it scores highest; the person (logit 2: 0.075) is under the 0.5 floor.
            assertFixed(d.detect(grey(64, 48, 0)), 1e-6);
            assertThat(d.matrixThreshold()).isEqualTo(0.90);
        }
    }

    @Test
    void pixelMaskIsFedAllOnesWhenDeclared() {
        // The graph multiplies every logit by mean(pixel_mask): a missing or zero mask would lose the detections.
        try (Detector d = new DetrDetectorProvider().create(config(export(fixed().pixelMask(true).build())))) {
            assertFixed(d.detect(grey(640, 480, 30)), 1e-6);
        }
    }

    @Test
    void float16ExportIsFedAndReadInHalfPrecision() {
        Path root = export(fixed().ioType(ElementType.FLOAT16).build());
        assertThat(root.resolve("onnx/model_fp16.onnx")).exists();
        try (Detector d = new DetrDetectorProvider().create(config(root, "detr.variant", "fp16"))) {
            assertFixed(d.detect(grey(32, 32, 200)), 2e-3);
        }
        assertThatThrownBy(() -> new DetrDetectorProvider().create(config(root, "detr.variant", "fp32")))
                .isInstanceOf(ModelMissingException.class).hasMessageContaining("onnx/model.onnx");
    }

    /**
     * The quantized export (int8 weights, float32 I/O as Xenova's model_quantized.onnx) is its own file: a graph
     * that finds only a person stands in for it beside the fp32 one, so the labels show which file ran.
     */
    @Test
    void quantizedVariantPicksItsFileAndIsTheFallbackAfterFp32() throws Exception {
        Path root = export(fixed().build());
        SyntheticModels.detr(root.resolve("onnx"), DetrSpec.builder().detection(PERSON, 10, 0.5f, 0.5f, 0.2f, 0.4f)
                .fileName("model_quantized.onnx").build());
        for (String variant : new String[] {"quantized", "q8", " Quantized "}) {
            try (Detector d = new DetrDetectorProvider().create(config(root, "detr.variant", variant))) {
                assertThat(d.detect(grey(64, 48, 0))).as("variant '%s'", variant).extracting(Detection::label)
                        .containsExactly("person");
            }
        }
        try (Detector d = new DetrDetectorProvider().create(config(root))) {
            assertFixed(d.detect(grey(64, 48, 0)), 1e-6); // both present, no variant: fp32 first
        }
        java.nio.file.Files.delete(root.resolve("onnx/model.onnx"));
        try (Detector d = new DetrDetectorProvider().create(config(root))) {
            assertThat(d.detect(grey(64, 48, 0))).extracting(Detection::label).containsExactly("person");
        }
    }

    @Test
    void probeBoxFollowsABrightRectangleThroughPreprocessing() {
        // 200x100 black with a white rectangle over x in [20, 60), y in [10, 50): normalised centre (0.2, 0.3),
        // size 0.2 x 0.4. Resized by DETR's rule to 1332x666, so the box must come back in image fractions.
        byte[] px = new byte[200 * 100 * 3];
        for (int y = 10; y < 50; y++) {
            for (int x = 20; x < 60; x++) {
                Arrays.fill(px, (y * 200 + x) * 3, (y * 200 + x) * 3 + 3, (byte) 255);
            }
        }
        try (Detector d = new DetrDetectorProvider().create(config(export(DetrSpec.builder().probe(DOG, 10).build())))) {
            List<Detection> dets = d.detect(RgbImage.of(200, 100, px));
            assertThat(dets).hasSize(1);
            Detection dog = dets.get(0);
            assertThat(dog.label()).isEqualTo("dog");
            assertThat(dog.box().centerX()).isCloseTo(0.2, within(0.005));
            assertThat(dog.box().centerY()).isCloseTo(0.3, within(0.005));
            assertThat(dog.box().width()).isCloseTo(0.2, within(0.01));
            assertThat(dog.box().height()).isCloseTo(0.4, within(0.01));
        }
    }

    /**
     * The {@code pixel_values} height and width the detector fed, read back from the synthetic graph's size probe
     * (box width = fed width / 4096, height = fed height / 4096, both exact in float32).
     */
    private static int[] fedHeightWidth(Detector d, RgbImage image) {
        List<Detection> dets = d.detect(image);
        assertThat(dets).extracting(Detection::label).containsExactly("car");
        double w = dets.get(0).box().width() * DetrSpec.SIZE_UNIT;
        double h = dets.get(0).box().height() * DetrSpec.SIZE_UNIT;
        assertThat(w).isCloseTo(Math.rint(w), within(1e-6));
        assertThat(h).isCloseTo(Math.rint(h), within(1e-6));
        return new int[] {(int) Math.rint(h), (int) Math.rint(w)};
    }

    @Test
    void defaultPreprocessingFeedsDetrsOwnSizeRule() {
        // No preprocessor_config.json: the provider's built-in default must be DETR's eval resize
        // (detr datasets/transforms.py get_size_with_aspect_ratio, max_size 1333): short side 800, unless the long
        // side would then pass 1333, in which case short = round(1333 * short / long); long = int(size * long / short).
        Path root = export(DetrSpec.builder().sizeProbe(CAR, 10).build());
        assertThat(root.resolve("preprocessor_config.json")).doesNotExist();
        try (Detector d = new DetrDetectorProvider().create(config(root))) {
            // 768x576: 800 * 768/576 = 1066.7 <= 1333, so height 800, width int(800 * 768 / 576) = 1066.
            assertThat(fedHeightWidth(d, grey(768, 576, 0))).as("768x576").containsExactly(800, 1066);
            // The portrait twin: width 800, height 1066.
            assertThat(fedHeightWidth(d, grey(576, 768, 0))).as("576x768").containsExactly(1066, 800);
            // 2000x500: 800 * 4 = 3200 > 1333, so short = round(1333 * 500 / 2000 = 333.25) = 333 and
            // long = int(333 * 2000 / 500) = 1332: the cap binds.
            assertThat(fedHeightWidth(d, grey(2000, 500, 0))).as("2000x500").containsExactly(333, 1332);
            assertThat(fedHeightWidth(d, grey(500, 2000, 0))).as("500x2000").containsExactly(1332, 333);
            // 1334x800: 800 * 1334/800 = 1334 > 1333, so short = round(1333 * 800 / 1334 = 799.40) = 799 and
            // long = int(799 * 1334 / 800 = 1332.33) = 1332 (transformers.js would give 1333 here; MODELS.md §1.3).
            assertThat(fedHeightWidth(d, grey(1334, 800, 0))).as("1334x800").containsExactly(799, 1332);
            // Already 800 / 1333: kept as it is. A small square is enlarged to 800x800.
            assertThat(fedHeightWidth(d, grey(1333, 800, 0))).as("1333x800").containsExactly(800, 1333);
            assertThat(fedHeightWidth(d, grey(100, 100, 0))).as("100x100").containsExactly(800, 800);
        }
    }

    /** The R, G and B elements of {@code pixel_values} at row {@code y}, column {@code x}, for the value probe. */
    private static DetrSpec.Pixel[] rgbAt(int... yx) {
        DetrSpec.Pixel[] pixels = new DetrSpec.Pixel[yx.length / 2 * 3];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = new DetrSpec.Pixel(i % 3, yx[i / 3 * 2], yx[i / 3 * 2 + 1]);
        }
        return pixels;
    }

    /**
     * The {@code pixel_values} the detector fed at the value probe's pixels, read back from its boxes: four values
     * per query as (cx, cy, w, h), each {@code 0.5 + v / VALUE_UNIT}. Each query's logit is a quarter lower than
     * the one before, so the detections' score order is the query order.
     */
    private static float[] fedValues(Detector d, RgbImage image, int count) {
        List<Detection> dets = d.detect(image);
        assertThat(dets).extracting(Detection::label).containsOnly("bottle").hasSize((count + 3) / 4);
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            Detection q = dets.get(i / 4);
            double component = switch (i % 4) {
                case 0 -> q.box().centerX();
                case 1 -> q.box().centerY();
                case 2 -> q.box().width();
                default -> q.box().height();
            };
            values[i] = (float) ((component - 0.5) * DetrSpec.VALUE_UNIT);
        }
        return values;
    }

    @Test
    void defaultNormalisationIsImagenetMeanAndStdOfPixelsOver255() {
        // No preprocessor_config.json: the built-in default (MODELS.md §1.3) is x / 255, then (x - mean) / std with
        // ImageNet's mean and std. Pure red, read at two corners of the 1066x800 tensor a 64x48 image becomes:
        // R (1 - 0.485) / 0.229 = 2.248908, G (0 - 0.456) / 0.224 = -2.035714, B (0 - 0.406) / 0.225 = -1.804444.
        // (Mean and std swapped would give R (1 - 0.229) / 0.485 = 1.589691; without the 1/255, R 1111.4.)
        Path root = export(DetrSpec.builder().valueProbe(BOTTLE, 10, rgbAt(0, 0, 799, 1065)).build());
        assertThat(root.resolve("preprocessor_config.json")).doesNotExist();
        byte[] red = new byte[64 * 48 * 3];
        for (int i = 0; i < red.length; i += 3) {
            red[i] = (byte) 255;
        }
        try (Detector d = new DetrDetectorProvider().create(config(root))) {
            assertThat(fedValues(d, RgbImage.of(64, 48, red), 6)).containsExactly(new float[] {2.248908f,
                    -2.035714f, -1.804444f, 2.248908f, -2.035714f, -1.804444f}, within(1e-5f));
        }
    }

    /**
     * 400x300, background RGB (0, 64, 255) with a (255, 128, 0) rectangle over x in [100, 300), y in [75, 225): the
     * image make_edge_reference.py resizes.
     */
    private static RgbImage edgeImage() {
        byte[] px = new byte[400 * 300 * 3];
        for (int y = 0; y < 300; y++) {
            for (int x = 0; x < 400; x++) {
                boolean inside = x >= 100 && x < 300 && y >= 75 && y < 225;
                int i = (y * 400 + x) * 3;
                px[i] = (byte) (inside ? 255 : 0);
                px[i + 1] = (byte) (inside ? 128 : 64);
                px[i + 2] = (byte) (inside ? 0 : 255);
            }
        }
        return RgbImage.of(400, 300, px);
    }

    @Test
    void resizeIsPillowsBilinearWithOrWithoutPreprocessorConfig() throws Exception {
        // The edge image becomes 1066x800. Reference: Pillow 9.4's BILINEAR of it (make_edge_reference.py), row 400
        // and column 533. At the pixels read here, beside the rectangle's left and top edges, Pillow's BICUBIC
        // (resample 3) lands 11 levels further out in R and B: (400, 265) bilinear (32, 72, 223), bicubic
        // (21, 69, 234); (400, 267) (223, 120, 32) against (234, 123, 21); (199, 533) (80, 84, 175) against
        // (69, 81, 186); (200, 533) (175, 108, 80) against (186, 111, 69). One level is at least
        // 1 / 255 / 0.229 = 0.017 after normalisation, far above the probe's 2e-6.
        byte[] row = resource("edge_bilinear_1066x800_row400.rgb");
        byte[] column = resource("edge_bilinear_1066x800_col533.rgb");
        int[][] at = {{400, 265}, {400, 267}, {199, 533}, {200, 533}};
        float[] expected = new float[at.length * 3];
        for (int i = 0; i < expected.length; i++) {
            int y = at[i / 3][0];
            int x = at[i / 3][1];
            int c = i % 3;
            int v = (y == 400 ? row[x * 3 + c] : column[y * 3 + c]) & 0xFF;
            expected[i] = (float) ((v / 255.0 - IMAGENET_MEAN[c]) / IMAGENET_STD[c]);
        }
        Path root = export(DetrSpec.builder().valueProbe(BOTTLE, 10, rgbAt(400, 265, 400, 267, 199, 533, 200, 533))
                .build());
        // First the built-in default, then Xenova's file, whose "resample": 2 must mean bilinear.
        for (boolean file : new boolean[] {false, true}) {
            if (file) {
                Files.writeString(root.resolve("preprocessor_config.json"), XENOVA_PREPROCESSOR_CONFIG);
            }
            try (Detector d = new DetrDetectorProvider().create(config(root))) {
                assertThat(fedValues(d, edgeImage(), expected.length)).as("preprocessor_config.json: %s", file)
                        .containsExactly(expected, within(1e-4f));
            }
        }
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = DetrDetectorTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    @Test
    void labelsComeFromConfigJsonWhenPresent() throws Exception {
        Path root = export(fixed().build());
        StringBuilder json = new StringBuilder("{\"id2label\": {");
        for (int i = 0; i < 91; i++) {
            String name = i == DOG ? "hound" : Coco91.LABELS.get(i);
            json.append(i == 0 ? "" : ",").append('"').append(i).append("\": \"").append(name).append('"');
        }
        Files.writeString(root.resolve("config.json"), json.append("}}"));
        try (Detector d = new DetrDetectorProvider().create(config(root))) {
            assertThat(d.detect(grey(8, 8, 0))).extracting(Detection::label).containsExactly("hound", "car");
        }
        Files.writeString(root.resolve("config.json"), "{\"id2label\": {\"0\": \"N/A\", \"1\": \"person\"}}");
        assertThatThrownBy(() -> new DetrDetectorProvider().create(config(root)))
                .isInstanceOf(ModelCorruptException.class)
                .hasMessageContaining("config.json").hasMessageContaining("91").hasMessageContaining("2");
    }

    @Test
    void labelsFromId2LabelFillGapsAndRejectGarbage() throws Exception {
        Path f = dir.resolve("config.json");
        Files.writeString(f, "{\"id2label\": {\"0\": \"N/A\", \"1\": \"person\", \"3\": \"car\"}}");
        assertThat(DetrLabels.read(f)).containsExactly("N/A", "person", "N/A", "car");
        Files.writeString(f, "{\"id2label\": {\"x\": \"person\"}}");
        assertThatThrownBy(() -> DetrLabels.read(f)).isInstanceOf(ModelCorruptException.class).hasMessageContaining("'x'");
        Files.writeString(f, "{\"model_type\": \"detr\"}");
        assertThatThrownBy(() -> DetrLabels.read(f)).isInstanceOf(ModelCorruptException.class)
                .hasMessageContaining("id2label");
    }

    @Test
    void preprocessorConfigIsRead() throws Exception {
        Path root = export(DetrSpec.builder().probe(DOG, 10).build());
        Files.writeString(root.resolve("preprocessor_config.json"), """
                {"do_resize": true, "size": {"shortest_edge": 64, "longest_edge": 96}, "resample": 2,
                 "do_rescale": true, "rescale_factor": 0.00392156862745098, "do_normalize": true,
                 "image_mean": [0.485, 0.456, 0.406], "image_std": [0.229, 0.224, 0.225], "do_pad": true}""");
        byte[] px = new byte[100 * 100 * 3];
        for (int y = 0; y < 100; y++) {
            for (int x = 50; x < 100; x++) {
                Arrays.fill(px, (y * 100 + x) * 3, (y * 100 + x) * 3 + 3, (byte) 255);
            }
        }
        try (Detector d = new DetrDetectorProvider().create(config(root))) {
            Detection probe = d.detect(RgbImage.of(100, 100, px)).get(0);
            assertThat(probe.box().centerX()).isCloseTo(0.75, within(0.02));
        }
        Files.writeString(root.resolve("preprocessor_config.json"), "{\"resample\": 1}");
        assertThatThrownBy(() -> new DetrDetectorProvider().create(config(root)))
                .isInstanceOf(ModelCorruptException.class).hasMessageContaining("preprocessor_config.json")
                .hasMessageContaining("resample");
    }

    @Test
    void oddImagesGiveResultsOrClearErrors() {
        try (Detector d = new DetrDetectorProvider().create(config(export(fixed().build())))) {
            assertFixed(d.detect(RgbImage.of(1, 1, new byte[] {1, 2, 3})), 1e-6);
            assertFixed(d.detect(grey(4000, 3000, 128)), 1e-6);
            try {
                assertFixed(d.detect(grey(5000, 1, 128)), 1e-6);
            } catch (BadInputException e) {
                assertThat(e.getMessage()).contains("5000x1").contains("DETR");
            }
            assertThatThrownBy(() -> d.detect(null)).isInstanceOf(BadInputException.class);
        }
    }

    @Test
    void concurrentCallsAgreeAndCloseIsFinal() throws Exception {
        Detector d = new DetrDetectorProvider().create(config(export(DetrSpec.builder().probe(DOG, 10).build())));
        RgbImage image = grey(120, 90, 250);
        List<Detection> expected = d.detect(image);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<Detection>>> futures = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                futures.add(pool.submit(() -> d.detect(image)));
            }
            for (Future<List<Detection>> f : futures) {
                assertThat(f.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
        d.close();
        d.close();
        assertThatThrownBy(() -> d.detect(image)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void availabilityAndWrongFiles() throws Exception {
        ProviderConfig empty = ProviderConfig.builder().models(ModelLocator.withHome(dir.resolve("home"))).build();
        DetectorProvider p = Providers.load(DetectorProvider.class).stream()
                .filter(x -> x.name().equals("detr")).findFirst().orElseThrow();
        assertThat(p.priority()).isGreaterThan(new dev.echollama.vision.yolox.YoloxDetectorProvider().priority());
        assertThat(p.availability(empty).available()).isFalse();
        assertThat(p.availability(empty).reason()).contains("echollama models fetch detr-resnet-50")
                .contains("--model-dir detr-resnet-50=PATH");
        Path root = export(fixed().build());
        assertThat(p.availability(config(root)).available()).isTrue();
        assertThat(p.availability(config(root, "detr.variant", "int3")).reason()).contains("detr.variant");
        assertThatThrownBy(() -> p.create(config(root, "detr.threshold", "1.5")))
                .isInstanceOf(BadInputException.class).hasMessageContaining("detr.threshold");
        Path yolox = SharedModels.require("detection/yolox_nano.onnx");
        assertThatThrownBy(() -> p.create(config(yolox))).isInstanceOf(ModelCorruptException.class)
                .hasMessageContaining("pixel_values");
    }
}

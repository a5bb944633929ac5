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

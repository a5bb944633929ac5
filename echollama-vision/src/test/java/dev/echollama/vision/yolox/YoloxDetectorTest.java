package dev.echollama.vision.yolox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.echollama.BadInputException;
import dev.echollama.ModelCorruptException;
import dev.echollama.ModelMissingException;
import dev.echollama.image.RgbImage;
import dev.echollama.scene.SceneMatrix;
import dev.echollama.scene.SceneMatrixBuilder;
import dev.echollama.scene.SceneObject;
import dev.echollama.spi.Availability;
import dev.echollama.spi.ProviderConfig;
import dev.echollama.spi.Providers;
import dev.echollama.testkit.SharedModels;
import dev.echollama.vision.Detection;
import dev.echollama.vision.Detector;
import dev.echollama.vision.DetectorProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YoloxDetectorTest {
    private static Detector detector;

    @BeforeAll
    static void open() {
        Path model = SharedModels.require("detection/yolox_nano.onnx");
        detector = new YoloxDetectorProvider().create(config(model));
    }

    @AfterAll
    static void close() {
        if (detector != null) {
            detector.close();
        }
    }

    private static ProviderConfig config(Path model) {
        return ProviderConfig.builder().model(YoloxDetectorProvider.MODEL_ID, model).threads(2).build();
    }

    static RgbImage image(String name) throws IOException {
        return RgbImage.fromBufferedImage(ImageIO.read(SharedModels.require("images/" + name).toFile()));
    }

    private static List<Detection> above(List<Detection> dets, double t) {
        return dets.stream().filter(d -> d.score() >= t).toList();
    }

    private static Detection only(List<Detection> dets, String label) {
        List<Detection> l = dets.stream().filter(d -> d.label().equals(label)).toList();
        assertThat(l).as("%s in %s", label, dets).hasSize(1);
        return l.get(0);
    }

    @Test
    void dogBicycleAndVehicleInTheirPlaces() throws IOException {
        List<Detection> dets = above(detector.detect(image("dog.jpg")), detector.matrixThreshold());
        assertThat(dets).extracting(Detection::label).containsExactlyInAnyOrder("dog", "bicycle", "car");
        // PROVENANCE.md's independent check (ORT Java, same model): dog 0.86, bicycle 0.80, car 0.80.
        Detection dog = only(dets, "dog");
        Detection bicycle = only(dets, "bicycle");
        Detection car = only(dets, "car");
        assertThat(dog.score()).isCloseTo(0.86, within(0.02));
        assertThat(bicycle.score()).isCloseTo(0.80, within(0.02));
        assertThat(car.score()).isCloseTo(0.80, within(0.02));
        // Dog lower left, bicycle across the middle, pickup at the top right (image is 768x576).
        assertThat(dog.box().centerX()).isLessThan(1.0 / 3);
        assertThat(dog.box().centerY()).isGreaterThan(0.5);
        assertThat(dog.box().y2()).isGreaterThan(0.9);
        assertThat(bicycle.box().centerX()).isBetween(1.0 / 3, 2.0 / 3);
        assertThat(bicycle.box().width()).isGreaterThan(0.5);
        assertThat(car.box().centerX()).isGreaterThan(2.0 / 3);
        assertThat(car.box().centerY()).isLessThan(1.0 / 3);
    }

    @Test
    void busAndThreePeople() throws IOException {
        List<Detection> dets = above(detector.detect(image("bus.jpg")), detector.matrixThreshold());
        assertThat(dets).extracting(Detection::label).containsExactly("bus", "person", "person", "person");
        // PROVENANCE.md: bus 0.91, person 0.86, 0.81, 0.71.
        assertThat(dets.get(0).score()).isCloseTo(0.91, within(0.02));
        assertThat(dets.get(1).score()).isCloseTo(0.86, within(0.02));
        assertThat(dets.get(2).score()).isCloseTo(0.81, within(0.02));
        assertThat(dets.get(3).score()).isCloseTo(0.71, within(0.02));
        Detection bus = dets.get(0);
        assertThat(bus.box().width()).isGreaterThan(0.9);
        // Two men walking on the left, one cut off at the right edge.
        assertThat(dets.subList(1, 4)).extracting(d -> d.box().centerX() < 0.5)
                .containsExactlyInAnyOrder(true, true, false);
    }

    @Test
    void matrixPutsTheDogBottomLeft() throws IOException {
        SceneMatrix m = SceneMatrixBuilder.of(2, 3, detector.matrixThreshold()).build(detector.detect(image("dog.jpg")));
        assertThat(m.cell(1, 0)).extracting(SceneObject::label).containsExactly("dog");
        assertThat(m.cell(0, 1)).extracting(SceneObject::label).containsExactly("bicycle");
        assertThat(m.cell(0, 2)).extracting(SceneObject::label).containsExactly("car");
        assertThat(m.objects()).hasSize(3);
    }

    @Test
    void scoresAreBestFirstAndAboveTheFloor() throws IOException {
        List<Detection> dets = detector.detect(image("bus.jpg"));
        assertThat(dets).isSortedAccordingTo((a, b) -> Double.compare(b.score(), a.score()));
        assertThat(dets).allSatisfy(d -> assertThat(d.score()).isGreaterThanOrEqualTo(YoloxDetectorProvider.SCORE_FLOOR));
    }

    @Test
    void oddImagesGiveResultsNotCrashes() {
        assertThat(detector.detect(RgbImage.of(1, 1, new byte[] {1, 2, 3}))).isNotNull();
        byte[] grey = new byte[64 * 48 * 3];
        Arrays.fill(grey, (byte) 128);
        assertThat(detector.detect(RgbImage.of(64, 48, grey))).isEmpty();
        assertThat(detector.detect(RgbImage.of(6000, 1, new byte[6000 * 3]))).isNotNull();
        assertThat(detector.detect(RgbImage.of(4000, 3000, new byte[4000 * 3000 * 3]))).isEmpty();
        assertThatThrownBy(() -> detector.detect(null)).isInstanceOf(BadInputException.class);
    }

    @Test
    void concurrentCallsAgree() throws Exception {
        // Calls reuse each other's native buffers: mixing two images across threads proves none leaks into another.
        RgbImage dog = image("dog.jpg");
        RgbImage bus = image("bus.jpg");
        List<Detection> dogExpected = detector.detect(dog);
        List<Detection> busExpected = detector.detect(bus);
        assertThat(dogExpected).isNotEqualTo(busExpected);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<Detection>>> futures = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                RgbImage next = i % 2 == 0 ? dog : bus;
                futures.add(pool.submit(() -> detector.detect(next)));
            }
            for (int i = 0; i < futures.size(); i++) {
                assertThat(futures.get(i).get()).isEqualTo(i % 2 == 0 ? dogExpected : busExpected);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void closeIsIdempotentAndUseAfterCloseFails() {
        Detector d = new YoloxDetectorProvider().create(config(SharedModels.require("detection/yolox_nano.onnx")));
        assertThat(d.matrixThreshold()).isEqualTo(0.50);
        d.close();
        d.close();
        assertThatThrownBy(() -> d.detect(RgbImage.of(1, 1, new byte[3]))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void optionsOverrideThresholdAndFloor() throws IOException {
        ProviderConfig c = config(SharedModels.require("detection/yolox_nano.onnx")).toBuilder()
                .option("yolox.threshold", "0.9").option("yolox.score-floor", "0.85").build();
        try (Detector d = new YoloxDetectorProvider().create(c)) {
            assertThat(d.matrixThreshold()).isEqualTo(0.9);
            assertThat(d.detect(image("bus.jpg"))).extracting(Detection::label).containsExactly("bus", "person");
        }
        assertThatThrownBy(() -> new YoloxDetectorProvider().create(c.toBuilder().option("yolox.nms-iou", "0").build()))
                .isInstanceOf(BadInputException.class).hasMessageContaining("yolox.nms-iou");
    }

    @Test
    void providerIsFoundAndSaysHowToGetTheModel(@TempDir Path home) throws IOException {
        ProviderConfig empty = ProviderConfig.builder()
                .models(dev.echollama.model.ModelLocator.withHome(home)).build();
        DetectorProvider p = Providers.load(DetectorProvider.class).stream()
                .filter(x -> x.name().equals("yolox")).findFirst().orElseThrow();
        Availability a = p.availability(empty);
        assertThat(a.available()).isFalse();
        assertThat(a.reason()).contains("echollama models fetch yolox-nano").contains("--model-dir yolox-nano=PATH")
                .contains("yolox_nano.onnx");
        assertThatThrownBy(() -> p.create(empty)).isInstanceOf(ModelMissingException.class)
                .hasMessageContaining("echollama models fetch yolox-nano");

        Path folder = Files.createDirectories(home.resolve("models/yolox-nano"));
        assertThat(p.availability(empty).reason()).contains(folder.toString()).contains("holds none of");
        Files.copy(SharedModels.require("detection/yolox_nano.onnx"), folder.resolve("yolox_nano.onnx"));
        assertThat(p.availability(empty).available()).isTrue();
        try (Detector d = p.create(empty)) {
            assertThat(d.detect(image("dog.jpg"))).isNotEmpty();
        }
    }

    @Test
    void wrongOrBrokenModelFilesAreModelCorrupt(@TempDir Path dir) throws IOException {
        Path junk = Files.writeString(dir.resolve("yolox_nano.onnx"), "not a model");
        assertThatThrownBy(() -> new YoloxDetectorProvider().create(config(junk)))
                .isInstanceOf(ModelCorruptException.class).hasMessageContaining(junk.getFileName().toString());
        Path fastestDet = SharedModels.require("detection/FastestDet.onnx");
        assertThatThrownBy(() -> new YoloxDetectorProvider().create(config(fastestDet)))
                .isInstanceOf(ModelCorruptException.class).hasMessageContaining("FastestDet.onnx");
    }
}

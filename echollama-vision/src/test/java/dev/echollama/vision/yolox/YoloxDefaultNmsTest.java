package dev.echollama.vision.yolox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.echollama.image.RgbImage;
import dev.echollama.spi.ProviderConfig;
import dev.echollama.testkit.onnx.SyntheticModels;
import dev.echollama.testkit.onnx.YoloxSpec;
import dev.echollama.vision.Detection;
import dev.echollama.vision.Detector;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provider's default NMS IoU (0.45) end to end, on the testkit's synthetic YOLOX-Nano (see
 * {@link SyntheticModels#yoloxNano}), whose head output is fixed: two same-class boxes overlapping by more than 0.45
 * leave one detection, by less leave two. The image is 416x416, so the letterbox scale is 1 with no padding and a
 * network pixel x is x / 416 of the image.
 */
class YoloxDefaultNmsTest {
    private static final int DOG = 16;
    private static final RgbImage IMAGE = RgbImage.of(416, 416, new byte[416 * 416 * 3]);

    @TempDir
    Path dir;

    /**
     * Two stride-32 dogs, log w = log h = 0 so both are exactly 32x32. The first, at cell (5, 5) with offsets
     * (0.5, 0.5), is centred at (5.5 * 32, 5.5 * 32) = (176, 176): box [160, 192]², score 0.9 * 0.9 = 0.81. The
     * second, at cell (6, 5) with offset {@code secondXOff}, is centred at ((6 + secondXOff) * 32, 176), score
     * 0.8 * 0.8 = 0.64.
     */
    private Detector detector(String name, float secondXOff, String... options) {
        Path file = SyntheticModels.yoloxNano(dir.resolve(name), YoloxSpec.builder()
                .row(32, 5, 5, 0.5f, 0.5f, 0f, 0f, 0.9f, DOG, 0.9f)
                .row(32, 6, 5, secondXOff, 0.5f, 0f, 0f, 0.8f, DOG, 0.8f)
                .build());
        ProviderConfig.Builder config = ProviderConfig.builder().model(YoloxDetectorProvider.MODEL_ID, file).threads(1);
        for (int i = 0; i < options.length; i += 2) {
            config.option(options[i], options[i + 1]);
        }
        return new YoloxDetectorProvider().create(config.build());
    }

    @Test
    void overlapAboveTheDefaultIouLeavesTheBetterBox() {
        // x_off -0.1875: centre x = 5.8125 * 32 = 186, box [170, 202] x [160, 192]. Intersection 22 x 32 = 704,
        // union 1024 + 1024 - 704 = 1344: IoU = 704 / 1344 = 11/21 = 0.524, above 0.45 (and below 0.6).
        try (Detector d = detector("iou-0.524", -0.1875f)) {
            List<Detection> dets = d.detect(IMAGE);
            assertThat(dets).hasSize(1);
            Detection dog = dets.get(0);
            assertThat(dog.label()).isEqualTo("dog");
            assertThat(dog.score()).isCloseTo(0.81, within(1e-6));
            assertThat(dog.box().x1()).isCloseTo(160.0 / 416, within(1e-6));
            assertThat(dog.box().x2()).isCloseTo(192.0 / 416, within(1e-6));
        }
        // Control: the file does hold two dogs, which a looser NMS keeps.
        try (Detector d = detector("iou-0.524-loose", -0.1875f, "yolox.nms-iou", "0.6")) {
            assertThat(d.detect(IMAGE)).extracting(Detection::label).containsExactly("dog", "dog");
        }
    }

    @Test
    void overlapBelowTheDefaultIouKeepsBothBoxes() {
        // x_off -0.0625: centre x = 5.9375 * 32 = 190, box [174, 206] x [160, 192]. Intersection 18 x 32 = 576,
        // union 2048 - 576 = 1472: IoU = 576 / 1472 = 9/23 = 0.391, below 0.45.
        try (Detector d = detector("iou-0.391", -0.0625f)) {
            List<Detection> dets = d.detect(IMAGE);
            assertThat(dets).extracting(Detection::label).containsExactly("dog", "dog");
            assertThat(dets.get(0).score()).isCloseTo(0.81, within(1e-6));
            assertThat(dets.get(1).score()).isCloseTo(0.64, within(1e-6));
            assertThat(dets.get(1).box().x1()).isCloseTo(174.0 / 416, within(1e-6));
            assertThat(dets.get(1).box().x2()).isCloseTo(206.0 / 416, within(1e-6));
        }
    }
}

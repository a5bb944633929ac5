package dev.echollama.vision.detr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.echollama.image.RgbImage;
import dev.echollama.spi.ProviderConfig;
import dev.echollama.testkit.contract.DetectorContract;
import dev.echollama.testkit.onnx.DetrSpec;
import dev.echollama.testkit.onnx.SyntheticModels;
import dev.echollama.vision.Detection;
import dev.echollama.vision.Detector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DETR on the testkit's synthetic DETR graph passes the shared detector contract: two fixed queries (dog, car)
 * and a probe query (person) whose box follows the bright rectangle of the input image.
 */
class DetrDetectorContractTest extends DetectorContract {
    /**
     * The real export's preprocessor_config.json with the size rule scaled down from 800/1333 to 64/128, so that
     * the 8-thread check does not resize every image to 800 rows on a 2-core machine.
     */
    private static final String PREPROCESSOR = "{\"do_resize\": true, \"size\": {\"shortest_edge\": 64, "
            + "\"longest_edge\": 128}, \"resample\": 2, \"do_rescale\": true, \"rescale_factor\": "
            + "0.00392156862745098, \"do_normalize\": true, \"image_mean\": [0.485, 0.456, 0.406], "
            + "\"image_std\": [0.229, 0.224, 0.225], \"do_pad\": true}";

    @TempDir
    Path dir;

    /** Writes {@code <dir>/detr-resnet-50/onnx/model.onnx} once and returns a config pointing at it. */
    static ProviderConfig config(Path dir) {
        Path root = dir.resolve("detr-resnet-50");
        if (!Files.exists(root.resolve("onnx/model.onnx"))) {
            SyntheticModels.detr(root.resolve("onnx"), DetrSpec.builder()
                    .detection(18, 10, 0.25f, 0.70f, 0.20f, 0.30f)
                    .detection(3, 9, 0.80f, 0.20f, 0.20f, 0.10f)
                    .probe(1, 11)
                    .numQueries(10)
                    .build());
            try {
                Files.writeString(root.resolve("preprocessor_config.json"), PREPROCESSOR);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return ProviderConfig.builder().model(DetrDetectorProvider.MODEL_ID, root).threads(1).build();
    }

    @Override
    protected Detector createStage() {
        return new DetrDetectorProvider().create(config(dir));
    }

    /** 16x12, black with a white 4x6 rectangle right of centre. */
    @Override
    protected RgbImage validInput() {
        int w = 16;
        int h = 12;
        byte[] px = new byte[w * h * 3];
        for (int y = 3; y < 9; y++) {
            for (int x = 10; x < 14; x++) {
                java.util.Arrays.fill(px, (y * w + x) * 3, (y * w + x) * 3 + 3, (byte) 255);
            }
        }
        return RgbImage.of(w, h, px);
    }

    /** 5000x1: DETR's size rule (here short side 64, long side at most 128) leaves it 0 rows high. */
    @Override
    protected Optional<RgbImage> invalidInput() {
        return Optional.of(RgbImage.of(5000, 1, new byte[5000 * 3]));
    }

    /** So that the shared checks compare real detections: the probe (person, logit 11) first, then dog, car. */
    @Test
    void validInputFindsTheProbeAndTheFixedQueries() {
        assertThat(sharedStage().detect(validInput())).extracting(Detection::label)
                .containsExactly("person", "dog", "car");
    }
}

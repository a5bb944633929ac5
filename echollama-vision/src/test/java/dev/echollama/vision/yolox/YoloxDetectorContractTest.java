package dev.echollama.vision.yolox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.echollama.image.Images;
import dev.echollama.image.RgbImage;
import dev.echollama.spi.ProviderConfig;
import dev.echollama.testkit.SharedModels;
import dev.echollama.testkit.contract.DetectorContract;
import dev.echollama.vision.Detection;
import dev.echollama.vision.Detector;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** YOLOX-Nano (the real shared model) passes the shared detector contract on dog.jpg. */
class YoloxDetectorContractTest extends DetectorContract {
    static final String MODEL = "detection/yolox_nano.onnx";
    private RgbImage dog;

    static ProviderConfig config() {
        return ProviderConfig.builder().model(YoloxDetectorProvider.MODEL_ID, SharedModels.path(MODEL)).threads(1)
                .build();
    }

    @Override
    protected Detector createStage() {
        SharedModels.require(MODEL);
        return new YoloxDetectorProvider().create(config());
    }

    @Override
    protected RgbImage validInput() {
        if (dog == null) {
            dog = Images.read(SharedModels.require("images/dog.jpg"));
        }
        return dog;
    }

    /** None: YOLOX letterboxes any image, down to 1x1 and up to 6000x1, into its 416x416 input. */
    @Override
    protected Optional<RgbImage> invalidInput() {
        return Optional.empty();
    }

    /** So that the shared checks compare real detections: PROVENANCE.md's dog, bicycle and car. */
    @Test
    void validInputFindsTheDog() {
        assertThat(sharedStage().detect(validInput())).extracting(Detection::label)
                .contains("dog", "bicycle", "car");
    }
}

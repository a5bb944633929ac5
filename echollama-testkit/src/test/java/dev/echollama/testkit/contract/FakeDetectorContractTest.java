package dev.echollama.testkit.contract;

import dev.echollama.image.RgbImage;
import dev.echollama.testkit.fakes.FakeDetector;
import dev.echollama.vision.Detector;
import java.time.Duration;
import java.util.Optional;

/** The fake passes its stage contract (so the contract passes a correct stage). */
class FakeDetectorContractTest extends DetectorContract {
    @Override
    protected Detector createStage() {
        return FakeDetector.builder().detections(Inputs.detections()).delay(Duration.ofMillis(2)).build();
    }

    @Override
    protected RgbImage validInput() {
        return Inputs.image();
    }

    @Override
    protected Optional<RgbImage> invalidInput() {
        return Optional.of(Inputs.tinyImage());
    }
}

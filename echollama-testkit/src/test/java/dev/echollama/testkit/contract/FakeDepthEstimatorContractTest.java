package dev.echollama.testkit.contract;

import dev.echollama.image.RgbImage;
import dev.echollama.testkit.fakes.FakeDepthEstimator;
import dev.echollama.vision.DepthEstimator;
import java.util.Optional;

/** The fake passes its stage contract (so the contract passes a correct stage). */
class FakeDepthEstimatorContractTest extends DepthEstimatorContract {
    @Override
    protected DepthEstimator createStage() {
        return FakeDepthEstimator.gradient();
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

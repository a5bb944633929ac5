package dev.echollama.testkit.contract;

import dev.echollama.testkit.fakes.FakeCaptioner;
import dev.echollama.vision.CaptionRequest;
import dev.echollama.vision.Captioner;
import java.util.Optional;

/** The fake passes its stage contract (so the contract passes a correct stage). */
class FakeCaptionerContractTest extends CaptionerContract {
    @Override
    protected Captioner createStage() {
        return FakeCaptioner.saying("A small room.");
    }

    @Override
    protected CaptionRequest validInput() {
        return CaptionRequest.of(Inputs.image());
    }

    @Override
    protected Optional<CaptionRequest> invalidInput() {
        return Optional.of(CaptionRequest.of(Inputs.tinyImage()));
    }
}

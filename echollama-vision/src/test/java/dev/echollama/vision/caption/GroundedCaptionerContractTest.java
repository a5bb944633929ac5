package dev.echollama.vision.caption;

import static org.assertj.core.api.Assertions.assertThat;

import dev.echollama.image.RgbImage;
import dev.echollama.spi.ProviderConfig;
import dev.echollama.testkit.contract.CaptionerContract;
import dev.echollama.vision.BoundingBox;
import dev.echollama.vision.CaptionRequest;
import dev.echollama.vision.Captioner;
import dev.echollama.vision.DepthMap;
import dev.echollama.vision.Detection;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The grounded captioner passes the shared captioner contract on hand-made detections and a depth ramp. */
class GroundedCaptionerContractTest extends CaptionerContract {
    @Override
    protected Captioner createStage() {
        return new GroundedCaptionerProvider().create(ProviderConfig.defaults());
    }

    @Override
    protected CaptionRequest validInput() {
        int w = 12;
        int h = 8;
        float[] depth = new float[w * h];
        for (int i = 0; i < depth.length; i++) {
            depth[i] = i % w; // larger is nearer: the right side is near
        }
        return new CaptionRequest(RgbImage.of(w, h, new byte[w * h * 3]), List.of(
                new Detection("dog", 0.98, new BoundingBox(0.05, 0.5, 0.3, 0.95)),
                new Detection("person", 0.95, new BoundingBox(0.7, 0.1, 0.9, 0.9)),
                new Detection("person", 0.93, new BoundingBox(0.4, 0.2, 0.55, 0.8))),
                Optional.of(DepthMap.of(w, h, depth, DepthMap.Convention.RELATIVE_INVERSE_DEPTH)));
    }

    /**
     * None: {@link CaptionRequest} already refuses a missing image, and every request it lets through (any
     * detections, with or without depth) can be described.
     */
    @Override
    protected Optional<CaptionRequest> invalidInput() {
        return Optional.empty();
    }

    /** So that the shared checks compare a real caption. */
    @Test
    void validInputIsDescribed() {
        assertThat(sharedStage().caption(validInput()).text()).contains("dog").contains("two people");
    }
}

package dev.echollama.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.echollama.vision.Caption;
import dev.echollama.vision.CaptionRequest;
import dev.echollama.vision.Captioner;
import org.junit.jupiter.api.Test;

/**
 * The contract of a {@link Captioner} (see {@link DetectorContract} for how to extend it); the input is a
 * {@link CaptionRequest}. Besides the shared checks ({@link StageContract}): the caption names its source, and
 * awkward image files (a 1x1 PNG, a grey PNG, a CMYK JPEG, thin strips, a lying header) give a caption or a clear
 * error.
 */
public abstract class CaptionerContract extends StageContract<Captioner, CaptionRequest, Caption> {

    @Override
    protected final Caption call(Captioner stage, CaptionRequest input) {
        return stage.caption(input);
    }

    @Test
    public void captionNamesItsSource() {
        Caption c = timed(sharedStage(), validInput());
        assertThat(c.source()).isNotBlank();
        assertThat(c.text()).isNotNull();
    }

    /**
     * A 1x1 PNG, a grey PNG, a CMYK JPEG, thin strips and a lying header, each in a
     * {@link CaptionRequest#of(dev.echollama.image.RgbImage) request} of its own.
     */
    @Test
    public void awkwardImageFilesGiveAResultOrAClearError() {
        AwkwardImages.assertEachGivesAResultOrAClearError(image -> timed(sharedStage(), CaptionRequest.of(image)));
    }
}

package dev.echollama.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.echollama.image.RgbImage;
import dev.echollama.vision.Detection;
import dev.echollama.vision.Detector;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The contract of a {@link Detector}. Extend it in the provider module's tests, supplying the detector, an image
 * it must handle and, if there is one, an image it must refuse:
 *
 * <pre>{@code
 * class YoloxDetectorContractTest extends DetectorContract {
 *     protected Detector createStage() { return new YoloxProvider().create(config); }
 *     protected RgbImage validInput() { return image; }
 *     protected Optional<RgbImage> invalidInput() { return Optional.of(RgbImage.of(1, 1, new byte[3])); }
 * }
 * }</pre>
 *
 * Besides the shared checks ({@link StageContract}): detections come best score first, the matrix threshold
 * is in [0, 1], and awkward image files (a 1x1 PNG, a grey PNG, a CMYK JPEG, thin strips, a lying header)
 * give a result or a clear error.
 */
public abstract class DetectorContract extends StageContract<Detector, RgbImage, List<Detection>> {

    @Override
    protected final List<Detection> call(Detector stage, RgbImage input) {
        return stage.detect(input);
    }

    @Test
    public void detectionsComeBestFirst() {
        List<Detection> got = timed(sharedStage(), validInput());
        for (int i = 1; i < got.size(); i++) {
            assertThat(got.get(i).score()).as("score of detection %d", i)
                    .isLessThanOrEqualTo(got.get(i - 1).score());
        }
    }

    @Test
    public void matrixThresholdIsAProbability() {
        assertThat(sharedStage().matrixThreshold()).isBetween(0.0, 1.0);
    }

    /** A 1x1 PNG, a grey PNG, a CMYK JPEG, thin strips and a lying header. */
    @Test
    public void awkwardImageFilesGiveAResultOrAClearError() {
        AwkwardImages.assertEachGivesAResultOrAClearError(image -> timed(sharedStage(), image));
    }
}

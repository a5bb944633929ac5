package dev.echollama.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.echollama.image.RgbImage;
import dev.echollama.vision.DepthEstimator;
import dev.echollama.vision.DepthMap;
import org.junit.jupiter.api.Test;

/**
 * The contract of a {@link DepthEstimator} (see {@link DetectorContract} for how to extend it). Besides the
 * shared checks ({@link StageContract}): the map has the image's own width and height and a convention,
 * also for awkward image files (a 1x1 PNG, a grey PNG, a CMYK JPEG, thin strips, a lying header), which
 * otherwise give a clear error.
 */
public abstract class DepthEstimatorContract extends StageContract<DepthEstimator, RgbImage, DepthMap> {

    @Override
    protected final DepthMap call(DepthEstimator stage, RgbImage input) {
        return stage.estimate(input);
    }

    @Test
    public void mapHasTheImageSize() {
        RgbImage image = validInput();
        DepthMap map = timed(sharedStage(), image);
        assertThat(map.width()).as("depth map width").isEqualTo(image.width());
        assertThat(map.height()).as("depth map height").isEqualTo(image.height());
        assertThat(map.convention()).isNotNull();
    }

    /** A 1x1 PNG, a grey PNG, a CMYK JPEG, thin strips and a lying header. */
    @Test
    public void awkwardImageFilesGiveAResultOrAClearError() {
        AwkwardImages.assertEachGivesAResultOrAClearError(image -> {
            DepthMap map = timed(sharedStage(), image);
            assertThat(map.width()).as("depth map width for a %dx%d image", image.width(), image.height())
                    .isEqualTo(image.width());
            assertThat(map.height()).as("depth map height for a %dx%d image", image.width(), image.height())
                    .isEqualTo(image.height());
            return map;
        });
    }
}

package dev.echollama.vision.caption;

import dev.echollama.BadInputException;
import dev.echollama.spi.Availability;
import dev.echollama.spi.ProviderConfig;
import dev.echollama.vision.Captioner;
import dev.echollama.vision.CaptionerProvider;

/**
 * The model-free captioner ({@code grounded}): one or two plain English sentences built only from the detections
 * and the depth map in the {@link dev.echollama.vision.CaptionRequest}, so it can never mention an object the
 * detector did not find. Always available; lowest priority, so any real captioner wins when present.
 *
 * <h2>What it says</h2>
 * <ul>
 *   <li>Objects are grouped by label and counted with number words ("two people", "a dog", "an umbrella").</li>
 *   <li>Side: left, centre or right, from the box centre in thirds of the image width, by the scene matrix's own
 *       cell rule ({@link dev.echollama.scene.SceneMatrixBuilder#columnOf}).</li>
 *   <li>Height: "upper" or "lower" ("on the lower left", "in the upper centre") only when the box centre is in
 *       the top or bottom third of the image height; nothing for the middle third, so a standing person or a bus
 *       that spans the picture is not called lower or upper.</li>
 *   <li>Distance, only when a depth map is given and is not flat: the scene matrix's z (median depth over the
 *       inner half of the box, 0 = nearest point of the image, 1 = farthest, following the map's
 *       {@link dev.echollama.vision.DepthMap.Convention}) in thirds: "close by", "at middle distance",
 *       "far away". Without depth there are no distance words.</li>
 *   <li>Order: nearest first (with depth), then left to right, then top to bottom, then by label. Labels found
 *       at one and the same place share it ("a bus and a car on the left"); a label at several places is counted
 *       over them ("three people, two on the left and one on the right"). Up to three such phrases go in the
 *       first sentence, the rest in a second ("There is also …").</li>
 *   <li>No detections: "No objects were detected with enough confidence to describe." — it does not claim the
 *       place is empty.</li>
 * </ul>
 *
 * <h2>Options</h2>
 * {@code grounded.threshold} (default 0): detections scoring below it are ignored. The pipeline already passes
 * only the detections above the detector's matrix threshold, so the default keeps them all; set it when calling
 * the captioner directly with a detector's raw output.
 */
public final class GroundedCaptionerProvider implements CaptionerProvider {
    /** Option key for the score threshold. */
    public static final String THRESHOLD_OPTION = "grounded.threshold";

    @Override
    public String name() {
        return "grounded";
    }

    @Override
    public int priority() {
        return 1;
    }

    @Override
    public String description() {
        return "grounded caption from detections and depth (no model)";
    }

    @Override
    public Availability availability(ProviderConfig config) {
        return Availability.yes("no model needed");
    }

    @Override
    public Captioner create(ProviderConfig config) {
        double threshold = config.doubleOption(THRESHOLD_OPTION).orElse(0);
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new BadInputException("option " + THRESHOLD_OPTION + " must be in [0, 1], got " + threshold);
        }
        return new GroundedCaptioner(threshold);
    }
}

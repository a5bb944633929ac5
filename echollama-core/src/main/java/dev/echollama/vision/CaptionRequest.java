package dev.echollama.vision;

import dev.echollama.BadInputException;
import dev.echollama.image.RgbImage;
import java.util.List;
import java.util.Optional;

/**
 * What a {@link Captioner} may look at: the image, and, for captioners that say they use it
 * ({@link Captioner#usesEvidence()}), the detections above the matrix threshold and the depth map.
 *
 * @param image      the image
 * @param detections detections to ground the caption in (empty when the captioner does not use evidence)
 * @param depth      the depth map, when one was computed
 */
public record CaptionRequest(RgbImage image, List<Detection> detections, Optional<DepthMap> depth) {
    public CaptionRequest {
        if (image == null) {
            throw new BadInputException("image is null");
        }
        detections = List.copyOf(detections == null ? List.of() : detections);
        depth = depth == null ? Optional.empty() : depth;
    }

    public static CaptionRequest of(RgbImage image) {
        return new CaptionRequest(image, List.of(), Optional.empty());
    }
}

package dev.echollama;

import dev.echollama.language.SceneContext;
import dev.echollama.scene.SceneMatrix;
import dev.echollama.scene.ScenePrompt;
import dev.echollama.vision.Caption;
import dev.echollama.vision.DepthMap;
import dev.echollama.vision.Detection;
import java.util.List;
import java.util.Optional;

/**
 * What the vision stages made of one image, and the prompt built from it. Immutable.
 *
 * @param imageWidth  the image's width in pixels
 * @param imageHeight the image's height in pixels
 * @param detections  every detection the detector returned, best first, including those under the matrix
 *                    threshold; empty when detection was skipped
 * @param depth       the depth map; empty when depth was skipped (the matrix then has no z)
 * @param caption     the caption; text empty and source {@code "none"} when captioning was skipped
 * @param matrix      the scene matrix (paper §5.1)
 * @param prompt      the §6.1 prompt built from caption and matrix
 * @param skipped     the vision stages that did not run, with the reason
 * @param timings     time spent in each vision step
 */
public record SceneAnalysis(int imageWidth, int imageHeight, List<Detection> detections, Optional<DepthMap> depth,
                            Caption caption, SceneMatrix matrix, ScenePrompt prompt, List<SkippedStage> skipped,
                            Timings timings) {
    public SceneAnalysis {
        if (imageWidth <= 0 || imageHeight <= 0) {
            throw new BadInputException("image size must be positive, got " + imageWidth + "x" + imageHeight);
        }
        if (caption == null || matrix == null || prompt == null || timings == null) {
            throw new BadInputException("scene analysis needs a caption, a matrix, a prompt and timings");
        }
        detections = List.copyOf(detections == null ? List.of() : detections);
        depth = depth == null ? Optional.empty() : depth;
        skipped = List.copyOf(skipped == null ? List.of() : skipped);
    }

    /** The scene as the language model sees it. */
    public SceneContext context() {
        return new SceneContext(matrix, caption.text(), prompt);
    }

    /** Whether {@code stage} was skipped for this analysis. */
    public boolean wasSkipped(Stage stage) {
        return skipped.stream().anyMatch(s -> s.stage() == stage);
    }
}

package dev.echollama.vision;

import dev.echollama.image.RgbImage;
import java.util.List;

/**
 * Finds objects in an image. Implementations are thread-safe for concurrent {@link #detect} calls;
 * {@link #close()} is idempotent and later calls throw {@link IllegalStateException}.
 */
public interface Detector extends AutoCloseable {

    /**
     * Every detection the model is reasonably sure of (above the detector's own low floor), best score first.
     * The scene matrix applies its own, higher threshold.
     *
     * @throws dev.echollama.BadInputException     if the image cannot be processed
     * @throws dev.echollama.InferenceException    if the model fails
     */
    List<Detection> detect(RgbImage image);

    /**
     * The score from which this detector's detections should enter the scene matrix. The paper uses 0.90 with
     * DETR; detectors whose scores run lower document how they map onto it.
     */
    default double matrixThreshold() {
        return 0.90;
    }

    @Override
    void close();
}

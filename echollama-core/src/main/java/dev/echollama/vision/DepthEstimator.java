package dev.echollama.vision;

import dev.echollama.image.RgbImage;

/**
 * Estimates depth for every pixel. Thread-safe for concurrent calls; {@link #close()} is idempotent.
 */
public interface DepthEstimator extends AutoCloseable {

    /** A depth map of the image's own width and height, with its {@link DepthMap.Convention}. */
    DepthMap estimate(RgbImage image);

    @Override
    void close();
}

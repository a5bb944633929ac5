package dev.echollama.vision;

import dev.echollama.spi.StageProvider;

/** ServiceLoader entry point for {@link DepthEstimator}s. */
public interface DepthEstimatorProvider extends StageProvider<DepthEstimator> {
}

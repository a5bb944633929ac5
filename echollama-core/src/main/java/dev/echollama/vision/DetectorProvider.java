package dev.echollama.vision;

import dev.echollama.spi.StageProvider;

/** ServiceLoader entry point for {@link Detector}s. */
public interface DetectorProvider extends StageProvider<Detector> {
}

package dev.echollama.vision;

import dev.echollama.spi.StageProvider;

/** ServiceLoader entry point for {@link Captioner}s. */
public interface CaptionerProvider extends StageProvider<Captioner> {
}

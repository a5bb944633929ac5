package dev.echollama.speech;

import dev.echollama.spi.StageProvider;

/** ServiceLoader entry point for {@link Transcriber}s. */
public interface TranscriberProvider extends StageProvider<Transcriber> {
}

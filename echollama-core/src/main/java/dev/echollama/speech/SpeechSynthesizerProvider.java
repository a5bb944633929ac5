package dev.echollama.speech;

import dev.echollama.spi.StageProvider;

/** ServiceLoader entry point for {@link SpeechSynthesizer}s. */
public interface SpeechSynthesizerProvider extends StageProvider<SpeechSynthesizer> {
}

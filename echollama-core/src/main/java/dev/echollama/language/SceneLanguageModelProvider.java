package dev.echollama.language;

import dev.echollama.spi.StageProvider;

/** ServiceLoader entry point for {@link SceneLanguageModel}s. */
public interface SceneLanguageModelProvider extends StageProvider<SceneLanguageModel> {
}

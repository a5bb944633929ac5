package dev.echollama.language;

import dev.echollama.BadInputException;
import dev.echollama.scene.SceneMatrix;
import dev.echollama.scene.ScenePrompt;

/**
 * The structured scene a conversation is about. Text models read the prompt; model-free narrators read the
 * matrix and caption directly.
 */
public record SceneContext(SceneMatrix matrix, String caption, ScenePrompt prompt) {
    public SceneContext {
        if (matrix == null || caption == null || prompt == null) {
            throw new BadInputException("scene context needs a matrix, a caption and a prompt");
        }
    }
}

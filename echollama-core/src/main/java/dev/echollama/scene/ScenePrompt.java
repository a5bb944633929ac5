package dev.echollama.scene;

import dev.echollama.BadInputException;

/**
 * The two texts handed to the scene language model: a system prompt and the first user turn (paper §6.1).
 */
public record ScenePrompt(String system, String user) {
    public ScenePrompt {
        if (system == null || user == null) {
            throw new BadInputException("prompt texts must not be null");
        }
    }
}

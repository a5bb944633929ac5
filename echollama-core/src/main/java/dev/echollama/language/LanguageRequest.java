package dev.echollama.language;

import dev.echollama.BadInputException;
import java.util.List;
import java.util.Optional;

/**
 * What a {@link SceneLanguageModel} is asked: the messages (system first when present, last one from the user),
 * the scene they are about when there is one, and the sampling settings.
 */
public record LanguageRequest(List<ChatMessage> messages, Optional<SceneContext> scene, GenerationOptions options) {
    public LanguageRequest {
        if (messages == null || messages.isEmpty()) {
            throw new BadInputException("a request needs at least one message");
        }
        messages = List.copyOf(messages);
        if (messages.get(messages.size() - 1).role() != ChatMessage.Role.USER) {
            throw new BadInputException("the last message must be from the user, got "
                    + messages.get(messages.size() - 1).role());
        }
        scene = scene == null ? Optional.empty() : scene;
        if (options == null) {
            throw new BadInputException("generation options are null");
        }
    }
}

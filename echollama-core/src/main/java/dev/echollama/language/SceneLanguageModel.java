package dev.echollama.language;

/**
 * Writes text about a scene: the first description and answers to follow-up questions. Implementations are
 * thread-safe for concurrent calls (they may serialise them internally); {@link #close()} is idempotent and later
 * calls throw {@link IllegalStateException}.
 */
public interface SceneLanguageModel extends AutoCloseable {

    /**
     * Generates a reply to the last user message, streaming pieces to {@code sink} as they are produced, and
     * returns the whole text when done (or cancelled).
     *
     * @throws dev.echollama.BadInputException  if the prompt is longer than the model's context
     * @throws dev.echollama.InferenceException if the model fails
     */
    Generation generate(LanguageRequest request, TokenSink sink);

    /** Tokens this text costs in the model's own tokenizer (an estimate for models without one). */
    int countTokens(String text);

    /** The model's context window in tokens (prompt plus generated). */
    int contextLength();

    @Override
    void close();
}

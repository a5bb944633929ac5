package dev.echollama.language;

import dev.echollama.BadInputException;

/**
 * The result of one generation.
 *
 * @param text            the whole generated text (without the prompt and without stop tokens or stop strings)
 * @param promptTokens    tokens in the prompt as the model saw it (0 when the model has no tokenizer)
 * @param generatedTokens tokens generated
 * @param finish          why generation ended
 */
public record Generation(String text, int promptTokens, int generatedTokens, Finish finish) {

    public enum Finish {
        /** A stop token or stop string ended it. */
        STOP,
        /** maxNewTokens or the context window ended it. */
        LENGTH,
        /** The sink asked to stop. */
        CANCELLED
    }

    public Generation {
        if (text == null || finish == null) {
            throw new BadInputException("generation text and finish must not be null");
        }
    }
}

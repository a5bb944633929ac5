package dev.echollama.scene;

/**
 * Renders a {@link SceneMatrix} as the text placed in the prompt. Pluggable because a language model fine-tuned on
 * one rendering should be fed that rendering; implementations must be deterministic and thread-safe.
 */
@FunctionalInterface
public interface MatrixFormatter {

    String format(SceneMatrix matrix);

    /** The SDK's default rendering; see {@link GridListFormatter}. */
    static MatrixFormatter standard() {
        return GridListFormatter.INSTANCE;
    }
}

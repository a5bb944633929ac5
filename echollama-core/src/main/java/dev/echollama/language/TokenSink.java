package dev.echollama.language;

/**
 * Receives generated text as it is produced. Called on the generating thread, in order; must not block for long.
 * Each piece is whole UTF-8 characters (never half a surrogate pair or a broken byte sequence).
 */
@FunctionalInterface
public interface TokenSink {

    /** A piece of generated text (usually one token's worth; may be empty). */
    void onToken(String text);

    /** Polled between tokens; when true the model stops and reports {@link Generation.Finish#CANCELLED}. */
    default boolean isCancelled() {
        return false;
    }

    /** A sink that drops everything. */
    static TokenSink none() {
        return text -> { };
    }
}

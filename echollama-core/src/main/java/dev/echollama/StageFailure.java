package dev.echollama;

import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Turns what a stage threw into the exception a caller sees, naming the stage. */
final class StageFailure {
    private StageFailure() {
    }

    /**
     * Bad input stays a {@link BadInputException} (the caller can fix it) and a closed stage stays an
     * {@link IllegalStateException}; an {@link InferenceException} that already names this stage is kept; anything
     * else becomes an {@link InferenceException} whose message starts with the stage.
     */
    static RuntimeException wrap(Stage stage, Throwable e) {
        Throwable t = unwrap(e);
        String name = name(stage);
        if (t instanceof CancellationException c) {
            return c;
        }
        if (t instanceof BadInputException b) {
            return b.getMessage() != null && b.getMessage().startsWith(name) ? b
                    : new BadInputException(name + ": " + b.getMessage(), b);
        }
        if (t instanceof IllegalStateException i) {
            return i;
        }
        if (t instanceof InferenceException i && i.getMessage() != null && i.getMessage().startsWith(name)) {
            return i;
        }
        return new InferenceException(name + " failed: " + t, t);
    }

    /** The root cause of wrapper exceptions from futures. */
    static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** For errors that already passed through {@link #wrap}: keeps EchoExceptions and the like. */
    static RuntimeException surface(Throwable e) {
        Throwable t = unwrap(e);
        if (t instanceof RuntimeException r && (t instanceof EchoException || t instanceof CancellationException
                || t instanceof IllegalStateException)) {
            return r;
        }
        return new InferenceException("pipeline failed: " + t, t);
    }

    static String name(Stage stage) {
        return switch (stage) {
            case DETECTION -> "detection stage";
            case DEPTH -> "depth stage";
            case CAPTION -> "caption stage";
            case LANGUAGE -> "language stage";
            case SPEECH -> "speech stage";
            case TRANSCRIPTION -> "transcription stage";
        };
    }

    static String lower(Stage stage) {
        return stage.name().toLowerCase(Locale.ROOT);
    }
}

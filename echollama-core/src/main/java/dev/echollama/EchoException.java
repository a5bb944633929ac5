package dev.echollama;

/**
 * Root of every exception the SDK throws on purpose. Unchecked: callers catch the subclass they can act on.
 *
 * <ul>
 *   <li>{@link BadInputException}: the caller's image, audio, text or configuration is unusable.</li>
 *   <li>{@link ModelException}: a model file is missing ({@link ModelMissingException}) or unreadable / not the
 *       expected model ({@link ModelCorruptException}).</li>
 *   <li>{@link ProviderNotFoundException}: no provider of a stage can be chosen.</li>
 *   <li>{@link InferenceException}: a model failed while running on valid input.</li>
 * </ul>
 *
 * Messages name the file, what was expected and what was found.
 */
public class EchoException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public EchoException(String message) {
        super(message);
    }

    public EchoException(String message, Throwable cause) {
        super(message, cause);
    }
}

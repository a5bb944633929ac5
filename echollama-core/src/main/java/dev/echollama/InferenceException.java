package dev.echollama;

/** A model or engine failed while running on input that was accepted as valid. */
public class InferenceException extends EchoException {
    private static final long serialVersionUID = 1L;

    public InferenceException(String message) {
        super(message);
    }

    public InferenceException(String message, Throwable cause) {
        super(message, cause);
    }
}

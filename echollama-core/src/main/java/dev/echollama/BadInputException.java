package dev.echollama;

/** The caller's input (image, audio, text, option value) cannot be used; fix the input and call again. */
public class BadInputException extends EchoException {
    private static final long serialVersionUID = 1L;

    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}

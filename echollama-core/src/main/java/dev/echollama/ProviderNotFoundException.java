package dev.echollama;

/**
 * No provider of a stage could be chosen: the name asked for is unknown, two providers share one name, or none
 * is available. The message lists every provider found and why each was unavailable, and what to add.
 */
public class ProviderNotFoundException extends EchoException {
    private static final long serialVersionUID = 1L;

    public ProviderNotFoundException(String message) {
        super(message);
    }
}

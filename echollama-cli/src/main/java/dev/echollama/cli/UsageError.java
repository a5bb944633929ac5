package dev.echollama.cli;

import dev.echollama.BadInputException;

/** A malformed option value; exits with the usage code (2). */
final class UsageError extends BadInputException {
    private static final long serialVersionUID = 1L;

    UsageError(String message) {
        super(message);
    }
}

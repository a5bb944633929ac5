package dev.echollama;

import java.nio.file.Path;

/**
 * A model file exists but cannot be used: truncated, wrong checksum, or its inputs and outputs are not those of
 * the expected export. The message lists every mismatch.
 */
public class ModelCorruptException extends ModelException {
    private static final long serialVersionUID = 1L;

    public ModelCorruptException(Path path, String message) {
        super(path, message);
    }

    public ModelCorruptException(Path path, String message, Throwable cause) {
        super(path, message, cause);
    }
}

package dev.echollama;

import java.nio.file.Path;

/**
 * A model (or one of its files) is not where it was looked for. The message says where it looked and how to
 * get the model (for example {@code echollama models fetch ID}).
 */
public class ModelMissingException extends ModelException {
    private static final long serialVersionUID = 1L;

    public ModelMissingException(Path path, String message) {
        super(path, message);
    }
}

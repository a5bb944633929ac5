package dev.echollama;

import java.nio.file.Path;
import java.util.Optional;

/** A model could not be loaded. {@link #path()} names the file or folder involved when there is one. */
public class ModelException extends EchoException {
    private static final long serialVersionUID = 1L;
    private final transient Path path;

    public ModelException(Path path, String message) {
        super(message);
        this.path = path;
    }

    public ModelException(Path path, String message, Throwable cause) {
        super(message, cause);
        this.path = path;
    }

    /** The file or folder the message is about, if any. */
    public Optional<Path> path() {
        return Optional.ofNullable(path);
    }
}

package dev.echollama.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds {@code ../shared} (real small models, images, speech and reference outputs) for tests. The parent pom
 * passes its location as the system property {@code echollama.shared}; tests that need a file call
 * {@link #require(String)}, which skips the test with a visible reason when the file is absent.
 */
public final class SharedModels {
    /** The system property the build sets to the shared folder. */
    public static final String PROPERTY = "echollama.shared";

    private SharedModels() {
    }

    /** The shared folder, whether or not it exists. */
    public static Path root() {
        String p = System.getProperty(PROPERTY);
        return p != null && !p.isBlank() ? Path.of(p) : Path.of("..", "shared");
    }

    /** {@code root()/models/<relative>}, without checking that it exists. */
    public static Path path(String relative) {
        return root().resolve("models").resolve(relative);
    }

    /** Whether {@code models/<relative>} exists. */
    public static boolean has(String relative) {
        return Files.exists(path(relative));
    }

    /**
     * {@code models/<relative>}, or skips the calling test (JUnit assumption) saying which file is missing.
     */
    public static Path require(String relative) {
        Path p = path(relative);
        Assumptions.assumeTrue(Files.exists(p),
                () -> "skipped: shared model file " + p.toAbsolutePath() + " is absent (set -D" + PROPERTY + ")");
        return p;
    }
}

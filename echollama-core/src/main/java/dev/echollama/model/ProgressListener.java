package dev.echollama.model;

/**
 * Hears how a download goes. Called on the downloading thread; implementations must be quick. The CLI draws a
 * progress bar on a terminal; {@link #logging()} writes a log line every 10%.
 */
public interface ProgressListener {

    /**
     * A file starts (or resumes).
     *
     * @param file     the model-relative path
     * @param total    its size in bytes, or -1 when unknown
     * @param existing bytes already on disk from an earlier, interrupted download
     */
    default void started(String file, long total, long existing) {
    }

    /** {@code done} of {@code total} bytes (total -1 when unknown) are on disk. */
    default void progressed(String file, long done, long total) {
    }

    /** The file is complete and verified. */
    default void finished(String file) {
    }

    static ProgressListener none() {
        return new ProgressListener() {
        };
    }

    /** INFO lines through SLF4J at each 10% (or each 10 MB when the size is unknown). */
    static ProgressListener logging() {
        return new LoggingProgress();
    }
}

package dev.echollama.vision;

/**
 * Writes a caption for an image. Thread-safe for concurrent calls; {@link #close()} is idempotent.
 */
public interface Captioner extends AutoCloseable {

    Caption caption(CaptionRequest request);

    /**
     * True when this captioner reads {@link CaptionRequest#detections()} and {@link CaptionRequest#depth()}; the
     * pipeline then runs it after detection and depth instead of beside them.
     */
    default boolean usesEvidence() {
        return false;
    }

    @Override
    void close();
}

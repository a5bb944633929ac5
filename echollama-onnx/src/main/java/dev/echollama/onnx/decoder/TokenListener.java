package dev.echollama.onnx.decoder;

/**
 * Receives generated token ids as they are sampled, in order, on the generating thread. Stop tokens are not
 * passed on. Detokenizing is the caller's business (a streaming detokenizer turns ids into whole characters).
 * An exception thrown here ends the generation; every tensor is still closed and the exception propagates.
 */
@FunctionalInterface
public interface TokenListener {

    /**
     * @param row     the batch row (always 0 for a single prompt)
     * @param tokenId the id just generated
     */
    void onToken(int row, int tokenId);

    /** Polled before each model run; when true the generation ends with finish CANCELLED. */
    default boolean isCancelled() {
        return false;
    }

    /** A listener that ignores everything. */
    static TokenListener none() {
        return (row, id) -> { };
    }
}

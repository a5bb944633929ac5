package dev.echollama.onnx.decoder;

/**
 * Rewrites one row of raw logits in place before sampling (suppress, force, penalise). Processors run in the
 * order they were given, before temperature, top-k, top-p and min-p. Set a logit to
 * {@link Float#NEGATIVE_INFINITY} to forbid a token.
 *
 * <p>A processor may be called from the generating thread only; one instance may be shared by concurrent
 * generations only when it keeps no state (all processors from {@link LogitsProcessors} are stateless).
 */
@FunctionalInterface
public interface LogitsProcessor {

    /**
     * @param logits  the row of logits for the next token, one entry per vocabulary id; modified in place
     * @param history the ids this row has seen so far (the next token's generation index is
     *                {@code history.generatedCount()})
     */
    void process(float[] logits, TokenHistory history);
}

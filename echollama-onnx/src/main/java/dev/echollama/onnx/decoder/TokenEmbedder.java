package dev.echollama.onnx.decoder;

/**
 * Turns token ids into decoder input embeddings, for graphs that take {@code inputs_embeds} instead of
 * {@code input_ids} (Moondream's decoder after its {@code embed_tokens} graph). Called on the generating thread
 * once per step with one id per batch row.
 */
@FunctionalInterface
public interface TokenEmbedder {

    /**
     * @param tokenIds one id per batch row
     * @return {@code tokenIds.length × hidden} floats, row-major (row 0's vector first); float16 graphs get them
     *         converted by the decoder
     */
    float[] embed(int[] tokenIds);
}

/**
 * The generic autoregressive decoder loop for Hugging Face / optimum style ONNX exports, and its samplers.
 *
 * <p>{@link dev.echollama.onnx.decoder.KvDecoder} drives any decoder-only or encoder-decoder graph that follows
 * the export conventions of {@code MODELS.md} §0: {@code input_ids} or {@code inputs_embeds},
 * {@code attention_mask}, {@code position_ids}, {@code past_key_values.*} in and {@code logits} +
 * {@code present.*} out, with the optional {@code use_cache_branch}, {@code num_logits_to_keep},
 * {@code encoder_hidden_states} inputs fed only when the session declares them. Everything it needs (layers,
 * KV heads, head size, element types) is read from the session's metadata.
 *
 * <p>{@link dev.echollama.onnx.decoder.Sampler} turns one row of logits into a token id (greedy, temperature,
 * top-k, top-p, min-p, repetition penalty, seedable), after a chain of
 * {@link dev.echollama.onnx.decoder.LogitsProcessor}s ({@link dev.echollama.onnx.decoder.LogitsProcessors} has
 * the Whisper ones: suppressed, begin-suppressed and forced tokens).
 *
 * <p>Nothing here owns an {@code OrtSession}: the caller opens and closes it. Every tensor the decoder creates
 * or receives from a run is closed before {@code generate} returns or throws.
 */
package dev.echollama.onnx.decoder;

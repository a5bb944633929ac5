/**
 * Orpheus-3B-0.1-ft text-to-speech on ONNX Runtime: the speech LM runs on the SDK's generic KV-cache decoder,
 * its audio tokens become SNAC codes ({@link dev.echollama.tts.orpheus.SnacFrameAssembler},
 * {@link dev.echollama.tts.orpheus.SnacCodes}) and the SNAC 24 kHz decoder turns them into speech, streamed as in
 * the reference implementation. Entry point: {@link dev.echollama.tts.orpheus.OrpheusSynthesizerProvider}
 * (provider name {@code orpheus}).
 */
package dev.echollama.tts.orpheus;

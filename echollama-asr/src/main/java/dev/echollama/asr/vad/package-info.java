/**
 * Voice activity detection with Silero VAD v5 (model id {@code silero-vad}): speech probability per 32 ms,
 * utterances of a whole clip ({@link dev.echollama.asr.vad.SileroVad#segments}) or of a live stream
 * ({@link dev.echollama.asr.vad.VadStream}), under {@link dev.echollama.asr.vad.VadOptions}.
 */
package dev.echollama.asr.vad;

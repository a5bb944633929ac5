/**
 * Whisper speech recognition on ONNX Runtime: {@link dev.echollama.asr.whisper.WhisperTranscriberProvider}
 * (provider {@code whisper}, models {@code whisper-base} / {@code whisper-base.en}) creates a
 * {@link dev.echollama.asr.whisper.WhisperTranscriber}; {@link dev.echollama.asr.whisper.LogMelSpectrogram} is
 * Whisper's audio front end, usable on its own. The decoder loop is the shared
 * {@link dev.echollama.onnx.decoder.KvDecoder}; the prompt layout is {@link dev.echollama.onnx.text.WhisperPrompt}.
 */
package dev.echollama.asr.whisper;

package dev.echollama.asr.whisper;

import dev.echollama.BadInputException;
import dev.echollama.onnx.text.WhisperPrompt;

/**
 * How a {@link WhisperTranscriber} decodes. Immutable; the constructor validates and names what is wrong.
 *
 * @param language          ISO code of the spoken language for multilingual models ({@code "en"} by default);
 *                          English-only models accept only {@code "en"}
 * @param task              transcribe (default) or translate into English (multilingual models only)
 * @param variant           the export variant to load ({@code fp32}, {@code quantized}, {@code fp16}, ...), or
 *                          {@code null} for the first present of {@code quantized}, {@code fp32}, then the others
 * @param overlapSeconds    overlap of consecutive 30 s windows when audio longer than 30 s is cut without a VAD,
 *                          in [0, 15); default 5
 * @param noSpeechThreshold a window is dropped as silence when the probability of {@code <|nospeech|>} at the start
 *                          of transcript exceeds this <em>and</em> the mean log-probability of its tokens is below
 *                          {@code logProbThreshold} (openai/whisper's rule); default 0.6
 * @param logProbThreshold  see {@code noSpeechThreshold}; default -1.0
 */
public record WhisperOptions(String language, WhisperPrompt.Task task, String variant, double overlapSeconds,
                             double noSpeechThreshold, double logProbThreshold) {

    public WhisperOptions {
        if (language == null || language.isBlank()) {
            throw new BadInputException("Whisper language is blank; use an ISO code such as \"en\"");
        }
        if (task == null) {
            throw new BadInputException("Whisper task is null");
        }
        if (variant != null && !WhisperFiles.VARIANTS.containsKey(variant.toLowerCase(java.util.Locale.ROOT))) {
            throw new BadInputException("unknown Whisper variant '" + variant + "'; known: "
                    + WhisperFiles.VARIANTS.keySet());
        }
        if (!(overlapSeconds >= 0 && overlapSeconds < 15)) {
            throw new BadInputException("window overlap must be in [0, 15) seconds, got " + overlapSeconds);
        }
        if (!(noSpeechThreshold >= 0 && noSpeechThreshold <= 1)) {
            throw new BadInputException("no-speech threshold must be in [0, 1], got " + noSpeechThreshold);
        }
        if (Double.isNaN(logProbThreshold) || logProbThreshold > 0) {
            throw new BadInputException("log-probability threshold must be <= 0, got " + logProbThreshold);
        }
    }

    /** English transcription, automatic variant, 5 s overlap, openai/whisper's silence thresholds. */
    public static WhisperOptions defaults() {
        return new WhisperOptions("en", WhisperPrompt.Task.TRANSCRIBE, null, 5.0, 0.6, -1.0);
    }

    public WhisperOptions withLanguage(String value) {
        return new WhisperOptions(value, task, variant, overlapSeconds, noSpeechThreshold, logProbThreshold);
    }

    public WhisperOptions withTask(WhisperPrompt.Task value) {
        return new WhisperOptions(language, value, variant, overlapSeconds, noSpeechThreshold, logProbThreshold);
    }

    public WhisperOptions withVariant(String value) {
        return new WhisperOptions(language, task, value, overlapSeconds, noSpeechThreshold, logProbThreshold);
    }

    public WhisperOptions withOverlapSeconds(double value) {
        return new WhisperOptions(language, task, variant, value, noSpeechThreshold, logProbThreshold);
    }

    public WhisperOptions withNoSpeechThreshold(double value) {
        return new WhisperOptions(language, task, variant, overlapSeconds, value, logProbThreshold);
    }

    public WhisperOptions withLogProbThreshold(double value) {
        return new WhisperOptions(language, task, variant, overlapSeconds, noSpeechThreshold, value);
    }
}

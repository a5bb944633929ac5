package dev.echollama.onnx.text;

import dev.echollama.BadInputException;
import java.util.List;
import java.util.Locale;

/**
 * Whisper's special-token ids and decoder prompt (openai/whisper {@code tokenizer.py}; MODELS.md §7.4).
 *
 * <p>After the text vocabulary come {@code <|endoftext|>}, {@code <|startoftranscript|>}, one token per language,
 * {@code <|translate|>}, {@code <|transcribe|>}, {@code <|startoflm|>}, {@code <|startofprev|>},
 * {@code <|nospeech|>}, {@code <|notimestamps|>} and the timestamps. Multilingual checkpoints (tiny … large-v2)
 * have 50257 text tokens and 99 languages; English-only ones ({@code .en}) have 50256 text tokens and the same
 * special layout, and large-v3 has 100 languages ({@link #of(boolean, int)}).
 *
 * <p>Decoder prompt: multilingual {@code [sot, <|lang|>, <|task|>, <|notimestamps|>]} (English transcription on
 * whisper-base = {@code [50258, 50259, 50359, 50363]}); English-only {@code [sot, <|notimestamps|>]} =
 * {@code [50257, 50362]}; with timestamps requested, {@code <|notimestamps|>} is left out.
 * Immutable and thread-safe.
 */
public final class WhisperPrompt {
    /** The task token of a multilingual prompt. */
    public enum Task { TRANSCRIBE, TRANSLATE }

    /** Language codes in token order (whisper's LANGUAGES); large-v3 adds "yue" as the 100th. */
    private static final List<String> LANGUAGES = List.of(
            "en", "zh", "de", "es", "ru", "ko", "fr", "ja", "pt", "tr", "pl", "ca", "nl", "ar", "sv", "it", "id",
            "hi", "fi", "vi", "he", "uk", "el", "ms", "cs", "ro", "da", "hu", "ta", "no", "th", "ur", "hr", "bg",
            "lt", "la", "mi", "ml", "cy", "sk", "te", "fa", "lv", "bn", "sr", "az", "sl", "kn", "et", "mk", "br",
            "eu", "is", "hy", "ne", "mn", "bs", "kk", "sq", "sw", "gl", "mr", "pa", "si", "km", "sn", "yo", "so",
            "af", "oc", "ka", "be", "tg", "sd", "gu", "am", "yi", "lo", "uz", "fo", "ht", "ps", "tk", "nn", "mt",
            "sa", "lb", "my", "bo", "tl", "mg", "as", "tt", "haw", "ln", "ha", "ba", "jw", "su", "yue");

    /** whisper-tiny / base / small / medium / large(-v2): 50257 text tokens, 99 languages. */
    public static final WhisperPrompt MULTILINGUAL = new WhisperPrompt(true, 99);
    /** tiny.en / base.en / small.en / medium.en: 50256 text tokens, no language or task in the prompt. */
    public static final WhisperPrompt ENGLISH_ONLY = new WhisperPrompt(false, 99);

    private final boolean multilingual;
    private final int numLanguages;
    private final long eot;

    private WhisperPrompt(boolean multilingual, int numLanguages) {
        this.multilingual = multilingual;
        this.numLanguages = numLanguages;
        this.eot = multilingual ? 50257 : 50256;
    }

    /** A vocabulary layout with {@code numLanguages} language tokens (99, or 100 for large-v3). */
    public static WhisperPrompt of(boolean multilingual, int numLanguages) {
        if (numLanguages < 1 || numLanguages > LANGUAGES.size()) {
            throw new BadInputException("Whisper has 1 to " + LANGUAGES.size() + " language tokens, got "
                    + numLanguages);
        }
        return new WhisperPrompt(multilingual, numLanguages);
    }

    public boolean multilingual() {
        return multilingual;
    }

    /** {@code <|endoftext|>}: end of transcript and padding. */
    public long endOfText() {
        return eot;
    }

    /** {@code <|startoftranscript|>}: the decoder start token. */
    public long startOfTranscript() {
        return eot + 1;
    }

    /** {@code <|lang|>} for an ISO code such as {@code "en"}. */
    public long language(String code) {
        int i = code == null ? -1 : LANGUAGES.indexOf(code.trim().toLowerCase(Locale.ROOT));
        if (i < 0 || i >= numLanguages) {
            throw new BadInputException("Whisper has no language '" + code + "'; known: "
                    + LANGUAGES.subList(0, numLanguages));
        }
        return eot + 2 + i;
    }

    public long translate() {
        return eot + 2 + numLanguages;
    }

    public long transcribe() {
        return translate() + 1;
    }

    public long startOfLm() {
        return translate() + 2;
    }

    public long startOfPrevious() {
        return translate() + 3;
    }

    public long noSpeech() {
        return translate() + 4;
    }

    public long noTimestamps() {
        return translate() + 5;
    }

    /** {@code <|0.00|>}; timestamp {@code t} seconds is {@code timestampBegin() + round(t / 0.02)}. */
    public long timestampBegin() {
        return translate() + 6;
    }

    /** Suppressed at the first generated position: {@code " "} (220) and {@code <|endoftext|>}. */
    public long[] beginSuppressTokens() {
        return new long[] {220, eot};
    }

    /**
     * The decoder prompt of a multilingual checkpoint.
     *
     * @throws BadInputException on an English-only layout (language and task are not allowed there), or an unknown
     *                           language
     */
    public long[] prompt(String language, Task task, boolean timestamps) {
        if (!multilingual) {
            throw new BadInputException("English-only Whisper takes no language or task; use prompt(timestamps)");
        }
        if (task == null) {
            throw new BadInputException("task is null");
        }
        long taskId = task == Task.TRANSCRIBE ? transcribe() : translate();
        return timestamps
                ? new long[] {startOfTranscript(), language(language), taskId}
                : new long[] {startOfTranscript(), language(language), taskId, noTimestamps()};
    }

    /**
     * The decoder prompt: English-only {@code [sot(, notimestamps)]}; multilingual defaults to English
     * transcription, as openai/whisper and transformers.js do.
     */
    public long[] prompt(boolean timestamps) {
        if (multilingual) {
            return prompt("en", Task.TRANSCRIBE, timestamps);
        }
        return timestamps ? new long[] {startOfTranscript()} : new long[] {startOfTranscript(), noTimestamps()};
    }

    @Override
    public String toString() {
        return "WhisperPrompt[" + (multilingual ? "multilingual" : "English-only") + ", " + numLanguages
                + " languages, eot " + eot + "]";
    }
}

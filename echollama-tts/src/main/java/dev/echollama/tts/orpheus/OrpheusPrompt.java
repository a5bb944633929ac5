package dev.echollama.tts.orpheus;

import dev.echollama.BadInputException;
import dev.echollama.onnx.text.TextTokenizer;
import java.util.List;
import java.util.Locale;

/**
 * Orpheus-3B-0.1-ft's token layout and inference prompt (MODELS.md §5.2, from {@code engine_class.py}
 * {@code _format_prompt}):
 * {@code [128259] + tokenizer(f"{voice}: {text}").input_ids + [128009, 128260, 128261, 128257]}, where the
 * tokenizer's ids start with {@code <|begin_of_text|>} 128000. The ids are fed to the model directly (no
 * decode/re-encode round trip as in the pip package).
 */
final class OrpheusPrompt {
    static final int BEGIN_OF_TEXT = 128_000;
    /** {@code <|eot_id|>}, "end_of_text" in the Orpheus notebooks. */
    static final int END_OF_TEXT = 128_009;
    static final int START_OF_SPEECH = 128_257;
    /** The stop token. */
    static final int END_OF_SPEECH = 128_258;
    static final int START_OF_HUMAN = 128_259;
    static final int END_OF_HUMAN = 128_260;
    static final int START_OF_AI = 128_261;
    static final int END_OF_AI = 128_262;
    /** First id after the Llama-3 vocabulary (128000 regular + 256 reserved special ids). */
    static final int LLAMA3_VOCAB = 128_256;
    /** The smallest logits width that can hold every audio token: 128266 + 7·4096. */
    static final int MIN_VOCAB = SnacFrameAssembler.AUDIO_TOKEN_OFFSET
            + SnacFrameAssembler.TOKENS_PER_FRAME * 4096;

    /** The fine-tuned voices, in the README's order. */
    static final List<String> VOICES = List.of("tara", "leah", "jess", "leo", "dan", "mia", "zac", "zoe");

    private static final int[] SUFFIX = {END_OF_TEXT, END_OF_HUMAN, START_OF_AI, START_OF_SPEECH};

    private OrpheusPrompt() {
    }

    /** {@code voice} in lower case if it is one of {@link #VOICES}; otherwise a BadInputException listing them. */
    static String checkVoice(String voice) {
        String v = voice == null ? "" : voice.strip().toLowerCase(Locale.ROOT);
        if (!VOICES.contains(v)) {
            throw new BadInputException("Orpheus voice must be one of " + VOICES + ", got '" + voice + "'");
        }
        return v;
    }

    /** The text the tokenizer sees: {@code "voice: text"}. */
    static String prefixed(String voice, String text) {
        return voice + ": " + text;
    }

    /**
     * The text's ids as the reference tokenizer call gives them: {@code <|begin_of_text|>} first (added when a
     * tokenizer's post-processor does not), then the text, with any special id the text spelled out
     * ({@code "<|eot_id|>"} typed as text) removed so that text can never change the prompt's layout.
     */
    static int[] textIds(TextTokenizer tokenizer, String voice, String text) {
        long[] raw = tokenizer.encode(prefixed(voice, text), true);
        int[] out = new int[raw.length + 1];
        int n = 0;
        out[n++] = BEGIN_OF_TEXT;
        for (int i = 0; i < raw.length; i++) {
            long id = raw[i];
            if (i == 0 && id == BEGIN_OF_TEXT) {
                continue;
            }
            if (id >= BEGIN_OF_TEXT || id < 0) {
                continue; // a special token spelled in the text, or nonsense: never part of what is spoken
            }
            out[n++] = (int) id;
        }
        return java.util.Arrays.copyOf(out, n);
    }

    /** The full prompt for one request. */
    static int[] ids(TextTokenizer tokenizer, String voice, String text) {
        int[] body = textIds(tokenizer, voice, text);
        int[] out = new int[1 + body.length + SUFFIX.length];
        out[0] = START_OF_HUMAN;
        System.arraycopy(body, 0, out, 1, body.length);
        System.arraycopy(SUFFIX, 0, out, 1 + body.length, SUFFIX.length);
        return out;
    }

    /** Prompt length for {@code textTokens} text ids (BOS included): the fixed tokens around them. */
    static int overhead() {
        return 1 + SUFFIX.length;
    }
}

package dev.echollama.onnx.text;

import dev.echollama.BadInputException;
import dev.echollama.ModelCorruptException;
import dev.echollama.ModelMissingException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Text to token ids and back, for the SDK's language, caption and speech models.
 *
 * <p>{@link #load(Path)} reads a Hugging Face {@code tokenizer.json} (and {@code tokenizer_config.json} next to it
 * when present) with DJL's binding of the Rust {@code tokenizers} library. Loading never touches the network:
 * the native library comes from the DJL jar and only local files are read. DJL's usage telemetry is switched off
 * by setting the system property {@code OPT_OUT_TRACKING=true} when neither it nor the environment variable is
 * set; applications that also use DJL for other things should set {@code DJL_OFFLINE=true} (environment) or
 * {@code -Dai.djl.offline=true} if they want DJL never to download anything either.
 *
 * <p>Ids are {@code long} because that is what ONNX graphs take ({@code int64 input_ids}). Implementations are
 * thread-safe; {@link #close()} frees the native tokenizer, is idempotent, and makes later calls throw
 * {@link IllegalStateException}.
 */
public interface TextTokenizer extends AutoCloseable {

    /**
     * Loads a Hugging Face tokenizer from a folder holding {@code tokenizer.json} (and optionally
     * {@code tokenizer_config.json}) or from the {@code tokenizer.json} file itself. Special tokens come from
     * {@code tokenizer_config.json}; without it, from the conventional names of the special added tokens
     * ({@code <s>}, {@code </s>}, {@code <unk>}, {@code <pad>}, {@code <|begin_of_text|>}, {@code <|endoftext|>}, ...).
     *
     * @throws ModelMissingException if there is no tokenizer.json there
     * @throws ModelCorruptException if a file cannot be parsed; the message names it
     */
    static TextTokenizer load(Path folderOrFile) {
        return HfTextTokenizer.load(folderOrFile);
    }

    /**
     * Token ids of {@code text}.
     *
     * @param addSpecialTokens whether to apply the tokenizer's post-processor (for Llama: prepend
     *                         {@code <|begin_of_text|>}); use {@code false} for text rendered from a chat template,
     *                         which already contains them
     * @throws BadInputException if {@code text} is null
     */
    long[] encode(String text, boolean addSpecialTokens);

    /**
     * The text of {@code ids}. Incomplete UTF-8 at the end (a multi-byte character split across tokens) decodes
     * as U+FFFD; use {@link StreamingDetokenizer} to print tokens as they come.
     *
     * @param skipSpecialTokens whether special tokens ({@code <|eot_id|>}, {@code <s>}) are left out
     * @throws BadInputException if an id is outside {@code [0, vocabSize())}
     */
    String decode(long[] ids, boolean skipSpecialTokens);

    /** The id of vocabulary entry {@code token} exactly as the vocabulary spells it ({@code "<|eot_id|>"}, {@code "Ġthe"}). */
    OptionalLong tokenId(String token);

    /** The vocabulary entry of {@code id} as the vocabulary spells it (not decoded). */
    Optional<String> token(long id);

    /** Whether {@code id} is a special (control) token. */
    boolean isSpecial(long id);

    /** BOS, EOS, padding and unknown tokens, as far as the tokenizer defines them. */
    SpecialTokens specialTokens();

    /** Number of ids: one more than the largest id in the vocabulary or the added tokens. */
    int vocabSize();

    /** Frees the native tokenizer. Idempotent. */
    @Override
    void close();
}

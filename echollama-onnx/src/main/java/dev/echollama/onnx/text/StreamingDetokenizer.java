package dev.echollama.onnx.text;

import dev.echollama.BadInputException;
import java.util.Arrays;

/**
 * Turns generated token ids, fed one at a time, into text pieces that can be shown or spoken at once.
 *
 * <p>A piece never ends inside a character: byte-level BPE (Llama 3, GPT-2) and byte-fallback pieces
 * ({@code <0xE2>}) can split one character over several tokens, and the piece is held back until the character
 * is complete (while the decoded text ends in U+FFFD). Decoders that look at neighbouring tokens (SentencePiece's
 * leading-space handling) are handled by decoding each new token together with the previous piece's tokens and
 * emitting only the difference, so the concatenation of all pieces plus {@link #flush()} equals
 * {@code decode(allIds)}. Cost per token is independent of the sequence length.
 *
 * <p>Not thread-safe: one instance per generation.
 */
public final class StreamingDetokenizer {
    private static final char REPLACEMENT = '\uFFFD';

    private final TextTokenizer tokenizer;
    private final boolean skipSpecialTokens;
    private long[] ids = new long[64];
    private int size;
    /** Start of the tokens whose text was already emitted and that give context to the next piece. */
    private int prefixOffset;
    /** End of the tokens whose text was already emitted. */
    private int readOffset;

    /**
     * @param tokenizer         decodes the ids; not closed by this class
     * @param skipSpecialTokens whether special tokens (end of turn, BOS) are left out of the text
     */
    public StreamingDetokenizer(TextTokenizer tokenizer, boolean skipSpecialTokens) {
        if (tokenizer == null) {
            throw new BadInputException("tokenizer is null");
        }
        this.tokenizer = tokenizer;
        this.skipSpecialTokens = skipSpecialTokens;
    }

    /**
     * Adds one generated id.
     *
     * @return the new text it completes, possibly empty (a partial character, or a special token that is skipped)
     * @throws BadInputException if the id is outside the tokenizer's vocabulary
     */
    public String push(long id) {
        if (size == ids.length) {
            ids = Arrays.copyOf(ids, size * 2);
        }
        ids[size++] = id;
        String before = decode(prefixOffset, readOffset);
        String after;
        try {
            after = decode(prefixOffset, size);
        } catch (RuntimeException e) {
            size--; // keep the state consistent: the bad id was not taken
            throw e;
        }
        if (after.length() > before.length() && after.charAt(after.length() - 1) != REPLACEMENT
                && after.startsWith(before)) {
            prefixOffset = readOffset;
            readOffset = size;
            return after.substring(before.length());
        }
        return "";
    }

    /**
     * Ends the stream: returns what is still held back (an incomplete character at the very end decodes as
     * U+FFFD, as {@code decode} would) and starts over for a new sequence.
     */
    public String flush() {
        String before = decode(prefixOffset, readOffset);
        String after = decode(prefixOffset, size);
        // If the decoder rewrote already-emitted text (rare normalisations), give what follows the common part
        // rather than lose it.
        int common = 0;
        while (common < Math.min(before.length(), after.length()) && before.charAt(common) == after.charAt(common)) {
            common++;
        }
        String rest = after.substring(common);
        size = 0;
        prefixOffset = 0;
        readOffset = 0;
        return rest;
    }

    /** How many ids were pushed since the start or the last {@link #flush()}. */
    public int size() {
        return size;
    }

    private String decode(int from, int to) {
        return from == to ? "" : tokenizer.decode(Arrays.copyOfRange(ids, from, to), skipSpecialTokens);
    }
}

package dev.echollama.tts.orpheus;

import dev.echollama.BadInputException;
import dev.echollama.language.SentenceSplitter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;
import java.util.regex.Pattern;

/**
 * Cuts text into the pieces Orpheus speaks one request each: sentences ({@link SentenceSplitter}), and a sentence
 * longer than the token cap further at clause punctuation, then between words, then (a single over-long word)
 * between characters. The cap bounds the text of one request so that its speech fits the generation budget (1200
 * tokens ≈ 171 frames ≈ 14.6 s); a request cut off by that budget loses its end.
 *
 * <p>Stateless and thread-safe if the counting function is.
 */
final class TextChunker {
    private static final Pattern CLAUSE_END = Pattern.compile("(?<=[,;:—–])\\s+");
    private static final Pattern SPACE = Pattern.compile("\\s+");

    private final ToIntFunction<String> tokenCount;
    private final int maxTokens;

    /**
     * @param tokenCount the number of text tokens of a piece
     * @param maxTokens  the most text tokens one piece may hold (>= 1)
     */
    TextChunker(ToIntFunction<String> tokenCount, int maxTokens) {
        if (maxTokens < 1) {
            throw new BadInputException("the text token cap must be >= 1, got " + maxTokens);
        }
        this.tokenCount = tokenCount;
        this.maxTokens = maxTokens;
    }

    /** The pieces of {@code text} in order; none for blank text. Every piece has at most the cap's tokens. */
    List<String> chunks(String text) {
        List<String> out = new ArrayList<>();
        for (String sentence : SentenceSplitter.split(text)) {
            if (fits(sentence)) {
                out.add(sentence);
            } else {
                pack(CLAUSE_END.split(sentence), " ", out, this::splitClause);
            }
        }
        return out;
    }

    private void splitClause(String clause, List<String> out) {
        pack(SPACE.split(clause), " ", out, this::splitWord);
    }

    private void splitWord(String word, List<String> out) {
        int[] cps = word.codePoints().toArray();
        StringBuilder piece = new StringBuilder();
        for (int cp : cps) {
            String next = piece.toString() + Character.toString(cp);
            if (piece.length() > 0 && !fits(next)) {
                out.add(piece.toString());
                piece.setLength(0);
            }
            piece.appendCodePoint(cp);
        }
        if (piece.length() > 0) {
            out.add(piece.toString());
        }
    }

    /** Greedily joins {@code parts} with {@code glue} into pieces that fit; a part that alone does not fit is split. */
    private void pack(String[] parts, String glue, List<String> out, Splitter tooLong) {
        String current = "";
        for (String part : parts) {
            if (part.isBlank()) {
                continue;
            }
            String joined = current.isEmpty() ? part : current + glue + part;
            if (fits(joined)) {
                current = joined;
                continue;
            }
            if (!current.isEmpty()) {
                out.add(current);
                current = "";
            }
            if (fits(part)) {
                current = part;
            } else {
                tooLong.split(part, out);
            }
        }
        if (!current.isEmpty()) {
            out.add(current);
        }
    }

    private boolean fits(String piece) {
        return tokenCount.applyAsInt(piece) <= maxTokens;
    }

    @FunctionalInterface
    private interface Splitter {
        void split(String part, List<String> out);
    }
}

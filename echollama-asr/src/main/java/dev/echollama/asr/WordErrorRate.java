package dev.echollama.asr;

import dev.echollama.BadInputException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Word error rate: the fewest substitutions, deletions and insertions that turn the reference words into the
 * hypothesis words (Levenshtein distance over words), divided by the number of reference words.
 *
 * <p>Both texts are normalised first: lower case, accents kept, every character that is not a letter, digit or
 * in-word apostrophe treated as a space, so {@code "Ill-disposed,"} and {@code "ill disposed"} are the same two
 * words. Numbers are not spelled out: compare like with like.
 *
 * @param substitutions  reference words replaced by another word
 * @param deletions      reference words missing from the hypothesis
 * @param insertions     hypothesis words not in the reference
 * @param referenceWords words in the normalised reference
 */
public record WordErrorRate(int substitutions, int deletions, int insertions, int referenceWords) {

    public WordErrorRate {
        if (substitutions < 0 || deletions < 0 || insertions < 0 || referenceWords < 0
                || substitutions + deletions > referenceWords) {
            throw new BadInputException("inconsistent error counts: " + substitutions + " substitutions, " + deletions
                    + " deletions, " + insertions + " insertions for " + referenceWords + " reference words");
        }
    }

    /** Aligns {@code hypothesis} to {@code reference}; null counts as empty text. */
    public static WordErrorRate of(String reference, String hypothesis) {
        List<String> ref = words(reference);
        List<String> hyp = words(hypothesis);
        int n = ref.size();
        int m = hyp.size();
        // cost[i][j]: edits turning ref[0..i) into hyp[0..j); ties prefer substitutions, then deletions.
        int[][] cost = new int[n + 1][m + 1];
        for (int i = 0; i <= n; i++) {
            cost[i][0] = i;
        }
        for (int j = 0; j <= m; j++) {
            cost[0][j] = j;
        }
        for (int i = 1; i <= n; i++) {
            for (int j = 1; j <= m; j++) {
                int diagonal = cost[i - 1][j - 1] + (ref.get(i - 1).equals(hyp.get(j - 1)) ? 0 : 1);
                cost[i][j] = Math.min(diagonal, Math.min(cost[i - 1][j] + 1, cost[i][j - 1] + 1));
            }
        }
        int s = 0;
        int d = 0;
        int ins = 0;
        int i = n;
        int j = m;
        while (i > 0 || j > 0) {
            if (i > 0 && j > 0 && cost[i][j] == cost[i - 1][j - 1] + (ref.get(i - 1).equals(hyp.get(j - 1)) ? 0 : 1)) {
                if (!ref.get(i - 1).equals(hyp.get(j - 1))) {
                    s++;
                }
                i--;
                j--;
            } else if (i > 0 && cost[i][j] == cost[i - 1][j] + 1) {
                d++;
                i--;
            } else {
                ins++;
                j--;
            }
        }
        return new WordErrorRate(s, d, ins, n);
    }

    /** The rate alone; see {@link #rate()}. */
    public static double compute(String reference, String hypothesis) {
        return of(reference, hypothesis).rate();
    }

    /** All edits. */
    public int errors() {
        return substitutions + deletions + insertions;
    }

    /**
     * {@link #errors()} / {@link #referenceWords()}; may exceed 1 when the hypothesis adds words. An empty
     * reference gives 0 for an empty hypothesis and {@link Double#POSITIVE_INFINITY} otherwise.
     */
    public double rate() {
        if (referenceWords == 0) {
            return errors() == 0 ? 0 : Double.POSITIVE_INFINITY;
        }
        return errors() / (double) referenceWords;
    }

    /** Sums the counts of several utterances: the corpus-level rate weights each by its length. */
    public WordErrorRate plus(WordErrorRate other) {
        return new WordErrorRate(substitutions + other.substitutions, deletions + other.deletions,
                insertions + other.insertions, referenceWords + other.referenceWords);
    }

    /** The normalised words of {@code text}. */
    public static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        String t = Normalizer.normalize(text, Normalizer.Form.NFC).toLowerCase(Locale.ROOT)
                .replace('\u2019', '\'');
        StringBuilder word = new StringBuilder();
        for (int k = 0; k < t.length(); k++) {
            char c = t.charAt(k);
            boolean inWordApostrophe = c == '\'' && word.length() > 0 && k + 1 < t.length()
                    && Character.isLetterOrDigit(t.charAt(k + 1));
            if (Character.isLetterOrDigit(c) || inWordApostrophe) {
                word.append(c);
            } else if (word.length() > 0) {
                out.add(word.toString());
                word.setLength(0);
            }
        }
        if (word.length() > 0) {
            out.add(word.toString());
        }
        return out;
    }
}

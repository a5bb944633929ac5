package dev.echollama.asr.whisper;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Joins the texts of two overlapping windows (the rule documented at {@link WhisperTranscriber}): find the longest
 * run of at least {@value #MIN_RUN} words that the last {@value #REACH} words of the earlier text and the first
 * {@value #REACH} words of the later text share (compared in lower case without punctuation); keep the earlier
 * text up to the end of that run and the later text after it. Words near a window edge are the ones cut in half,
 * so the run is the overlap both windows heard whole. Without such a run the texts are kept whole.
 */
final class SeamMerger {
    static final int MIN_RUN = 2;
    static final int REACH = 40;

    private SeamMerger() {
    }

    /**
     * Where to cut: keep the first {@code keepEarlier} words of the earlier text, drop the first
     * {@code dropLater} words of the later one.
     */
    record Seam(int keepEarlier, int dropLater) {
    }

    static List<String> words(String text) {
        String t = text.strip();
        return t.isEmpty() ? List.of() : Arrays.asList(t.split("\\s+"));
    }

    static Seam seam(List<String> earlier, List<String> later) {
        int a0 = Math.max(0, earlier.size() - REACH);
        int bn = Math.min(later.size(), REACH);
        String[] a = normalise(earlier.subList(a0, earlier.size()));
        String[] b = normalise(later.subList(0, bn));
        int bestLength = 0;
        int bestEndA = 0;
        int bestEndB = 0;
        int[][] run = new int[a.length + 1][b.length + 1];
        for (int i = 1; i <= a.length; i++) {
            for (int j = 1; j <= b.length; j++) {
                if (!a[i - 1].isEmpty() && a[i - 1].equals(b[j - 1])) {
                    run[i][j] = run[i - 1][j - 1] + 1;
                    // Ties go to the later run in the earlier text: the overlap sits at its end.
                    if (run[i][j] >= bestLength) {
                        bestLength = run[i][j];
                        bestEndA = i;
                        bestEndB = j;
                    }
                }
            }
        }
        if (bestLength < MIN_RUN) {
            return new Seam(earlier.size(), 0);
        }
        return new Seam(a0 + bestEndA, bestEndB);
    }

    private static String[] normalise(List<String> words) {
        String[] out = new String[words.size()];
        for (int i = 0; i < out.length; i++) {
            StringBuilder sb = new StringBuilder();
            words.get(i).codePoints().filter(Character::isLetterOrDigit).forEach(sb::appendCodePoint);
            out[i] = sb.toString().toLowerCase(Locale.ROOT);
        }
        return out;
    }
}

package dev.echollama.language;

import dev.echollama.BadInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Cuts streamed text into sentences as early as it safely can, so that speech for one sentence can start while
 * the language model still writes the next.
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li>A sentence ends at a run of {@code . ! ? …} (so {@code ...}, {@code ?!} end one sentence, not several),
 *       together with any closing quotes or brackets right after it ({@code ." .) .’ .]}), when whitespace
 *       follows.</li>
 *   <li>It does not end there when the next word starts with a lower-case letter ({@code "Wait... there"},
 *       {@code "Where?" she asked}); when the full stop follows a title or a Latin abbreviation
 *       ({@code Dr. Mr. Mrs. Ms. St. Prof. Sr. Jr. Mt. vs. e.g. i.e. cf. approx. ca. fig.}); when it follows a single
 *       capital letter (an initial); or when it follows a number that opens the sentence (a list marker such as
 *       {@code "1. The door"}). {@code etc.} ends a sentence only when a capitalised word follows.</li>
 *   <li>A full stop with no whitespace after it is never an end: {@code 3.5 m}, {@code e.g}, {@code U.S.A}.</li>
 *   <li>A line break always ends a sentence, punctuated or not (lists, headings).</li>
 *   <li>Whatever is left when the stream ends is the last sentence ({@link #finish()}), punctuated or not.</li>
 * </ul>
 * Sentences are returned stripped of surrounding whitespace; pieces holding no letter or digit (a stray
 * {@code "..."} or {@code "**"}) are dropped.
 *
 * <p>Because a full stop is only known to end a sentence once the next word begins, a sentence is returned by
 * the {@link #push} that brings the first character after it (or by {@link #finish()}).
 *
 * <p>Not thread-safe: one instance per stream, fed from one thread (or with external ordering). Cheap to create.
 */
public final class SentenceSplitter {

    private static final Set<String> NEVER_ENDS = Set.of(
            "dr", "mr", "mrs", "ms", "st", "prof", "sr", "jr", "mt", "vs", "e.g", "i.e", "cf", "approx", "ca",
            "fig");

    private final StringBuilder buffer = new StringBuilder();
    /** Where the current (unfinished) sentence starts in {@link #buffer}. */
    private int start;
    /** Where scanning resumes: everything before it in the current sentence is known not to end it. */
    private int scan;
    private boolean finished;

    /** Splits a whole text at once; the same as pushing it and then finishing. */
    public static List<String> split(String text) {
        SentenceSplitter s = new SentenceSplitter();
        List<String> out = new ArrayList<>(s.push(text));
        out.addAll(s.finish());
        return out;
    }

    /**
     * Adds the next piece of the stream and returns the sentences it completed, in order (often none).
     *
     * @throws BadInputException     if {@code piece} is null
     * @throws IllegalStateException after {@link #finish()}
     */
    public List<String> push(String piece) {
        if (piece == null) {
            throw new BadInputException("text piece is null");
        }
        if (finished) {
            throw new IllegalStateException("this splitter's stream has finished");
        }
        buffer.append(piece);
        List<String> out = new ArrayList<>(1);
        scan(out, false);
        compact();
        return out;
    }

    /**
     * Ends the stream: returns what completes now, including the unpunctuated tail. Later calls return an
     * empty list.
     */
    public List<String> finish() {
        if (finished) {
            return List.of();
        }
        finished = true;
        List<String> out = new ArrayList<>(1);
        scan(out, true);
        emit(out, buffer.length());
        buffer.setLength(0);
        start = 0;
        scan = 0;
        return out;
    }

    private void scan(List<String> out, boolean endOfStream) {
        int n = buffer.length();
        int i = Math.max(scan, start);
        while (i < n) {
            char c = buffer.charAt(i);
            if (c == '\n' || c == '\r') {
                emit(out, i);
                start = i + 1;
                i++;
                continue;
            }
            if (!isTerminator(c)) {
                i++;
                continue;
            }
            int j = i;
            while (j < n && isTerminator(buffer.charAt(j))) {
                j++;
            }
            while (j < n && isCloser(buffer.charAt(j))) {
                j++;
            }
            if (j == n) {
                if (endOfStream) {
                    i = n; // finish() emits the tail
                    break;
                }
                scan = i; // undecided until the next character arrives
                return;
            }
            if (!Character.isWhitespace(buffer.charAt(j))) {
                i = j; // "3.5", "e.g", "U.S.A": not an end
                continue;
            }
            int k = j;
            while (k < n && Character.isWhitespace(buffer.charAt(k)) && buffer.charAt(k) != '\n'
                    && buffer.charAt(k) != '\r') {
                k++;
            }
            if (k == n && !endOfStream) {
                scan = i; // need the next word to decide
                return;
            }
            boolean lineBreak = k < n && (buffer.charAt(k) == '\n' || buffer.charAt(k) == '\r');
            if (lineBreak || k == n || endsSentence(i, j, buffer.charAt(k))) {
                emit(out, j);
                start = j;
            }
            i = j;
        }
        scan = n;
    }

    /**
     * Whether the terminator run {@code [i, j)} (with its closers) ends a sentence, given the first character of
     * the next word.
     */
    private boolean endsSentence(int i, int j, char next) {
        if (Character.isLowerCase(next)) {
            return false;
        }
        int runEnd = i;
        while (runEnd < j && isTerminator(buffer.charAt(runEnd))) {
            runEnd++;
        }
        boolean singleFullStop = runEnd - i == 1 && buffer.charAt(i) == '.';
        if (!singleFullStop) {
            return true;
        }
        String word = wordBefore(i);
        if (word.isEmpty()) {
            return true;
        }
        String lower = word.toLowerCase(Locale.ROOT);
        if (NEVER_ENDS.contains(lower)) {
            return false;
        }
        if (word.length() == 1 && Character.isUpperCase(word.charAt(0))) {
            return false; // an initial: "J. Smith"
        }
        if (isDigits(word) && isFirstWordOfSentence(i - word.length())) {
            return false; // a list marker: "1. The door"
        }
        return true;
    }

    /** The letters, digits and inner full stops right before {@code end}, without leading brackets or quotes. */
    private String wordBefore(int end) {
        int b = end;
        while (b > start) {
            char ch = buffer.charAt(b - 1);
            if (Character.isLetterOrDigit(ch) || ch == '.') {
                b--;
            } else {
                break;
            }
        }
        String w = buffer.substring(b, end);
        while (w.startsWith(".")) {
            w = w.substring(1);
        }
        return w;
    }

    private boolean isFirstWordOfSentence(int wordStart) {
        for (int p = start; p < wordStart; p++) {
            if (!Character.isWhitespace(buffer.charAt(p))) {
                return false;
            }
        }
        return true;
    }

    private void emit(List<String> out, int end) {
        String sentence = buffer.substring(Math.min(start, end), end).strip();
        if (hasLetterOrDigit(sentence)) {
            out.add(sentence);
        }
    }

    /** Drops what has been returned so the buffer holds only the unfinished sentence. */
    private void compact() {
        if (start > 0) {
            buffer.delete(0, start);
            scan -= start;
            start = 0;
        }
    }

    private static boolean isTerminator(char c) {
        return c == '.' || c == '!' || c == '?' || c == '…';
    }

    private static boolean isCloser(char c) {
        return c == '"' || c == '\'' || c == ')' || c == ']' || c == '}' || c == '”' || c == '’' || c == '»';
    }

    private static boolean isDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return !s.isEmpty();
    }

    private static boolean hasLetterOrDigit(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isLetterOrDigit(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}

package dev.echollama.tts;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites written English into the words a speech engine should say: numbers, decimals and units
 * ({@code "3.5 m"} becomes {@code "three point five metres"}), ordinals ({@code "21st"}), percentages, clock
 * times, money and common abbreviations ({@code "Dr."}, {@code "St."} as saint or street by context,
 * {@code "e.g."}). Engines read raw digits and symbols inconsistently (FreeTTS does not know {@code "km"}, espeak
 * spells {@code "m"}), and a listener who cannot see the text must not hear "three point five em".
 *
 * <p>Number words carry no hyphens and no "and" ({@code 123} becomes {@code "one hundred twenty three"}). Units
 * are singular only for exactly one ({@code "1 m"}, not {@code "1.0 m"}). Text that is not a number, unit or known
 * abbreviation passes through unchanged apart from collapsed whitespace. Stateless and thread-safe.
 */
public final class SpeechText {

    private SpeechText() {
    }

    // Words that usually begin a sentence: after "Main St." they mean the period ended it.
    private static final Set<String> SENTENCE_STARTERS = Set.of("The", "A", "An", "It", "He", "She", "They",
            "We", "I", "You", "This", "That", "There", "Then", "Turn", "Go", "Walk", "And", "But", "So", "In",
            "On", "At", "Its", "His", "Her", "Their", "My", "Our", "Your", "Is", "Are", "Was", "Were");

    private static final Map<String, String> TITLES = Map.of(
            "mr", "mister", "mrs", "missus", "ms", "miz", "prof", "professor");

    private static final Map<String, String> TRAILING = Map.of(
            "ave", "avenue", "rd", "road", "blvd", "boulevard", "etc", "et cetera", "approx", "approximately",
            "vs", "versus", "jr", "junior", "sr", "senior");

    private static final Pattern ABBREVIATION = Pattern.compile(
            "(?<![\\p{L}\\p{N}.])(?:(?i:(e\\.g|i\\.e))\\.|(?i:(mr|mrs|ms|prof|ave|rd|blvd|etc|approx|vs|jr|sr))\\."
                    + "|(St|Dr|Mt)\\.|(No|no)\\.(?=\\s*\\d))");

    private static final Pattern TIME = Pattern.compile(
            "(?<![\\p{N}:.])(\\d{1,2}):(\\d{2})(?![\\p{N}:])(?:\\s?([aApP])\\.?\\s?[mM](\\.)?(?![\\p{L}]))?");

    private static final Pattern MONEY = Pattern.compile(
            "([$£€])\\s?(\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.(\\d+))?(?:\\s(thousand|million|billion|trillion)\\b)?");

    private static final Pattern ORDINAL = Pattern.compile("(?<![\\p{N}.,])(\\d+)(?i:(st|nd|rd|th))(?![\\p{L}])");

    /** Units, longest spelling first so that "km" is not read as "k" + "m". */
    private static final List<Unit> UNITS = List.of(
            new Unit("km/h", "kilometre per hour", "kilometres per hour"),
            new Unit("kph", "kilometre per hour", "kilometres per hour"),
            new Unit("mph", "mile per hour", "miles per hour"),
            new Unit("m/s", "metre per second", "metres per second"),
            new Unit("°C", "degree celsius", "degrees celsius"),
            new Unit("°F", "degree fahrenheit", "degrees fahrenheit"),
            new Unit("km", "kilometre", "kilometres"),
            new Unit("cm", "centimetre", "centimetres"),
            new Unit("mm", "millimetre", "millimetres"),
            new Unit("kg", "kilogram", "kilograms"),
            new Unit("mg", "milligram", "milligrams"),
            new Unit("lbs", "pound", "pounds"),
            new Unit("lb", "pound", "pounds"),
            new Unit("ft", "foot", "feet"),
            new Unit("min", "minute", "minutes"),
            new Unit("hrs", "hour", "hours"),
            new Unit("hr", "hour", "hours"),
            new Unit("m", "metre", "metres"),
            new Unit("g", "gram", "grams"),
            new Unit("°", "degree", "degrees"),
            new Unit("%", "percent", "percent"));

    private static final Pattern NUMBER;

    static {
        StringBuilder units = new StringBuilder();
        for (Unit u : UNITS) {
            units.append(units.length() == 0 ? "" : "|").append(Pattern.quote(u.symbol));
        }
        // A sign only where it cannot be a hyphen or a minus between two operands.
        NUMBER = Pattern.compile("(?<![\\p{N}.,])((?<![\\p{L}\\p{N}])[-−])?(\\d{1,3}(?:,\\d{3})+|\\d+)"
                + "(?:\\.(\\d+))?(?![\\p{N}])(?:\\s?(" + units + ")(?![\\p{L}]))?");
    }

    private static final Pattern SPACES = Pattern.compile("\\s+");

    private record Unit(String symbol, String singular, String plural) {
    }

    /**
     * The spoken form of {@code text}; never null ({@code null} gives {@code ""}).
     */
    public static String normalize(String text) {
        if (text == null || text.isBlank()) {
            return "";
        }
        String t = SPACES.matcher(text).replaceAll(" ").strip();
        t = replace(ABBREVIATION, t, SpeechText::abbreviation);
        t = replace(TIME, t, SpeechText::time);
        t = replace(MONEY, t, SpeechText::money);
        t = replace(ORDINAL, t, (m, s) -> m.group(1).length() > 18 ? NumberWords.digits(m.group(1))
                : NumberWords.ordinal(Long.parseLong(m.group(1))));
        t = replace(NUMBER, t, SpeechText::number);
        t = t.replace("&", " and ");
        return SPACES.matcher(t).replaceAll(" ").strip();
    }

    private interface Rule {
        String apply(MatchResult m, String text);
    }

    private static String replace(Pattern p, String text, Rule rule) {
        Matcher m = p.matcher(text);
        StringBuilder sb = new StringBuilder(text.length() + 16);
        int last = 0;
        while (m.find()) {
            sb.append(text, last, m.start());
            // Words must not fuse with a neighbouring letter: "3D" -> "three D", not "threeD".
            if (m.start() > 0 && Character.isLetterOrDigit(text.charAt(m.start() - 1))) {
                sb.append(' ');
            }
            sb.append(rule.apply(m.toMatchResult(), text));
            if (m.end() < text.length() && Character.isLetterOrDigit(text.charAt(m.end()))) {
                sb.append(' ');
            }
            last = m.end();
        }
        return sb.append(text, last, text.length()).toString();
    }

    private static String abbreviation(MatchResult m, String text) {
        if (m.group(1) != null) {
            return m.group(1).equalsIgnoreCase("e.g") ? "for example" : "that is";
        }
        if (m.group(2) != null) {
            String key = m.group(2).toLowerCase(Locale.ROOT);
            String title = TITLES.get(key);
            if (title != null) {
                return title;
            }
            return TRAILING.get(key) + (endsSentence(text, m.end()) ? "." : "");
        }
        if (m.group(4) != null) {
            return "number";
        }
        String which = m.group(3);
        String next = nextWord(text, m.end());
        String prev = previousWords(text, m.start());
        boolean nextIsName = !next.isEmpty() && Character.isUpperCase(next.codePointAt(0))
                && !SENTENCE_STARTERS.contains(next);
        String prevWord = lastWord(prev);
        boolean prevIsName = !prevWord.isEmpty() && Character.isUpperCase(prevWord.codePointAt(0));
        boolean afterHouseNumber = prev.matches(".*\\d+\\p{L}*\\s+\\S+") || prev.matches("(?s).*\\d+\\p{L}*");
        String period = endsSentence(text, m.end()) ? "." : "";
        switch (which) {
            case "St":
                // "St. Paul", "Mount St. Helens" -> saint; "Main St.", "221 Baker St. London" -> street.
                return nextIsName && !afterHouseNumber ? "saint" : "street" + period;
            case "Dr":
                // "Dr. Smith", "the Dr. said" -> doctor; "Sunset Dr." -> drive.
                return prevIsName && !nextIsName ? "drive" + period : "doctor";
            default: // "Mt"
                return "mount";
        }
    }

    private static String lastWord(String words) {
        int space = words.lastIndexOf(' ');
        return words.substring(space + 1);
    }

    /** Up to two words before {@code index}, without trailing punctuation. */
    private static String previousWords(String text, int index) {
        String before = text.substring(0, index).stripTrailing();
        String[] words = before.isEmpty() ? new String[0] : before.split(" ");
        int from = Math.max(0, words.length - 2);
        String joined = String.join(" ", java.util.Arrays.copyOfRange(words, from, words.length));
        return joined.replaceAll("[^\\p{L}\\p{N}' ]+$", "");
    }

    private static String nextWord(String text, int index) {
        String after = text.substring(index).stripLeading();
        int end = 0;
        while (end < after.length() && (Character.isLetterOrDigit(after.charAt(end)) || after.charAt(end) == '\'')) {
            end++;
        }
        return after.substring(0, end);
    }

    /** True when the abbreviation's period also ends the sentence: end of text, or a new sentence follows. */
    private static boolean endsSentence(String text, int end) {
        String rest = text.substring(end);
        if (rest.isBlank()) {
            return true;
        }
        String next = nextWord(text, end);
        return rest.startsWith(" ") && SENTENCE_STARTERS.contains(next);
    }

    private static String time(MatchResult m, String text) {
        int hour = Integer.parseInt(m.group(1));
        int minute = Integer.parseInt(m.group(2));
        if (hour > 24 || minute > 59) {
            // Not a clock time (a ratio or score): read both numbers.
            return NumberWords.integer(m.group(1)) + " " + NumberWords.integer(m.group(2));
        }
        String words = NumberWords.cardinal(hour) + (minute == 0 ? (m.group(3) == null ? " o'clock" : "")
                : minute < 10 ? " oh " + NumberWords.cardinal(minute) : " " + NumberWords.cardinal(minute));
        if (m.group(3) != null) {
            words += " " + m.group(3).toLowerCase(Locale.ROOT) + " m";
            if (m.group(4) != null && endsSentence(text, m.end())) {
                words += ".";
            }
        }
        return words;
    }

    private static String money(MatchResult m, String text) {
        String symbol = m.group(1);
        String whole = m.group(2).replace(",", "");
        String fraction = m.group(3);
        String scale = m.group(4);
        String[] names = switch (symbol) {
            case "$" -> new String[] {"dollar", "dollars", "cent", "cents"};
            case "£" -> new String[] {"pound", "pounds", "penny", "pence"};
            default -> new String[] {"euro", "euros", "cent", "cents"};
        };
        if (scale != null || (fraction != null && fraction.length() != 2)) {
            // "$1.5 million" -> "one point five million dollars"
            String amount = NumberWords.integer(whole) + (fraction == null ? "" : " point "
                    + NumberWords.digits(fraction));
            return amount + (scale == null ? "" : " " + scale) + " " + names[1];
        }
        long units = parseOrDigits(whole);
        String words = NumberWords.integer(whole) + " " + (units == 1 && whole.length() == 1 ? names[0] : names[1]);
        if (fraction != null && !fraction.equals("00")) {
            int cents = Integer.parseInt(fraction);
            words += " and " + NumberWords.cardinal(cents) + " " + (cents == 1 ? names[2] : names[3]);
        }
        return words;
    }

    private static String number(MatchResult m, String text) {
        boolean negative = m.group(1) != null;
        String whole = m.group(2).replace(",", "");
        String fraction = m.group(3);
        String unitSymbol = m.group(4);
        StringBuilder sb = new StringBuilder();
        if (negative) {
            sb.append("minus ");
        }
        sb.append(NumberWords.integer(whole));
        if (fraction != null) {
            sb.append(" point ").append(NumberWords.digits(fraction));
        }
        if (unitSymbol != null) {
            Unit unit = UNITS.stream().filter(u -> u.symbol.equals(unitSymbol)).findFirst().orElseThrow();
            boolean one = fraction == null && whole.equals("1");
            sb.append(' ').append(one ? unit.singular : unit.plural);
        }
        return sb.toString();
    }

    private static long parseOrDigits(String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return -1; // too long for a long; callers only compare with 1
        }
    }
}

package dev.echollama.vision.caption;

import java.util.Locale;
import java.util.Map;

/**
 * Articles, plurals and number words for detector labels. COCO's irregular and mass nouns are listed; any other
 * label gets the regular English rules, which read acceptably for the class names detectors use.
 */
final class EnglishNouns {

    /** singular phrase, plural phrase (without article or number). */
    private record Forms(String singular, String plural) {
    }

    private static final Map<String, Forms> IRREGULAR = Map.of(
            "person", new Forms("person", "people"),
            "mouse", new Forms("mouse", "mice"),
            "knife", new Forms("knife", "knives"),
            "sheep", new Forms("sheep", "sheep"),
            "skis", new Forms("pair of skis", "pairs of skis"),
            "scissors", new Forms("pair of scissors", "pairs of scissors"),
            "broccoli", new Forms("head of broccoli", "heads of broccoli"),
            "tv", new Forms("TV", "TVs"));

    private static final String[] NUMBERS = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
        "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
        "nineteen", "twenty"};

    private EnglishNouns() {
    }

    /** "a dog", "an apple", "two people", "21 cars". */
    static String quantity(String label, int count) {
        Forms f = forms(label);
        if (count == 1) {
            return article(f.singular()) + " " + f.singular();
        }
        return number(count) + " " + f.plural();
    }

    /** Number words up to twenty, digits above. */
    static String number(int n) {
        return n >= 0 && n < NUMBERS.length ? NUMBERS[n] : Integer.toString(n);
    }

    private static String article(String noun) {
        char c = Character.toLowerCase(noun.charAt(0));
        // The letter rule is right for every COCO class ("an umbrella", "an oven"); "TV" is said "tee-vee".
        return "aeiou".indexOf(c) >= 0 && !noun.startsWith("TV") ? "an" : "a";
    }

    private static Forms forms(String label) {
        String key = label.strip().toLowerCase(Locale.ROOT);
        Forms f = IRREGULAR.get(key);
        if (f != null) {
            return f;
        }
        return new Forms(key, regularPlural(key));
    }

    private static String regularPlural(String noun) {
        if (noun.endsWith("s") || noun.endsWith("x") || noun.endsWith("z") || noun.endsWith("ch")
                || noun.endsWith("sh")) {
            return noun + "es";
        }
        if (noun.length() > 1 && noun.endsWith("y") && "aeiou".indexOf(noun.charAt(noun.length() - 2)) < 0) {
            return noun.substring(0, noun.length() - 1) + "ies";
        }
        return noun + "s";
    }
}

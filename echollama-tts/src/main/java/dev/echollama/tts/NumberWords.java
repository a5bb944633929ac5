package dev.echollama.tts;

/** English number words without hyphens or "and" ("one hundred twenty three"), the form both engines read well. */
final class NumberWords {
    private static final String[] ONES = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
        "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
        "nineteen"};
    private static final String[] TENS = {"", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy",
        "eighty", "ninety"};
    private static final String[] SCALES = {"", "thousand", "million", "billion", "trillion", "quadrillion",
        "quintillion"};

    private NumberWords() {
    }

    /** Cardinal words for any long, {@code "minus ..."} for negatives. */
    static String cardinal(long n) {
        if (n == 0) {
            return "zero";
        }
        if (n < 0) {
            // Long.MIN_VALUE has no positive counterpart; its digits are read one by one.
            return n == Long.MIN_VALUE ? "minus " + digits(Long.toString(n).substring(1)) : "minus " + cardinal(-n);
        }
        int scale = 0;
        String result = "";
        while (n > 0) {
            int group = (int) (n % 1000);
            if (group != 0) {
                String words = belowThousand(group) + (scale > 0 ? " " + SCALES[scale] : "");
                result = result.isEmpty() ? words : words + " " + result;
            }
            n /= 1000;
            scale++;
        }
        return result;
    }

    private static String belowThousand(int n) {
        StringBuilder sb = new StringBuilder();
        if (n >= 100) {
            sb.append(ONES[n / 100]).append(" hundred");
            n %= 100;
            if (n > 0) {
                sb.append(' ');
            }
        }
        if (n >= 20) {
            sb.append(TENS[n / 10]);
            if (n % 10 > 0) {
                sb.append(' ').append(ONES[n % 10]);
            }
        } else if (n > 0) {
            sb.append(ONES[n]);
        }
        return sb.toString();
    }

    /** Ordinal words: 1 -> first, 21 -> twenty first, 100 -> one hundredth. Non-negative only. */
    static String ordinal(long n) {
        String c = cardinal(n);
        int space = c.lastIndexOf(' ');
        String head = space < 0 ? "" : c.substring(0, space + 1);
        String last = c.substring(space + 1);
        return head + ordinalOf(last);
    }

    private static String ordinalOf(String word) {
        switch (word) {
            case "one": return "first";
            case "two": return "second";
            case "three": return "third";
            case "five": return "fifth";
            case "eight": return "eighth";
            case "nine": return "ninth";
            case "twelve": return "twelfth";
            default:
                if (word.endsWith("y")) {
                    return word.substring(0, word.length() - 1) + "ieth";
                }
                return word + "th";
        }
    }

    /** Each digit as a word: "05" -> "zero five". Non-digits are skipped. */
    static String digits(String ds) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < ds.length(); i++) {
            char c = ds.charAt(i);
            if (c >= '0' && c <= '9') {
                if (sb.length() > 0) {
                    sb.append(' ');
                }
                sb.append(ONES[c - '0']);
            }
        }
        return sb.toString();
    }

    /**
     * Words for a run of digits as written: a plain cardinal, except that numbers with a leading zero or too long
     * for a long are read digit by digit (as people read codes and very long numbers).
     */
    static String integer(String ds) {
        if (ds.length() > 1 && ds.charAt(0) == '0' || ds.length() > 18) {
            return digits(ds);
        }
        return cardinal(Long.parseLong(ds));
    }
}

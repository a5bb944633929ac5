package dev.echollama.language;

import dev.echollama.BadInputException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The words English uses for the 80 COCO object classes, and a finder for those words in free text. It maps
 * singular and plural forms, common synonyms ({@code people → person}, {@code TV → tv}, {@code sofa → couch},
 * {@code bike → bicycle} but {@code motorbike → motorcycle}), the darknet spellings ({@code aeroplane},
 * {@code tvmonitor}, {@code diningtable}, …) and multi-word names ({@code traffic light}, {@code cell phone}) to
 * the COCO label. Matching is by whole words and ignores case; the longest phrase wins.
 *
 * <p>{@link #mentions(String)} also marks negated mentions ("I don't see a cat", "there is no cat", "no cats",
 * "the cat is not visible"), so that a sentence saying an object is absent is not taken as naming it. The
 * negation rule is a small heuristic (a negation word earlier in the same clause, at most eight words before);
 * it is documented on {@link Mention#negated()}.
 *
 * <p>Immutable and thread-safe. {@link #coco()} is built once, on first use.
 */
public final class ObjectVocabulary {

    /**
     * One object word found in a text.
     *
     * @param label   the COCO label it names (for example {@code person} for "women")
     * @param text    the words as written, lower case (for example {@code "women"} or {@code "traffic lights"})
     * @param start   index of its first character in the text given
     * @param end     index after its last character
     * @param negated whether the text says the object is absent: a negation word ({@code no}, {@code not},
     *                {@code never}, {@code without}, {@code nor}, {@code none}, {@code zero}, a word ending in
     *                {@code n't}; but not "not far", "not only", …) up to eight words earlier in the same clause
     *                (a clause ends at {@code . ; : ! ?}, at a comma not followed by another object word, and at
     *                {@code but}, {@code although}, …), or a following "is not visible / present / here / there /
     *                in sight" or "is nowhere"
     */
    public record Mention(String label, String text, int start, int end, boolean negated) {
    }

    /** The 80 COCO class names, in the usual order. */
    static final List<String> COCO_LABELS = List.of(
            "person", "bicycle", "car", "motorcycle", "airplane", "bus", "train", "truck", "boat", "traffic light",
            "fire hydrant", "stop sign", "parking meter", "bench", "bird", "cat", "dog", "horse", "sheep", "cow",
            "elephant", "bear", "zebra", "giraffe", "backpack", "umbrella", "handbag", "tie", "suitcase", "frisbee",
            "skis", "snowboard", "sports ball", "kite", "baseball bat", "baseball glove", "skateboard", "surfboard",
            "tennis racket", "bottle", "wine glass", "cup", "fork", "knife", "spoon", "bowl", "banana", "apple",
            "sandwich", "orange", "broccoli", "carrot", "hot dog", "pizza", "donut", "cake", "chair", "couch",
            "potted plant", "bed", "dining table", "toilet", "tv", "laptop", "mouse", "remote", "keyboard",
            "cell phone", "microwave", "oven", "toaster", "sink", "refrigerator", "book", "clock", "vase", "scissors",
            "teddy bear", "hair drier", "toothbrush");

    private static final Map<String, String> IRREGULAR_PLURALS = Map.ofEntries(
            Map.entry("person", "people"), Map.entry("man", "men"), Map.entry("woman", "women"),
            Map.entry("gentleman", "gentlemen"), Map.entry("child", "children"), Map.entry("mouse", "mice"),
            Map.entry("sheep", "sheep"), Map.entry("knife", "knives"), Map.entry("calf", "calves"),
            Map.entry("goose", "geese"), Map.entry("skis", "skis"), Map.entry("scissors", "scissors"),
            Map.entry("broccoli", "broccoli"), Map.entry("cattle", "cattle"), Map.entry("luggage", "luggage"),
            Map.entry("people", "people"), Map.entry("aircraft", "aircraft"), Map.entry("bus", "buses"));

    /** Words that read as an adjective when a noun follows ("an orange bus", "a remote village"). */
    private static final Set<String> ADJECTIVE_LIKE = Set.of("orange", "remote");

    /** Words that read as a verb after these ("to tie", "can't bear", "will sink", "to book", "to train"). */
    private static final Set<String> VERB_LIKE = Set.of("tie", "bear", "sink", "book", "train", "plant", "cycle",
            "ski", "surf", "kite", "mug", "fork", "monitor", "bowl", "duck");
    private static final Set<String> VERB_CONTEXT = Set.of("to", "can", "could", "will", "would", "should",
            "might", "must", "may", "i", "you", "we", "they", "let's", "cannot", "don't", "didn't", "doesn't",
            "won't", "can't", "couldn't", "wouldn't", "shouldn't", "please");

    /** Words after which an adjective-like word still names the object ("an orange on the table"). */
    private static final Set<String> FUNCTION_WORDS = Set.of("a", "an", "the", "and", "or", "nor", "but", "on",
            "in", "at", "by", "with", "to", "of", "from", "near", "next", "beside", "behind", "under", "over",
            "above", "below", "is", "are", "was", "were", "be", "been", "sits", "sit", "lies", "lie", "rests",
            "that", "which", "there", "here", "too", "also", "as", "for", "into", "onto", "against", "left",
            "right", "close", "far", "nearby", "this", "it", "its", "has", "have", "had", "can", "could", "might",
            "may", "will", "would", "placed", "lying", "sitting", "standing", "resting", "so", "than");

    private static final Set<String> NEGATIONS = Set.of("no", "not", "never", "without", "nor", "none",
            "neither", "zero", "cannot", "nothing", "nobody", "lacks", "lack", "lacking");

    private static final Set<String> NEGATED_MODIFIERS = Set.of("far", "only", "just", "too", "very", "quite",
            "much", "always", "exactly", "sure", "clear", "certain", "unlike", "least", "far-off");

    private static final Set<String> CLAUSE_BREAKS = Set.of("but", "although", "though", "however", "while",
            "whereas", "yet", "instead", "except", "because", "so", "which", "where", "who", "whose", "when",
            "then", "also", "only", "just", "meanwhile", "otherwise", "rather");

    private static final Set<String> LIST_SKIPPABLE = Set.of("a", "an", "the", "any", "some", "or", "and", "nor",
            "even", "other", "single", "one", "more", "many");

    private static final Set<String> BE = Set.of("is", "are", "was", "were", "'s", "seems", "seem", "appears",
            "appear");
    private static final Set<String> ABSENT_AFTER_NOT = Set.of("visible", "present", "here", "there", "in",
            "around", "seen", "shown", "detected", "anywhere", "nearby", "included", "pictured", "depicted");

    private static final int NEGATION_REACH = 8;
    private static final int MAX_PHRASE_WORDS = 3;

    private final Map<String, String> phrases;
    private final Set<String> labels;

    private ObjectVocabulary(Map<String, String> phrases, Set<String> labels) {
        this.phrases = phrases;
        this.labels = labels;
    }

    private static final class Holder {
        static final ObjectVocabulary COCO = buildCoco();
    }

    /** The COCO-80 vocabulary with synonyms, plurals and darknet spellings. */
    public static ObjectVocabulary coco() {
        return Holder.COCO;
    }

    /** The canonical labels this vocabulary knows (the 80 COCO names), in COCO order. */
    public List<String> labels() {
        return List.copyOf(labels);
    }

    /**
     * The COCO label a word or phrase names: {@code "People"}, {@code "TV"}, {@code "sofa"},
     * {@code "tvmonitor"}, {@code "traffic lights"}. Empty when it names none of them.
     */
    public Optional<String> label(String phrase) {
        if (phrase == null) {
            return Optional.empty();
        }
        String direct = phrases.get(phrase);
        if (direct != null) {
            return Optional.of(direct); // the common case: a label as detectors write it
        }
        StringBuilder key = new StringBuilder(phrase.length());
        boolean gap = false;
        for (char c : normalise(phrase).strip().toCharArray()) {
            if (Character.isWhitespace(c) || c == '-' || c == '_') {
                gap = true;
            } else {
                if (gap && key.length() > 0) {
                    key.append(' ');
                }
                gap = false;
                key.append(c);
            }
        }
        return Optional.ofNullable(phrases.get(key.toString()));
    }

    /** Every object word of {@code text}, in order, longest phrase first where phrases overlap. */
    public List<Mention> mentions(String text) {
        if (text == null) {
            throw new BadInputException("text is null");
        }
        List<Token> toks = tokenize(text);
        List<Mention> out = new ArrayList<>();
        int i = 0;
        while (i < toks.size()) {
            Match m = matchAt(toks, i);
            if (m == null) {
                i++;
                continue;
            }
            int last = i + m.words - 1;
            boolean negated = negatedBefore(toks, i) || negatedAfter(toks, last + 1);
            out.add(new Mention(m.label, text.substring(toks.get(i).start, toks.get(last).end)
                    .toLowerCase(Locale.ROOT), toks.get(i).start, toks.get(last).end, negated));
            i = last + 1;
        }
        return out;
    }

    /**
     * The plural of an English noun as the narrator writes it: {@code person → people}, {@code bus → buses},
     * {@code knife → knives}, {@code puppy → puppies}, {@code sheep → sheep}, {@code cell phone → cell phones},
     * {@code TV → TVs}. Multi-word nouns change their last word.
     */
    public static String plural(String noun) {
        if (noun == null || noun.isBlank()) {
            throw new BadInputException("noun is blank");
        }
        int sp = noun.lastIndexOf(' ');
        String head = noun.substring(0, sp + 1);
        String last = noun.substring(sp + 1);
        String lower = last.toLowerCase(Locale.ROOT);
        String irregular = IRREGULAR_PLURALS.get(lower);
        if (irregular != null) {
            return head + matchCase(last, irregular);
        }
        if (!last.equals(lower) && last.equals(last.toUpperCase(Locale.ROOT))) {
            return head + last + "s"; // acronyms: TVs
        }
        if (lower.endsWith("s") || lower.endsWith("x") || lower.endsWith("z") || lower.endsWith("ch")
                || lower.endsWith("sh")) {
            return head + last + "es";
        }
        if (lower.length() > 1 && lower.endsWith("y") && "aeiou".indexOf(lower.charAt(lower.length() - 2)) < 0) {
            return head + last.substring(0, last.length() - 1) + "ies";
        }
        return head + last + "s";
    }

    private static String matchCase(String model, String word) {
        return !model.isEmpty() && Character.isUpperCase(model.charAt(0))
                ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word;
    }

    // --- matching -----------------------------------------------------------------------------------------

    private record Token(String word, int start, int end, boolean punct) {
    }

    private record Match(String label, int words) {
    }

    private Match matchAt(List<Token> toks, int i) {
        if (toks.get(i).punct) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        String[] keys = new String[MAX_PHRASE_WORDS];
        int n = 0;
        for (int k = i; k < toks.size() && n < MAX_PHRASE_WORDS && !toks.get(k).punct; k++) {
            if (n > 0) {
                sb.append(' ');
            }
            sb.append(lookupForm(toks.get(k).word));
            keys[n++] = sb.toString();
        }
        for (int w = n; w >= 1; w--) {
            String label = phrases.get(keys[w - 1]);
            if (label == null) {
                continue;
            }
            if (w == 1 && !readsAsObject(toks, i)) {
                return null;
            }
            return new Match(label, w);
        }
        return null;
    }

    /** Possessives name the object too: "dog's" and "dogs'" look up "dog" and "dogs". */
    private static String lookupForm(String word) {
        if (word.endsWith("'s")) {
            return word.substring(0, word.length() - 2);
        }
        if (word.endsWith("'")) {
            return word.substring(0, word.length() - 1);
        }
        return word;
    }

    private static boolean readsAsObject(List<Token> toks, int i) {
        String w = toks.get(i).word;
        if (ADJECTIVE_LIKE.contains(w) && i + 1 < toks.size()) {
            Token next = toks.get(i + 1);
            if (!next.punct && !FUNCTION_WORDS.contains(next.word)) {
                return false;
            }
        }
        if (VERB_LIKE.contains(w) && i > 0) {
            Token prev = toks.get(i - 1);
            return prev.punct || !VERB_CONTEXT.contains(prev.word);
        }
        return true;
    }

    private boolean negatedBefore(List<Token> toks, int i) {
        int words = 0;
        for (int k = i - 1; k >= 0 && words <= NEGATION_REACH; k--) {
            Token t = toks.get(k);
            if (t.punct) {
                if (!",".equals(t.word) || !continuesList(toks, k + 1)) {
                    return false;
                }
                continue;
            }
            if (isNegation(t.word) && !negatesAModifier(toks, k + 1)) {
                return true;
            }
            if (CLAUSE_BREAKS.contains(t.word)) {
                return false;
            }
            words++;
        }
        return false;
    }

    /** Whether the tokens from {@code k} are a further item of a list: "no cats, dogs or birds". */
    private boolean continuesList(List<Token> toks, int k) {
        while (k < toks.size() && !toks.get(k).punct && LIST_SKIPPABLE.contains(toks.get(k).word)) {
            k++;
        }
        return k < toks.size() && matchAt(toks, k) != null;
    }

    private static boolean negatedAfter(List<Token> toks, int k) {
        if (k < toks.size() && !toks.get(k).punct && BE.contains(toks.get(k).word)) {
            k++;
        }
        if (k >= toks.size() || toks.get(k).punct) {
            return false;
        }
        String w = toks.get(k).word;
        if (w.equals("nowhere") || w.equals("absent") || w.equals("missing")) {
            return true;
        }
        boolean not = w.equals("not") || (w.endsWith("n't") && BE.contains(beFromContraction(w)));
        return not && k + 1 < toks.size() && !toks.get(k + 1).punct
                && ABSENT_AFTER_NOT.contains(toks.get(k + 1).word);
    }

    private static String beFromContraction(String w) {
        return switch (w) {
            case "isn't" -> "is";
            case "aren't" -> "are";
            case "wasn't" -> "was";
            case "weren't" -> "were";
            default -> "";
        };
    }

    /** "not far from a bike", "isn't too close to the dog": the negation is of the modifier, not the object. */
    private static boolean negatesAModifier(List<Token> toks, int k) {
        return k < toks.size() && !toks.get(k).punct && NEGATED_MODIFIERS.contains(toks.get(k).word);
    }

    private static boolean isNegation(String w) {
        return NEGATIONS.contains(w) || w.endsWith("n't");
    }

    private static String normalise(String text) {
        return text.replace('\u2019', '\'').replace('\u2018', '\'').toLowerCase(Locale.ROOT);
    }

    private static List<Token> tokenize(String text) {
        String s = normalise(text);
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                int start = i;
                while (i < n) {
                    char d = s.charAt(i);
                    if (Character.isLetterOrDigit(d)) {
                        i++;
                    } else if (d == '\'' && i + 1 < n && Character.isLetter(s.charAt(i + 1))) {
                        i++; // don't, o'clock, dog's
                    } else if (d == '\'' && i > start && s.charAt(i - 1) == 's') {
                        i++; // dogs'
                        break;
                    } else {
                        break;
                    }
                }
                out.add(new Token(s.substring(start, i), start, i, false));
            } else if (".,;:!?".indexOf(c) >= 0) {
                out.add(new Token(String.valueOf(c), i, i + 1, true));
                i++;
            } else {
                i++; // spaces, hyphens, quotes, brackets: word separators only
            }
        }
        return out;
    }

    // --- the COCO vocabulary ------------------------------------------------------------------------------

    private static ObjectVocabulary buildCoco() {
        Map<String, String> p = new HashMap<>();
        Adder a = new Adder(p);
        a.add("person", "person", "persons", "people", "man", "woman", "child", "children", "kid", "boy", "girl",
                "pedestrian", "guy", "lady", "baby", "toddler", "adult", "gentleman", "teenager", "human");
        a.add("bicycle", "bicycle", "bike", "pushbike", "push bike", "mountain bike", "road bike");
        a.add("car", "car", "automobile", "taxi", "sedan", "suv");
        a.add("motorcycle", "motorcycle", "motorbike", "motor bike", "moped", "dirt bike");
        a.add("airplane", "airplane", "aeroplane", "plane", "jet", "aircraft", "airliner");
        a.add("bus", "bus", "busses", "minibus");
        a.add("train", "train", "locomotive", "tram");
        a.add("truck", "truck", "pickup", "pickup truck", "lorry", "fire truck", "firetruck");
        a.add("boat", "boat", "ship", "sailboat", "canoe", "kayak", "yacht", "ferry");
        a.add("traffic light", "traffic light", "traffic signal", "stoplight", "stop light");
        a.add("fire hydrant", "fire hydrant", "hydrant");
        a.add("stop sign", "stop sign");
        a.add("parking meter", "parking meter");
        a.add("bench", "bench");
        a.add("bird", "bird", "pigeon", "seagull", "sparrow", "duck", "goose", "parrot", "crow");
        a.add("cat", "cat", "kitten", "kitty");
        a.add("dog", "dog", "puppy", "pup", "doggy");
        a.add("horse", "horse", "pony", "foal");
        a.add("sheep", "sheep", "lamb");
        a.add("cow", "cow", "cattle", "bull", "calf");
        a.add("elephant", "elephant");
        a.add("bear", "bear");
        a.add("zebra", "zebra");
        a.add("giraffe", "giraffe");
        a.add("backpack", "backpack", "rucksack", "knapsack");
        a.add("umbrella", "umbrella", "parasol");
        a.add("handbag", "handbag", "hand bag", "purse");
        a.add("tie", "tie", "necktie", "bow tie");
        a.add("suitcase", "suitcase", "luggage");
        a.add("frisbee", "frisbee");
        a.add("skis", "skis", "ski");
        a.add("snowboard", "snowboard");
        a.add("sports ball", "sports ball", "ball", "football", "soccer ball", "basketball", "volleyball",
                "tennis ball", "baseball", "beach ball");
        a.add("kite", "kite");
        a.add("baseball bat", "baseball bat", "bat");
        a.add("baseball glove", "baseball glove", "baseball mitt", "mitt");
        a.add("skateboard", "skateboard");
        a.add("surfboard", "surfboard", "surf board");
        a.add("tennis racket", "tennis racket", "tennis racquet", "racket", "racquet");
        a.add("bottle", "bottle");
        a.add("wine glass", "wine glass", "wineglass");
        a.add("cup", "cup", "mug", "teacup", "coffee cup");
        a.add("fork", "fork");
        a.add("knife", "knife");
        a.add("spoon", "spoon");
        a.add("bowl", "bowl");
        a.add("banana", "banana");
        a.add("apple", "apple");
        a.add("sandwich", "sandwich");
        a.add("orange", "orange");
        a.add("broccoli", "broccoli");
        a.add("carrot", "carrot");
        a.add("hot dog", "hot dog", "hotdog");
        a.add("pizza", "pizza");
        a.add("donut", "donut", "doughnut");
        a.add("cake", "cake", "cupcake");
        a.add("chair", "chair", "armchair");
        a.add("couch", "couch", "sofa");
        a.add("potted plant", "potted plant", "pottedplant", "houseplant", "house plant", "plant", "pot plant");
        a.add("bed", "bed");
        a.add("dining table", "dining table", "diningtable", "table");
        a.add("toilet", "toilet");
        a.add("tv", "tv", "tvmonitor", "tv monitor", "television", "television set", "tv set", "monitor");
        a.add("laptop", "laptop");
        a.add("mouse", "mouse", "computer mouse");
        a.add("remote", "remote", "remote control");
        a.add("keyboard", "keyboard");
        a.add("cell phone", "cell phone", "cellphone", "mobile phone", "smartphone", "phone", "telephone");
        a.add("microwave", "microwave", "microwave oven");
        a.add("oven", "oven", "stove");
        a.add("toaster", "toaster");
        a.add("sink", "sink");
        a.add("refrigerator", "refrigerator", "fridge");
        a.add("book", "book");
        a.add("clock", "clock");
        a.add("vase", "vase");
        a.add("scissors", "scissors");
        a.add("teddy bear", "teddy bear", "teddy", "teddybear");
        a.add("hair drier", "hair drier", "hair dryer", "hairdryer", "hairdrier", "blow dryer");
        a.add("toothbrush", "toothbrush");
        Set<String> labels = new LinkedHashSet<>(COCO_LABELS);
        for (String l : labels) {
            if (!l.equals(p.get(l))) {
                throw new IllegalStateException("vocabulary does not map COCO label " + l + " to itself");
            }
        }
        return new ObjectVocabulary(Map.copyOf(p), Collections.unmodifiableSet(labels));
    }

    private record Adder(Map<String, String> phrases) {
        void add(String label, String... surfaces) {
            for (String s : surfaces) {
                phrases.putIfAbsent(s, label);
            }
            for (String s : surfaces) {
                phrases.putIfAbsent(plural(s), label);
            }
        }
    }
}

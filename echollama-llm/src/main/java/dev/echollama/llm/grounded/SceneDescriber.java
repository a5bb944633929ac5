package dev.echollama.llm.grounded;

import dev.echollama.language.ObjectVocabulary;
import dev.echollama.language.SceneContext;
import dev.echollama.scene.SceneMatrix;
import dev.echollama.scene.SceneObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes descriptions and answers from a scene's matrix and caption alone. Every object it names is an object of
 * the matrix (or, in the opening caption sentence, the caption's own words); an object asked about that is not
 * there is only ever named in a negative sentence ("I don't see a cat."). Deterministic, stateless, thread-safe.
 */
final class SceneDescriber {

    static final String EMPTY_SCENE = "I can't make out any objects I'm sure of.";
    static final String NO_SCENE = "I don't have a picture to talk about yet.";
    static final String DEPTH_UNKNOWN = "I can't tell how far away things are in this picture.";

    private static final String[] NUMBER_WORDS = {"zero", "one", "two", "three", "four", "five", "six", "seven",
        "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
        "eighteen", "nineteen", "twenty"};

    private static final Pattern DESCRIBE = Pattern.compile("\\b(describe|what (do|can) you see|what'?s? (is )?"
            + "(around|there|here)|what is (in|on) (the|this) (picture|image|photo|scene|room|place)|tell me about|"
            + "look around|what (does|do) (it|this|the (picture|image|photo|scene)) (show|look like))\\b");
    private static final Pattern NEAREST = Pattern.compile("\\b(nearest|closest|nearer|closer)\\b");
    private static final Pattern FARTHEST = Pattern.compile("\\b(farthest|furthest|farther|further)\\b");
    private static final Pattern HOW_MANY = Pattern.compile("\\bhow many\\b");
    private static final Pattern WHERE = Pattern.compile("\\b(where|how far|how close)\\b");
    private static final Pattern EXISTS = Pattern.compile("\\b(is there|are there|do you see|can you see|"
            + "do i see|can i see|is anything|are any|any)\\b");
    private static final Pattern TOTAL = Pattern.compile("\\b(things|objects|items|anything|everything)\\b");
    private static final Pattern UNKNOWN_NOUN = Pattern.compile("\\b(?:how many|is there (?:an?|any|one)|"
            + "are there(?: any)?|see (?:an?|any|the)|where (?:is|are|'s) (?:the|an?|my)|where's (?:the|an?|my)|"
            + "is the|are the)\\s+([a-z]+)");
    private static final Set<String> NOUN_ENDS = Set.of("on", "in", "at", "near", "to", "of", "here", "there",
            "around", "nearby", "by", "for", "with", "from", "under", "over", "behind", "ahead", "left", "right",
            "anywhere", "is", "are", "can", "do", "you", "i", "that", "which", "and", "or", "front");
    private static final Pattern PLURAL_CUE = Pattern.compile("\\b(how many|are there|where are|any|are the)\\b");

    enum H { LEFT, CENTRE, RIGHT }

    enum V { TOP, MIDDLE, BOTTOM }

    enum Side { LEFT, RIGHT, FRONT, BEHIND, TOP, BOTTOM }

    private record Item(String label, String noun, H h, V v, double x, OptionalDouble z) {
    }

    private record Group(String label, String noun, List<Item> items, double best) {
        int count() {
            return items.size();
        }
    }

    private final NarratorStyle style;
    private final ObjectVocabulary vocab = ObjectVocabulary.coco();

    SceneDescriber(NarratorStyle style) {
        this.style = style;
    }

    // --- the first description ----------------------------------------------------------------------------

    String describe(SceneContext scene) {
        List<String> sentences = new ArrayList<>();
        if (style.includeCaption()) {
            String c = captionSentence(scene.caption());
            if (!c.isEmpty()) {
                sentences.add(c);
            }
        }
        List<Group> groups = groups(scene.matrix());
        if (groups.isEmpty()) {
            sentences.add(EMPTY_SCENE);
        } else {
            sentences.add("I can see " + listPhrase(groups) + ".");
            for (Group g : groups) {
                sentences.add(locationSentence(g));
            }
            String depth = depthSentence(groups);
            if (depth != null) {
                sentences.add(depth);
            }
        }
        return String.join(" ", sentences);
    }

    static String captionSentence(String caption) {
        String c = caption.trim().replaceAll("\\s+", " ");
        if (c.isEmpty()) {
            return "";
        }
        c = Character.toUpperCase(c.charAt(0)) + c.substring(1);
        char last = c.charAt(c.length() - 1);
        return last == '.' || last == '!' || last == '?' ? c : c + ".";
    }

    // --- answers ------------------------------------------------------------------------------------------

    /** The reply to a user message about the scene; a request to describe gets {@link #describe}. */
    String answer(String question, SceneContext scene) {
        String q = question.replace('\u2019', '\'').toLowerCase(Locale.ROOT).trim();
        if (q.isEmpty() || DESCRIBE.matcher(q).find()) {
            return describe(scene);
        }
        List<Group> groups = groups(scene.matrix());
        List<String> targets = targets(q, groups);
        Side side = side(q);
        boolean plural = PLURAL_CUE.matcher(q).find();

        if (targets.isEmpty() && NEAREST.matcher(q).find()) {
            return extreme(groups, true);
        }
        if (targets.isEmpty() && FARTHEST.matcher(q).find()) {
            return extreme(groups, false);
        }
        if (HOW_MANY.matcher(q).find()) {
            if (!targets.isEmpty()) {
                return joinAnswers(targets, t -> count(t, groups, side));
            }
            String unknown = unknownNoun(q);
            if (unknown != null && !TOTAL.matcher(unknown).matches()) {
                return "I don't see any " + unknown + sideSuffix(side) + ".";
            }
            return total(groups, side);
        }
        if (!targets.isEmpty() && WHERE.matcher(q).find()) {
            return joinAnswers(targets, t -> where(t, groups, plural));
        }
        if (!targets.isEmpty()) {
            return joinAnswers(targets, t -> exists(t, groups, plural, side));
        }
        if (side != null) {
            return sideListing(groups, side);
        }
        String unknown = unknownNoun(q);
        if (unknown != null && !TOTAL.matcher(unknown).matches() && (EXISTS.matcher(q).find()
                || WHERE.matcher(q).find())) {
            String what = plural ? "any " + unknown : article(unknown) + " " + unknown;
            return (WHERE.matcher(q).find() ? "I don't see " : "No, I don't see ") + what + ".";
        }
        if (EXISTS.matcher(q).find() && TOTAL.matcher(q).find()) {
            return total(groups, null);
        }
        return "I'm not sure what you're asking, so here is what I can see. " + describe(scene);
    }

    private interface Answerer {
        String answer(String label);
    }

    private static String joinAnswers(List<String> targets, Answerer a) {
        List<String> out = new ArrayList<>();
        for (String t : targets) {
            out.add(a.answer(t));
        }
        return String.join(" ", out);
    }

    private String count(String label, List<Group> groups, Side side) {
        Group g = find(groups, label);
        String noun = g != null ? g.noun : noun(label);
        if (side == Side.BEHIND && !hasDepth(groups)) {
            return DEPTH_UNKNOWN;
        }
        List<Item> items = g == null ? List.of() : filter(g.items, side);
        int n = items.size();
        if (n == 0) {
            return "I don't see any " + ObjectVocabulary.plural(noun) + sideSuffix(side) + ".";
        }
        String head = "I can see " + (n == 1 ? "one " + noun : numberWord(n) + " " + ObjectVocabulary.plural(noun))
                + sideSuffix(side) + ".";
        if (side != null) {
            return head;
        }
        return head + " " + locationSentence(g);
    }

    private String total(List<Group> groups, Side side) {
        if (side == Side.BEHIND && !hasDepth(groups)) {
            return DEPTH_UNKNOWN;
        }
        List<Group> filtered = filterGroups(groups, side);
        int n = filtered.stream().mapToInt(Group::count).sum();
        if (n == 0) {
            return side == null ? EMPTY_SCENE : "I don't see anything" + sideSuffix(side) + ".";
        }
        return "I can see " + (n == 1 ? "one object" : numberWord(n) + " objects") + sideSuffix(side) + ": "
                + listPhrase(filtered) + ".";
    }

    private String where(String label, List<Group> groups, boolean plural) {
        Group g = find(groups, label);
        if (g == null) {
            return "I don't see " + absentPhrase(noun(label), plural) + ".";
        }
        return locationSentence(g);
    }

    private String exists(String label, List<Group> groups, boolean plural, Side side) {
        Group g = find(groups, label);
        if (side == Side.BEHIND && !hasDepth(groups)) {
            return DEPTH_UNKNOWN;
        }
        List<Item> items = g == null ? List.of() : filter(g.items, side);
        if (items.isEmpty()) {
            String no = "No, I don't see " + absentPhrase(g != null ? g.noun : noun(label), plural)
                    + sideSuffix(side) + ".";
            return g == null ? no : no + " " + locationSentence(g); // it is there, elsewhere: say where
        }
        int n = items.size();
        String head = "Yes, I can see " + (n == 1 ? article(g.noun) + " " + g.noun
                : numberWord(n) + " " + ObjectVocabulary.plural(g.noun)) + sideSuffix(side) + ".";
        return side != null ? head : head + " " + locationSentence(g);
    }

    private String extreme(List<Group> groups, boolean nearest) {
        if (groups.isEmpty()) {
            return EMPTY_SCENE;
        }
        if (!hasDepth(groups)) {
            return DEPTH_UNKNOWN;
        }
        Item best = null;
        Group bestGroup = null;
        for (Group g : groups) {
            for (Item it : g.items) {
                double z = it.z.getAsDouble();
                if (best == null || (nearest ? z < best.z.getAsDouble() : z > best.z.getAsDouble())) {
                    best = it;
                    bestGroup = g;
                }
            }
        }
        return (nearest ? "The closest thing to you is " : "The farthest thing from you is ")
                + reference(bestGroup, best, false) + ", " + location(best) + ".";
    }

    private String sideListing(List<Group> groups, Side side) {
        if (side == Side.BEHIND && !hasDepth(groups)) {
            return DEPTH_UNKNOWN;
        }
        List<Group> filtered = filterGroups(groups, side);
        if (filtered.isEmpty()) {
            return "I don't see anything" + sideSuffix(side) + ".";
        }
        String lead = capitalise(sidePhrase(side));
        if (style.directions() == NarratorStyle.Directions.CLOCK) {
            List<String> parts = new ArrayList<>();
            for (Group g : filtered) {
                for (Item it : g.items) {
                    parts.add(article(g.noun) + " " + g.noun + " " + location(it));
                }
            }
            return lead + " I can see " + joinList(parts, false) + ".";
        }
        return lead + " I can see " + listPhrase(filtered) + ".";
    }

    // --- questions: what and where ------------------------------------------------------------------------

    /** Labels the question names: vocabulary words, then the scene's own labels outside the vocabulary. */
    private List<String> targets(String q, List<Group> groups) {
        Set<String> out = new LinkedHashSet<>();
        for (ObjectVocabulary.Mention m : vocab.mentions(q)) {
            out.add(m.label());
        }
        for (Group g : groups) {
            if (vocab.label(g.label).isEmpty() && (containsWord(q, g.label)
                    || containsWord(q, ObjectVocabulary.plural(g.label)))) {
                out.add(g.label);
            }
        }
        return new ArrayList<>(out);
    }

    private static boolean containsWord(String q, String phrase) {
        return Pattern.compile("\\b" + Pattern.quote(phrase) + "\\b").matcher(q).find();
    }

    /** The words after "is there a", "how many", "where is the", … up to a preposition: "big tree". */
    private static String unknownNoun(String q) {
        Matcher m = UNKNOWN_NOUN.matcher(q);
        if (!m.find()) {
            return null;
        }
        List<String> words = new ArrayList<>();
        for (String w : q.substring(m.start(1)).split("[^a-z']+")) {
            if (w.isEmpty() || NOUN_ENDS.contains(w) || words.size() == 3) {
                break;
            }
            words.add(w);
        }
        return words.isEmpty() ? null : String.join(" ", words);
    }

    private static final Pattern LEFT = Pattern.compile("\\bleft\\b");
    private static final Pattern RIGHT = Pattern.compile("\\bright\\b");
    private static final Pattern FRONT = Pattern.compile("\\b(in front|ahead|straight|centre|center|middle)\\b");
    private static final Pattern BEHIND = Pattern.compile("\\b(behind|background|in the back|at the back)\\b");
    private static final Pattern TOP = Pattern.compile("\\b(top|above|up)\\b");
    private static final Pattern BOTTOM = Pattern.compile("\\b(bottom|below|down)\\b");

    private static Side side(String q) {
        if (LEFT.matcher(q).find()) {
            return Side.LEFT;
        }
        if (RIGHT.matcher(q).find() && !q.contains("right now") && !q.contains("all right")) {
            return Side.RIGHT;
        }
        if (FRONT.matcher(q).find()) {
            return Side.FRONT;
        }
        if (BEHIND.matcher(q).find()) {
            return Side.BEHIND;
        }
        if (TOP.matcher(q).find()) {
            return Side.TOP;
        }
        if (BOTTOM.matcher(q).find()) {
            return Side.BOTTOM;
        }
        return null;
    }

    private static String sidePhrase(Side side) {
        return switch (side) {
            case LEFT -> "on your left";
            case RIGHT -> "on your right";
            case FRONT -> "in front of you";
            case BEHIND -> "farther back";
            case TOP -> "at the top";
            case BOTTOM -> "at the bottom";
        };
    }

    private static String sideSuffix(Side side) {
        return side == null ? "" : " " + sidePhrase(side);
    }

    private static List<Item> filter(List<Item> items, Side side) {
        if (side == null) {
            return items;
        }
        List<Item> out = new ArrayList<>();
        for (Item it : items) {
            boolean keep = switch (side) {
                case LEFT -> it.h == H.LEFT;
                case RIGHT -> it.h == H.RIGHT;
                case FRONT -> it.h == H.CENTRE;
                case BEHIND -> it.z.isPresent() && bucket(it.z.getAsDouble()) == 2;
                case TOP -> it.v == V.TOP;
                case BOTTOM -> it.v == V.BOTTOM;
            };
            if (keep) {
                out.add(it);
            }
        }
        return out;
    }

    private static List<Group> filterGroups(List<Group> groups, Side side) {
        List<Group> out = new ArrayList<>();
        for (Group g : groups) {
            List<Item> items = filter(g.items, side);
            if (!items.isEmpty()) {
                out.add(new Group(g.label, g.noun, items, g.best));
            }
        }
        return out;
    }

    private static Group find(List<Group> groups, String label) {
        for (Group g : groups) {
            if (g.label.equals(label)) {
                return g;
            }
        }
        return null;
    }

    private static boolean hasDepth(List<Group> groups) {
        if (groups.isEmpty()) {
            return false;
        }
        for (Group g : groups) {
            for (Item it : g.items) {
                if (it.z.isEmpty()) {
                    return false;
                }
            }
        }
        return true;
    }

    // --- sentences ----------------------------------------------------------------------------------------

    private String listPhrase(List<Group> groups) {
        List<String> parts = new ArrayList<>();
        for (Group g : groups) {
            parts.add(g.count() == 1 ? article(g.noun) + " " + g.noun
                    : numberWord(g.count()) + " " + ObjectVocabulary.plural(g.noun));
        }
        return joinList(parts, false);
    }

    private String locationSentence(Group g) {
        if (g.count() == 1) {
            return "The " + g.noun + " is " + where(g.items.get(0)) + ".";
        }
        Map<String, Integer> byPlace = new LinkedHashMap<>();
        Map<String, Boolean> withDistance = new LinkedHashMap<>();
        for (Item it : g.items) {
            String d = distance(it);
            String key = location(it) + (d == null ? "" : "\u0000" + d);
            byPlace.merge(key, 1, Integer::sum);
            withDistance.put(key, d != null);
        }
        String plural = ObjectVocabulary.plural(g.noun);
        if (byPlace.size() == 1) {
            return "The " + numberWord(g.count()) + " " + plural + " are " + where(g.items.get(0)) + ".";
        }
        List<String> clauses = new ArrayList<>();
        boolean anyDistance = false;
        for (Map.Entry<String, Integer> e : byPlace.entrySet()) {
            String[] parts = e.getKey().split("\u0000");
            int n = e.getValue();
            String clause = numberWord(n) + (n == 1 ? " is " : " are ") + parts[0];
            if (withDistance.get(e.getKey())) {
                clause += " and " + parts[1];
                anyDistance = true;
            }
            clauses.add(clause);
        }
        return "Of the " + numberWord(g.count()) + " " + plural + ", " + joinList(clauses, anyDistance) + ".";
    }

    private String depthSentence(List<Group> groups) {
        if (!hasDepth(groups)) {
            return null;
        }
        Item near = null;
        Item far = null;
        Group nearG = null;
        Group farG = null;
        for (Group g : groups) {
            for (Item it : g.items) {
                double z = it.z.getAsDouble();
                if (near == null || z < near.z.getAsDouble()) {
                    near = it;
                    nearG = g;
                }
                if (far == null || z > far.z.getAsDouble()) {
                    far = it;
                    farG = g;
                }
            }
        }
        if (near == far || near.z.getAsDouble() == far.z.getAsDouble()) {
            return null;
        }
        return "Nearest to you is " + reference(nearG, near, true) + "; farthest away is "
                + reference(farG, far, true) + ".";
    }

    /** "the dog" for a single object; "a person on the left" for one of several. */
    private String reference(Group g, Item it, boolean withPlace) {
        if (g.count() == 1) {
            return "the " + g.noun;
        }
        return article(g.noun) + " " + g.noun + (withPlace ? " " + location(it) : "");
    }

    private String where(Item it) {
        String d = distance(it);
        return location(it) + (d == null ? "" : ", " + d);
    }

    private String location(Item it) {
        if (style.directions() == NarratorStyle.Directions.CLOCK) {
            return "at " + clockHour(it.x) + " o'clock";
        }
        String horizontal = switch (it.h) {
            case LEFT -> "left";
            case CENTRE -> "centre";
            case RIGHT -> "right";
        };
        if (it.v == V.MIDDLE) {
            return switch (it.h) {
                case LEFT -> "on the left";
                case CENTRE -> "in the centre";
                case RIGHT -> "on the right";
            };
        }
        return "at the " + (it.v == V.TOP ? "top" : "bottom") + " " + horizontal;
    }

    /** Left edge 9 o'clock, centre 12, right edge 3. */
    static int clockHour(double x) {
        int h = (int) Math.round(9 + 6 * x);
        return h > 12 ? h - 12 : h;
    }

    private String distance(Item it) {
        if (it.z.isEmpty() || style.distance() == NarratorStyle.Distance.OFF) {
            return null;
        }
        int b = bucket(it.z.getAsDouble());
        if (style.distance() == NarratorStyle.Distance.STEPS) {
            return b == 0 ? "close by" : b == 1 ? "a few steps away" : "far away";
        }
        return b == 0 ? "nearby" : b == 1 ? "at a middle distance" : "far away";
    }

    private static int bucket(double z) {
        return z < 1.0 / 3 ? 0 : z < 2.0 / 3 ? 1 : 2;
    }

    private String absentPhrase(String noun, boolean plural) {
        return plural ? "any " + ObjectVocabulary.plural(noun) : article(noun) + " " + noun;
    }

    // --- the scene as groups of items -------------------------------------------------------------------

    private List<Group> groups(SceneMatrix m) {
        Map<String, List<Item>> byLabel = new LinkedHashMap<>();
        Map<String, Double> best = new LinkedHashMap<>();
        for (int r = 0; r < m.rows(); r++) {
            for (int c = 0; c < m.columns(); c++) {
                for (SceneObject o : m.cell(r, c)) {
                    String label = vocab.label(o.label()).orElse(o.label().trim().toLowerCase(Locale.ROOT));
                    Item it = new Item(label, noun(label), horizontal(c, m.columns()), vertical(r, m.rows()),
                            o.x(), o.z());
                    byLabel.computeIfAbsent(label, k -> new ArrayList<>()).add(it);
                    best.merge(label, o.probability(), Math::max);
                }
            }
        }
        List<Group> out = new ArrayList<>();
        for (Map.Entry<String, List<Item>> e : byLabel.entrySet()) {
            List<Item> items = new ArrayList<>(e.getValue());
            items.sort(Comparator.comparingInt((Item it) -> it.h.ordinal()).thenComparingDouble(it -> it.x)
                    .thenComparingInt(it -> it.v.ordinal()));
            out.add(new Group(e.getKey(), items.get(0).noun, List.copyOf(items), best.get(e.getKey())));
        }
        out.sort(Comparator.comparingInt(Group::count).reversed()
                .thenComparing(Comparator.comparingDouble(Group::best).reversed())
                .thenComparing(Group::label));
        return out;
    }

    private static H horizontal(int c, int columns) {
        double f = (c + 0.5) / columns;
        return f < 1.0 / 3 ? H.LEFT : f > 2.0 / 3 ? H.RIGHT : H.CENTRE;
    }

    private static V vertical(int r, int rows) {
        double f = (r + 0.5) / rows;
        return f < 1.0 / 3 ? V.TOP : f > 2.0 / 3 ? V.BOTTOM : V.MIDDLE;
    }

    /** The word spoken for a label: {@code tv → TV}, {@code sports ball → ball}, others as they are. */
    static String noun(String label) {
        return switch (label) {
            case "tv" -> "TV";
            case "sports ball" -> "ball";
            default -> label;
        };
    }

    // --- English ------------------------------------------------------------------------------------------

    static String numberWord(int n) {
        return n >= 0 && n < NUMBER_WORDS.length ? NUMBER_WORDS[n] : Integer.toString(n);
    }

    static String article(String noun) {
        if (noun.length() > 1 && noun.equals(noun.toUpperCase(Locale.ROOT))) {
            return "AEFHILMNORSX".indexOf(noun.charAt(0)) >= 0 ? "an" : "a"; // an SUV, a TV
        }
        String n = noun.toLowerCase(Locale.ROOT);
        if (n.startsWith("uni") || n.startsWith("use") || n.startsWith("usu") || n.startsWith("eu")
                || n.startsWith("one")) {
            return "a";
        }
        if (n.startsWith("hour") || n.startsWith("honest")) {
            return "an";
        }
        return !n.isEmpty() && "aeiou".indexOf(n.charAt(0)) >= 0 ? "an" : "a";
    }

    /** "a, b and c"; with {@code serial}, "a, b, and c" (used when items themselves contain "and"). */
    static String joinList(List<String> parts, boolean serial) {
        int n = parts.size();
        if (n == 1) {
            return parts.get(0);
        }
        if (n == 2) {
            return parts.get(0) + (serial ? ", and " : " and ") + parts.get(1);
        }
        return String.join(", ", parts.subList(0, n - 1)) + (serial ? ", and " : " and ") + parts.get(n - 1);
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}

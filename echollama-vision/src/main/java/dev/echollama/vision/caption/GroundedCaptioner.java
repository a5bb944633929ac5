package dev.echollama.vision.caption;

import dev.echollama.BadInputException;
import dev.echollama.scene.SceneMatrix;
import dev.echollama.scene.SceneMatrixBuilder;
import dev.echollama.scene.SceneObject;
import dev.echollama.vision.Caption;
import dev.echollama.vision.CaptionRequest;
import dev.echollama.vision.Captioner;
import dev.echollama.vision.DepthMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Writes one or two sentences from the detections and the depth map alone. See {@link GroundedCaptionerProvider}
 * for the rules. Stateless apart from the closed flag, so thread-safe.
 */
final class GroundedCaptioner implements Captioner {
    static final String SOURCE = "grounded";
    static final String NOTHING_DETECTED = "No objects were detected with enough confidence to describe.";

    /** How many phrases (a label over its places, or the labels at one place) the first sentence holds. */
    private static final int FIRST_SENTENCE_PHRASES = 3;

    private enum Side {
        LEFT("on the", "left"), CENTRE("in the", "centre"), RIGHT("on the", "right");

        final String preposition;
        final String noun;

        Side(String preposition, String noun) {
            this.preposition = preposition;
            this.noun = noun;
        }
    }

    /**
     * The row of a 3x3 scene matrix: "upper" or "lower" only for a box centred in the top or bottom third, so a
     * standing person or a bus that spans the middle is never called lower or upper.
     */
    private enum Height {
        UPPER("upper "), MIDDLE(""), LOWER("lower ");

        final String words;

        Height(String words) {
            this.words = words;
        }
    }

    private enum Band {
        NEAR("close by"), MIDDLE("at middle distance"), FAR("far away"), UNKNOWN("");

        final String words;

        Band(String words) {
            this.words = words;
        }

        static Band of(SceneObject o) {
            if (o.z().isEmpty()) {
                return UNKNOWN;
            }
            double z = o.z().getAsDouble();
            return z < 1.0 / 3 ? NEAR : z < 2.0 / 3 ? MIDDLE : FAR;
        }
    }

    private record Place(Band band, Side side, Height height) implements Comparable<Place> {
        @Override
        public int compareTo(Place o) {
            int c = band.compareTo(o.band);
            c = c != 0 ? c : side.compareTo(o.side);
            return c != 0 ? c : height.compareTo(o.height);
        }

        String words() {
            String where = side.preposition + " " + height.words + side.noun;
            return band == Band.UNKNOWN ? where : band.words + " " + where;
        }
    }

    /** All objects of one label, counted per place, places in order (nearest, then leftmost, first). */
    private record Group(String label, TreeMap<Place, Integer> places) {
        int total() {
            return places.values().stream().mapToInt(Integer::intValue).sum();
        }

        Place first() {
            return places.firstKey();
        }

        /** The label over its several places: "three people, two on the left and one on the right". */
        String phrase() {
            List<String> parts = new ArrayList<>();
            places.forEach((place, n) -> parts.add(EnglishNouns.number(n) + " " + place.words()));
            return EnglishNouns.quantity(label, total()) + ", " + joinWithAnd(parts, ", ");
        }
    }

    private final SceneMatrixBuilder thirds;
    private final AtomicBoolean closed = new AtomicBoolean();

    GroundedCaptioner(double threshold) {
        // Three rows of three columns: the matrix's own cell rule gives the side and the height, and its z rule
        // the distance, so the caption can never place an object differently from a scene matrix.
        this.thirds = SceneMatrixBuilder.of(3, 3, threshold);
    }

    @Override
    public Caption caption(CaptionRequest request) {
        if (closed.get()) {
            throw new IllegalStateException("grounded captioner is closed");
        }
        if (request == null) {
            throw new BadInputException("caption request is null");
        }
        // A flat map says nothing about distance; better no distance words than "close by" for everything.
        Optional<DepthMap> depth = request.depth().filter(d -> d.max() > d.min());
        SceneMatrix m = thirds.build(request.detections(), depth);
        Map<String, Group> byLabel = new LinkedHashMap<>();
        for (Height height : Height.values()) {
            for (Side side : Side.values()) {
                for (SceneObject o : m.cell(height.ordinal(), side.ordinal())) {
                    byLabel.computeIfAbsent(o.label(), l -> new Group(l, new TreeMap<>()))
                            .places().merge(new Place(Band.of(o), side, height), 1, Integer::sum);
                }
            }
        }
        if (byLabel.isEmpty()) {
            return new Caption(NOTHING_DETECTED, SOURCE);
        }
        List<Phrase> phrases = phrases(byLabel.values());
        int split = Math.min(FIRST_SENTENCE_PHRASES, phrases.size());
        StringBuilder text = new StringBuilder(sentence(phrases.subList(0, split), ""));
        if (split < phrases.size()) {
            text.append(' ').append(sentence(phrases.subList(split, phrases.size()), " also"));
        }
        return new Caption(text.toString(), SOURCE);
    }

    /**
     * One clause of a sentence: a label spread over several places ("three people, two on the left and one on the
     * right"), or every label found at one place and nowhere else ("a bus and a car on the left"), with the place
     * and label it is ordered by.
     */
    private record Phrase(Place place, String label, String text, boolean singular) {
    }

    private static final Comparator<Phrase> PHRASE_ORDER = Comparator.comparing(Phrase::place)
            .thenComparing(Phrase::label);

    /** Nearest first, then left to right, then top to bottom, then by label; a place is said once. */
    private static List<Phrase> phrases(Collection<Group> groups) {
        List<Phrase> out = new ArrayList<>();
        Map<Place, List<Group>> alone = new TreeMap<>();
        for (Group g : groups) {
            if (g.places().size() > 1) {
                out.add(new Phrase(g.first(), g.label(), g.phrase(), false));
            } else {
                alone.computeIfAbsent(g.first(), p -> new ArrayList<>()).add(g);
            }
        }
        alone.forEach((place, here) -> {
            here.sort(Comparator.comparing(Group::label));
            List<String> things = here.stream().map(g -> EnglishNouns.quantity(g.label(), g.total())).toList();
            boolean one = here.size() == 1 && here.get(0).total() == 1;
            out.add(new Phrase(place, here.get(0).label(), joinWithAnd(things, ", ") + " " + place.words(), one));
        });
        out.sort(PHRASE_ORDER);
        return out;
    }

    private static String sentence(List<Phrase> phrases, String also) {
        boolean nested = phrases.stream().anyMatch(p -> p.text().contains(","));
        String verb = phrases.get(0).singular() ? "is" : "are";
        return "There " + verb + also + " "
                + joinWithAnd(phrases.stream().map(Phrase::text).toList(), nested ? "; " : ", ") + ".";
    }

    /** "a", "a and b", "a, b and c" (or with semicolons, "a; b; and c"). */
    private static String joinWithAnd(List<String> parts, String separator) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        String last = separator.equals("; ") ? "; and " : " and ";
        return String.join(separator, parts.subList(0, parts.size() - 1)) + last + parts.get(parts.size() - 1);
    }

    @Override
    public boolean usesEvidence() {
        return true;
    }

    @Override
    public void close() {
        closed.set(true);
    }
}

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

    /** How many label groups the first sentence holds; the rest go into a second one. */
    private static final int FIRST_SENTENCE_GROUPS = 3;

    private enum Side {
        LEFT("on the left"), CENTRE("in the centre"), RIGHT("on the right");

        final String words;

        Side(String words) {
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

    private record Place(Band band, Side side) implements Comparable<Place> {
        @Override
        public int compareTo(Place o) {
            int c = band.compareTo(o.band);
            return c != 0 ? c : side.compareTo(o.side);
        }

        String words() {
            return band == Band.UNKNOWN ? side.words : band.words + " " + side.words;
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

        String phrase() {
            if (places.size() == 1) {
                return EnglishNouns.quantity(label, total()) + " " + first().words();
            }
            List<String> parts = new ArrayList<>();
            places.forEach((place, n) -> parts.add(EnglishNouns.number(n) + " " + place.words()));
            return EnglishNouns.quantity(label, total()) + ", " + joinWithAnd(parts, ", ");
        }
    }

    private static final Comparator<Group> GROUP_ORDER = Comparator.comparing(Group::first)
            .thenComparing(Group::label);

    private final SceneMatrixBuilder thirds;
    private final AtomicBoolean closed = new AtomicBoolean();

    GroundedCaptioner(double threshold) {
        // One row of three columns: the matrix's own cell rule gives the side and its z rule gives the distance,
        // so the caption can never place an object differently from the scene matrix.
        this.thirds = SceneMatrixBuilder.of(1, 3, threshold);
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
        for (Side side : Side.values()) {
            for (SceneObject o : m.cell(0, side.ordinal())) {
                byLabel.computeIfAbsent(o.label(), l -> new Group(l, new TreeMap<>()))
                        .places().merge(new Place(Band.of(o), side), 1, Integer::sum);
            }
        }
        if (byLabel.isEmpty()) {
            return new Caption(NOTHING_DETECTED, SOURCE);
        }
        List<Group> groups = new ArrayList<>(byLabel.values());
        groups.sort(GROUP_ORDER);
        int split = Math.min(FIRST_SENTENCE_GROUPS, groups.size());
        StringBuilder text = new StringBuilder(sentence(groups.subList(0, split), ""));
        if (split < groups.size()) {
            text.append(' ').append(sentence(groups.subList(split, groups.size()), " also"));
        }
        return new Caption(text.toString(), SOURCE);
    }

    private static String sentence(List<Group> groups, String also) {
        List<String> phrases = groups.stream().map(Group::phrase).toList();
        boolean nested = phrases.stream().anyMatch(p -> p.contains(","));
        String verb = groups.get(0).total() == 1 ? "is" : "are";
        return "There " + verb + also + " " + joinWithAnd(phrases, nested ? "; " : ", ") + ".";
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

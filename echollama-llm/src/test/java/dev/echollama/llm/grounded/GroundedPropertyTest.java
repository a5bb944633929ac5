package dev.echollama.llm.grounded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.echollama.language.GroundingChecker;
import dev.echollama.language.ObjectVocabulary;
import dev.echollama.language.SceneContext;
import dev.echollama.scene.SceneObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Over random scenes, styles and questions: every object word of every reply is in the scene (checked with the
 * grounding checker, empty caption so only the matrix supports words), and a description names every object of
 * the scene (no silence).
 */
class GroundedPropertyTest {
    private static final List<String> LABELS = new ArrayList<>();

    static {
        LABELS.addAll(ObjectVocabulary.coco().labels());
        LABELS.addAll(List.of("motorbike", "aeroplane", "sofa", "pottedplant", "diningtable", "tvmonitor"));
    }

    private static final List<String> QUESTIONS = List.of("What do you see?", "How many people are there?",
            "How many things are there?", "What is on my left?", "What is on my right?", "What is in front of me?",
            "What is behind me?", "What is nearest?", "What is the farthest thing?", "Is there anything on my left?",
            "Where is the TV?", "Is there a sofa?", "How many bikes?", "Tell me something.", "Is there a tree?");

    private static final GroundingChecker CHECKER = GroundingChecker.standard();

    private record Case(List<SceneObject> objects, NarratorStyle style, String asked) {
    }

    private static Gen<SceneObject> object(boolean depth) {
        return Generate.pick(LABELS).zip(doubles().between(0, 1), doubles().between(0, 1), doubles().between(0, 1),
                (l, x, y, z) -> new SceneObject(l, 0.95, x, y, depth ? OptionalDouble.of(z) : OptionalDouble.empty()));
    }

    private static Gen<Case> cases() {
        Gen<List<SceneObject>> withDepth = lists().of(object(true)).ofSizeBetween(0, 12);
        Gen<List<SceneObject>> withoutDepth = lists().of(object(false)).ofSizeBetween(0, 12);
        Gen<List<SceneObject>> objects = booleans().all().flatMap(d -> d ? withDepth : withoutDepth);
        Gen<NarratorStyle> style = Generate.pick(List.of(NarratorStyle.Directions.values()))
                .zip(Generate.pick(List.of(NarratorStyle.Distance.values())),
                        (d, z) -> new NarratorStyle(d, z, false));
        return objects.zip(style, Generate.pick(LABELS), Case::new);
    }

    @Test
    void everyObjectNamedIsInTheScene() {
        qt().withExamples(400).withFixedSeed(20261125L).forAll(cases()).checkAssert(c -> {
            SceneContext scene = Scenes.of("", c.objects);
            SceneDescriber d = new SceneDescriber(c.style);
            List<String> replies = new ArrayList<>();
            replies.add(d.describe(scene));
            for (String q : QUESTIONS) {
                replies.add(d.answer(q, scene));
            }
            String noun = c.asked;
            for (String q : List.of("Is there a " + noun + "?", "How many " + ObjectVocabulary.plural(noun) + "?",
                    "Where is the " + noun + "?", "Are there any " + ObjectVocabulary.plural(noun) + " on my left?",
                    "Where are the " + ObjectVocabulary.plural(noun) + "?")) {
                replies.add(d.answer(q, scene));
            }
            for (String r : replies) {
                assertThat(CHECKER.check(r, scene).unsupported()).as(r).isEmpty();
            }
            Set<String> named = new HashSet<>();
            for (ObjectVocabulary.Mention m : ObjectVocabulary.coco().mentions(replies.get(0))) {
                named.add(m.label());
            }
            for (SceneObject o : c.objects) {
                assertThat(named).as(replies.get(0)).contains(ObjectVocabulary.coco().label(o.label()).orElseThrow());
            }
        });
    }

    @Test
    void askingAboutAnAbsentObjectOnlyEverNegatesIt() {
        qt().withExamples(300).withFixedSeed(7L).forAll(cases(), integers().between(0, 79)).checkAssert((c, i) -> {
            String absent = ObjectVocabulary.coco().labels().get(i);
            List<SceneObject> kept = c.objects.stream()
                    .filter(o -> !ObjectVocabulary.coco().label(o.label()).orElseThrow().equals(absent)).toList();
            SceneContext scene = Scenes.of("", kept);
            String r = new SceneDescriber(c.style).answer("Is there a " + absent + "?", scene);
            assertThat(r).startsWith("No, I don't see");
            assertThat(CHECKER.check(r, scene).isGrounded()).as(r).isTrue();
        });
    }
}

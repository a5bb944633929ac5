package dev.echollama.language;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.echollama.BadInputException;
import dev.echollama.scene.SceneMatrix;
import dev.echollama.scene.SceneObject;
import dev.echollama.scene.ScenePromptBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class GroundingCheckerTest {
    private final GroundingChecker checker = GroundingChecker.standard();

    /** A 2x3 scene; each entry is "label@row,col". */
    static SceneContext scene(String caption, String... objects) {
        List<List<List<SceneObject>>> cells = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            List<List<SceneObject>> row = new ArrayList<>();
            for (int c = 0; c < 3; c++) {
                row.add(new ArrayList<>());
            }
            cells.add(row);
        }
        for (String spec : objects) {
            String label = spec.substring(0, spec.indexOf('@'));
            String[] rc = spec.substring(spec.indexOf('@') + 1).split(",");
            int r = Integer.parseInt(rc[0]);
            int c = Integer.parseInt(rc[1]);
            cells.get(r).get(c).add(new SceneObject(label, 0.95, (c + 0.5) / 3, (r + 0.5) / 2,
                    OptionalDouble.empty()));
        }
        SceneMatrix m = SceneMatrix.of(2, 3, cells);
        return new SceneContext(m, caption, ScenePromptBuilder.paper().build(caption, m));
    }

    @Test
    void answerThatOnlyNamesSceneObjectsIsGrounded() {
        SceneContext s = scene("", "dog@1,0", "bicycle@1,1", "truck@0,2");
        Grounding g = checker.check("A dog sits in front of a bicycle, and a truck is parked across the street.", s);
        assertThat(g.isGrounded()).isTrue();
        assertThat(g.unsupported()).isEmpty();
    }

    @Test
    void inventedObjectsAreReportedInOrderOfFirstMentionAsCocoLabels() {
        SceneContext s = scene("", "dog@1,0");
        Grounding g = checker.check("The dog watches two cats near a Sofa; the cats sit by a TV. A cat again.", s);
        assertThat(g.unsupported()).containsExactly("cat", "couch", "tv");
    }

    @Test
    void synonymsAndPluralsOfSceneObjectsAreSupported() {
        SceneContext s = scene("", "person@1,0", "person@1,2", "tv@0,1", "couch@1,1", "motorcycle@0,0");
        assertThat(checker.check("Two people, a man and a woman, sit on the sofa watching television. "
                + "Children play near the TVs; a motorbike is parked.", s).unsupported()).isEmpty();
    }

    @Test
    void darknetSpellingsInTheMatrixSupportTheUsualWords() {
        SceneContext s = scene("", "tvmonitor@0,1", "sofa@1,1", "pottedplant@1,0", "diningtable@1,2",
                "aeroplane@0,0", "motorbike@0,2");
        assertThat(checker.check("A TV, a couch, a potted plant, a dining table, an airplane and a motorcycle.", s)
                .unsupported()).isEmpty();
    }

    @Test
    void motorbikeIsNotABicycle() {
        SceneContext s = scene("", "bicycle@1,1");
        assertThat(checker.check("A bike leans on a motorbike.", s).unsupported()).containsExactly("motorcycle");
        SceneContext m = scene("", "motorcycle@1,1");
        assertThat(checker.check("A motorbike, not far from a bike.", m).unsupported()).containsExactly("bicycle");
    }

    @Test
    void multiWordLabelsMatchAsOnePhrase() {
        SceneContext s = scene("", "traffic light@0,1", "fire hydrant@1,0", "cell phone@1,1", "teddy bear@1,2",
                "hot dog@1,1");
        assertThat(checker.check("A traffic light above a fire hydrant; a cell phone, a teddy bear, a hot dog.", s)
                .unsupported()).isEmpty();
        // "bear" alone is the animal and "dog" alone the animal: neither is in the scene
        assertThat(checker.check("A bear and a dog.", s).unsupported()).containsExactly("bear", "dog");
        assertThat(checker.check("Stop signs, parking meters, a wine glass, baseball bats, a baseball glove, "
                + "tennis rackets, a sports ball, a hair drier, potted plants and a dining table.", scene(""))
                .unsupported()).containsExactly("stop sign", "parking meter", "wine glass", "baseball bat",
                        "baseball glove", "tennis racket", "sports ball", "hair drier", "potted plant",
                        "dining table");
    }

    @Test
    void wholeWordsOnlyAndAnyCase() {
        SceneContext s = scene("");
        assertThat(checker.check("Scattered concatenated dogma; a carpet, a cart, cups-board? DOGS!", s)
                .unsupported()).containsExactly("cup", "dog");
        assertThat(checker.check("It is 11 o'clock.", s).isGrounded()).isTrue();
    }

    @Test
    void negatedMentionsAreNotUnsupported() {
        SceneContext s = scene("", "dog@1,0");
        for (String text : List.of("I don't see a cat.", "There is no cat.", "No cats.", "There are no cats or "
                + "birds here.", "I can't see any cats, birds or horses.", "There isn't a cat.",
                "The dog is alone, without a cat.", "The cat is not visible.", "Cats are nowhere to be seen.",
                "I do not see a cat, but the dog is on the left.", "I don’t see a cat.")) {
            assertThat(checker.check(text, s).unsupported()).as(text).isEmpty();
        }
    }

    @Test
    void negationEndsWithTheClause() {
        SceneContext s = scene("", "dog@1,0");
        assertThat(checker.check("There is no cat, but a horse stands by the dog.", s).unsupported())
                .containsExactly("horse");
        assertThat(checker.check("No cat here. A horse is there.", s).unsupported()).containsExactly("horse");
        assertThat(checker.check("The horse is not sleeping.", s).unsupported()).containsExactly("horse");
    }

    @Test
    void captionNounsCountAsSupportedUnlessTheCaptionNegatesThem() {
        SceneContext s = scene("A woman holding an umbrella on a street with no cars.", "dog@1,0");
        assertThat(checker.check("A person with an umbrella walks a dog past a car.", s).unsupported())
                .containsExactly("car");
    }

    @Test
    void colourAndVerbReadingsAreNotObjects() {
        SceneContext s = scene("", "bus@0,1");
        assertThat(checker.check("An orange bus waits. People want to tie a rope.", s).unsupported())
                .containsExactly("person");
        assertThat(checker.check("An orange sits by the bus.", s).unsupported()).containsExactly("orange");
    }

    @Test
    void nullsAreBadInput() {
        assertThatThrownBy(() -> checker.check(null, scene(""))).isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> checker.check("x", null)).isInstanceOf(BadInputException.class);
    }
}

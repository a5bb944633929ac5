package dev.echollama.llm.grounded;

import static dev.echollama.llm.grounded.Scenes.scene;
import static org.assertj.core.api.Assertions.assertThat;

import dev.echollama.language.SceneContext;
import org.junit.jupiter.api.Test;

/** Exact sentences for hand-made scenes (the narrator's wording is its contract with the tests). */
class SceneDescriberTest {
    private static final NarratorStyle CLOCK_STEPS = new NarratorStyle(NarratorStyle.Directions.CLOCK,
            NarratorStyle.Distance.STEPS, false);

    /** The dog.jpg scene: dog lower left, bicycle lower centre, truck top right, motorbike top left, with depth. */
    private final SceneContext porch = scene("a dog sitting next to a bicycle on a porch", "dog 0.29 0.72 0.05",
            "bicycle 0.45 0.6 0.2", "truck 0.81 0.21 0.88", "motorbike 0.1 0.2 0.7");
    /** The bus.jpg scene without depth, with darknet spellings. */
    private final SceneContext street = scene("", "bus 0.5 0.45", "person 0.1 0.7", "person 0.25 0.7",
            "person 0.95 0.7", "tvmonitor 0.5 0.8", "sofa 0.4 0.9");
    private final SceneDescriber sides = new SceneDescriber(NarratorStyle.DEFAULT);
    private final SceneDescriber clock = new SceneDescriber(CLOCK_STEPS);

    @Test
    void describesCountsSidesAndDepth() {
        assertThat(sides.describe(porch)).isEqualTo("A dog sitting next to a bicycle on a porch. "
                + "I can see a bicycle, a dog, a motorcycle and a truck. "
                + "The bicycle is at the bottom centre, nearby. The dog is at the bottom left, nearby. "
                + "The motorcycle is at the top left, far away. The truck is at the top right, far away. "
                + "Nearest to you is the dog; farthest away is the truck.");
    }

    @Test
    void describesCountsInWordsAndSplitsGroupsBySide() {
        assertThat(sides.describe(street)).isEqualTo("I can see three people, a bus, a couch and a TV. "
                + "Of the three people, two are at the bottom left and one is at the bottom right. "
                + "The bus is at the top centre. The couch is at the bottom centre. The TV is at the bottom centre.");
    }

    @Test
    void groupInOnePlaceAndMixedDistances() {
        SceneContext s = scene("", "chair 0.1 0.8 0.1", "chair 0.2 0.9 0.15", "cup 0.8 0.8 0.5", "cup 0.9 0.7 0.9");
        assertThat(sides.describe(s)).isEqualTo("I can see two chairs and two cups. "
                + "The two chairs are at the bottom left, nearby. "
                + "Of the two cups, one is at the bottom right and at a middle distance, "
                + "and one is at the bottom right and far away. "
                + "Nearest to you is a chair at the bottom left; farthest away is a cup at the bottom right.");
    }

    @Test
    void emptySceneSaysSo() {
        assertThat(sides.describe(scene(""))).isEqualTo("I can't make out any objects I'm sure of.");
        assertThat(sides.describe(scene("  a quiet   empty room "))).isEqualTo(
                "A quiet empty room. I can't make out any objects I'm sure of.");
    }

    @Test
    void clockDirectionsAndStepDistances() {
        assertThat(clock.describe(porch)).isEqualTo("I can see a bicycle, a dog, a motorcycle and a truck. "
                + "The bicycle is at 12 o'clock, close by. The dog is at 11 o'clock, close by. "
                + "The motorcycle is at 10 o'clock, far away. The truck is at 2 o'clock, far away. "
                + "Nearest to you is the dog; farthest away is the truck.");
        assertThat(SceneDescriber.clockHour(0.0)).isEqualTo(9);
        assertThat(SceneDescriber.clockHour(0.5)).isEqualTo(12);
        assertThat(SceneDescriber.clockHour(1.0)).isEqualTo(3);
        assertThat(SceneDescriber.clockHour(0.3)).isEqualTo(11);
        assertThat(SceneDescriber.clockHour(0.95)).isEqualTo(3);
    }

    @Test
    void howMany() {
        assertThat(sides.answer("How many people are there?", street)).isEqualTo("I can see three people. "
                + "Of the three people, two are at the bottom left and one is at the bottom right.");
        assertThat(sides.answer("how many persons are on my left", street))
                .isEqualTo("I can see two people on your left.");
        assertThat(sides.answer("How many people are in front of me?", street))
                .isEqualTo("I don't see any people in front of you.");
        assertThat(sides.answer("How many buses?", street)).isEqualTo("I can see one bus. The bus is at the top centre.");
        assertThat(sides.answer("How many cats are there?", street)).isEqualTo("I don't see any cats.");
        assertThat(sides.answer("How many trees are there?", street)).isEqualTo("I don't see any trees.");
        assertThat(sides.answer("How many things do you see?", street))
                .isEqualTo("I can see six objects: three people, a bus, a couch and a TV.");
    }

    @Test
    void whereAndSynonyms() {
        assertThat(sides.answer("Where is the TV?", street)).isEqualTo("The TV is at the bottom centre.");
        assertThat(sides.answer("where's the television", street)).isEqualTo("The TV is at the bottom centre.");
        assertThat(sides.answer("Where is the sofa?", street)).isEqualTo("The couch is at the bottom centre.");
        assertThat(sides.answer("Where is the dog?", porch)).isEqualTo("The dog is at the bottom left, nearby.");
        assertThat(sides.answer("Where is the puppy?", porch)).isEqualTo("The dog is at the bottom left, nearby.");
        assertThat(sides.answer("Where's the motorbike?", porch)).isEqualTo("The motorcycle is at the top left, far away.");
        assertThat(sides.answer("Where is the umbrella?", porch)).isEqualTo("I don't see an umbrella.");
        assertThat(sides.answer("Where are the cats?", porch)).isEqualTo("I don't see any cats.");
        assertThat(clock.answer("Where is the truck?", porch)).isEqualTo("The truck is at 2 o'clock, far away.");
    }

    @Test
    void isThere() {
        assertThat(sides.answer("Is there a cat?", porch)).isEqualTo("No, I don't see a cat.");
        assertThat(sides.answer("Are there any cats?", porch)).isEqualTo("No, I don't see any cats.");
        assertThat(sides.answer("Is there an elephant?", porch)).isEqualTo("No, I don't see an elephant.");
        assertThat(sides.answer("Is there a tree?", porch)).isEqualTo("No, I don't see a tree.");
        assertThat(sides.answer("Is there a bike?", porch))
                .isEqualTo("Yes, I can see a bicycle. The bicycle is at the bottom centre, nearby.");
        assertThat(sides.answer("Are there people?", street)).isEqualTo("Yes, I can see three people. "
                + "Of the three people, two are at the bottom left and one is at the bottom right.");
        assertThat(sides.answer("Is there a dog on my right?", porch))
                .isEqualTo("No, I don't see a dog on your right. The dog is at the bottom left, nearby.");
    }

    @Test
    void sidesOfTheViewer() {
        assertThat(sides.answer("What is on my left?", porch)).isEqualTo("On your left I can see a dog and a motorcycle.");
        assertThat(sides.answer("What's on my right?", porch)).isEqualTo("On your right I can see a truck.");
        assertThat(sides.answer("What is in front of me?", porch)).isEqualTo("In front of you I can see a bicycle.");
        assertThat(sides.answer("What is behind?", porch)).isEqualTo("Farther back I can see a motorcycle and a truck.");
        assertThat(sides.answer("What is behind?", street))
                .isEqualTo("I can't tell how far away things are in this picture.");
        assertThat(sides.answer("What is on my right?", scene("", "dog 0.1 0.1")))
                .isEqualTo("I don't see anything on your right.");
        assertThat(clock.answer("What is on my left?", street))
                .isEqualTo("On your left I can see a person at 10 o'clock and a person at 11 o'clock.");
    }

    @Test
    void nearestAndFarthestNeedDepth() {
        assertThat(sides.answer("What is nearest to me?", porch))
                .isEqualTo("The closest thing to you is the dog, at the bottom left.");
        assertThat(sides.answer("What's the farthest thing?", porch))
                .isEqualTo("The farthest thing from you is the truck, at the top right.");
        assertThat(sides.answer("What is closest?", street))
                .isEqualTo("I can't tell how far away things are in this picture.");
        assertThat(sides.answer("What is closest?", scene(""))).isEqualTo("I can't make out any objects I'm sure of.");
    }

    @Test
    void describeRequestsAndUnknownQuestions() {
        assertThat(sides.answer("What do you see?", street)).isEqualTo(sides.describe(street));
        assertThat(sides.answer("Tell me a joke", scene("", "dog 0.2 0.2"))).isEqualTo(
                "I'm not sure what you're asking, so here is what I can see. I can see a dog. "
                        + "The dog is at the top left.");
    }

    @Test
    void articlesNumbersAndLists() {
        assertThat(SceneDescriber.article("umbrella")).isEqualTo("an");
        assertThat(SceneDescriber.article("TV")).isEqualTo("a");
        assertThat(SceneDescriber.article("hair drier")).isEqualTo("a");
        assertThat(SceneDescriber.article("oven")).isEqualTo("an");
        assertThat(SceneDescriber.article("unicycle")).isEqualTo("a");
        assertThat(SceneDescriber.numberWord(12)).isEqualTo("twelve");
        assertThat(SceneDescriber.numberWord(21)).isEqualTo("21");
        SceneContext many = scene("", "car 0.1 0.1", "car 0.2 0.1", "car 0.3 0.1", "car 0.4 0.1", "car 0.5 0.1",
                "car 0.6 0.1", "car 0.7 0.1", "car 0.8 0.1", "car 0.9 0.1", "car 0.95 0.1", "car 0.99 0.1");
        assertThat(sides.answer("how many cars", many)).startsWith("I can see eleven cars. Of the eleven cars, "
                + "three are at the top left, three are at the top centre and five are at the top right.");
    }
}

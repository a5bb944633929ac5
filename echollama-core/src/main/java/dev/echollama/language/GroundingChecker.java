package dev.echollama.language;

/**
 * Finds the objects a generated text names that the scene does not hold. Implementations are thread-safe and
 * deterministic.
 */
@FunctionalInterface
public interface GroundingChecker {

    /** The unsupported object names of {@code text} with respect to {@code scene}. */
    Grounding check(String text, SceneContext scene);

    /**
     * The SDK's checker. The object words are those of {@link ObjectVocabulary#coco()} (the COCO-80 classes,
     * their synonyms, plurals, darknet spellings and multi-word names, by whole word, any case). A word is
     * supported when the matrix holds an object of its class or the caption names that class without negating
     * it. Mentions the text negates ("I don't see a cat", "no cats") are never reported. Reported names are COCO
     * labels ({@code person} for "women"), in order of first mention. Words outside the vocabulary ("tree",
     * "porch") are not checked.
     */
    static GroundingChecker standard() {
        return StandardGroundingChecker.INSTANCE;
    }
}

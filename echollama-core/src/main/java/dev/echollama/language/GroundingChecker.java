package dev.echollama.language;

/**
 * Finds the objects a generated text names that the scene does not hold. Implementations are thread-safe and
 * deterministic.
 */
@FunctionalInterface
public interface GroundingChecker {

    /** The unsupported object names of {@code text} with respect to {@code scene}. */
    Grounding check(String text, SceneContext scene);
}

package dev.echollama.language;

import java.util.List;

/**
 * How well a text sticks to the scene: the object words it uses that the scene does not hold. For blind users a
 * named object that is not there is a failure, so callers may want to flag or drop such text.
 *
 * @param unsupported object names in the text that neither the matrix nor the caption supports, in order of first
 *                    mention, lower case, without duplicates
 */
public record Grounding(List<String> unsupported) {
    public Grounding {
        unsupported = List.copyOf(unsupported == null ? List.of() : unsupported);
    }

    public static Grounding clean() {
        return new Grounding(List.of());
    }

    public boolean isGrounded() {
        return unsupported.isEmpty();
    }
}

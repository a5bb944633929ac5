package dev.echollama.language;

import dev.echollama.BadInputException;
import dev.echollama.scene.SceneObject;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * {@link GroundingChecker#standard()}: an object word of the text is supported when the matrix holds that object
 * or the caption names it (not negated); negated mentions in the text are never unsupported. Words and labels are
 * compared through {@link ObjectVocabulary#coco()}, so "people" matches a {@code person} in the matrix and "TV" a
 * {@code tvmonitor}. Stateless.
 */
final class StandardGroundingChecker implements GroundingChecker {
    static final StandardGroundingChecker INSTANCE = new StandardGroundingChecker();

    private StandardGroundingChecker() {
    }

    @Override
    public Grounding check(String text, SceneContext scene) {
        if (text == null) {
            throw new BadInputException("text to check is null");
        }
        if (scene == null) {
            throw new BadInputException("scene to check against is null");
        }
        ObjectVocabulary vocab = ObjectVocabulary.coco();
        Set<String> supported = new HashSet<>();
        for (SceneObject o : scene.matrix().objects()) {
            supported.add(vocab.label(o.label()).orElse(o.label().toLowerCase(Locale.ROOT)));
        }
        for (ObjectVocabulary.Mention m : vocab.mentions(scene.caption())) {
            if (!m.negated()) {
                supported.add(m.label());
            }
        }
        Set<String> unsupported = new LinkedHashSet<>();
        for (ObjectVocabulary.Mention m : vocab.mentions(text)) {
            if (!m.negated() && !supported.contains(m.label())) {
                unsupported.add(m.label());
            }
        }
        return unsupported.isEmpty() ? Grounding.clean() : new Grounding(unsupported.stream().toList());
    }

    @Override
    public String toString() {
        return "GroundingChecker.standard()";
    }
}

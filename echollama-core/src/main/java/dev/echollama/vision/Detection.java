package dev.echollama.vision;

import dev.echollama.BadInputException;

/**
 * One detected object.
 *
 * @param label the class name in COCO spelling ({@code person}, {@code couch}, {@code tv}, {@code dining table});
 *              detectors map their own spellings to these
 * @param score confidence in [0, 1]
 * @param box   where it is, in normalised image coordinates
 */
public record Detection(String label, double score, BoundingBox box) {
    public Detection {
        if (label == null || label.isBlank()) {
            throw new BadInputException("detection label is blank");
        }
        if (!(score >= 0 && score <= 1)) {
            throw new BadInputException("detection score must be in [0, 1], got " + score + " for " + label);
        }
        if (box == null) {
            throw new BadInputException("detection box is null for " + label);
        }
    }
}

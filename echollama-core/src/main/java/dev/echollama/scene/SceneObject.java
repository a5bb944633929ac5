package dev.echollama.scene;

import dev.echollama.BadInputException;
import java.util.OptionalDouble;

/**
 * One entry of the scene matrix (paper §5.1): an object, how sure the detector was, and where it is.
 *
 * @param label       COCO class name
 * @param probability detector score in [0, 1]
 * @param x           box centre, 0 = left edge, 1 = right edge
 * @param y           box centre, 0 = top edge, 1 = bottom edge
 * @param z           relative distance in [0, 1] within this image (0 = nearest point, 1 = farthest); empty when
 *                    no depth map was available. Never invented.
 */
public record SceneObject(String label, double probability, double x, double y, OptionalDouble z) {
    public SceneObject {
        if (label == null || label.isBlank()) {
            throw new BadInputException("scene object label is blank");
        }
        checkUnit("probability", probability);
        checkUnit("x", x);
        checkUnit("y", y);
        if (z == null) {
            z = OptionalDouble.empty();
        } else if (z.isPresent()) {
            checkUnit("z", z.getAsDouble());
        }
    }

    private static void checkUnit(String what, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new BadInputException(what + " must be in [0, 1], got " + v);
        }
    }
}

package dev.echollama.testkit.fakes;

import dev.echollama.BadInputException;
import dev.echollama.InferenceException;
import dev.echollama.image.RgbImage;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/** What every fake shares: the closed flag, the image check and the optional delay. */
final class FakeSupport {
    /** Fakes refuse images smaller than this on either side, as real detectors refuse degenerate images. */
    static final int MIN_IMAGE_SIDE = 2;

    private FakeSupport() {
    }

    static void checkOpen(AtomicBoolean closed, Object stage) {
        if (closed.get()) {
            throw new IllegalStateException(stage.getClass().getSimpleName() + " is closed");
        }
    }

    static RgbImage checkImage(RgbImage image) {
        if (image == null) {
            throw new BadInputException("image is null");
        }
        if (image.width() < MIN_IMAGE_SIDE || image.height() < MIN_IMAGE_SIDE) {
            throw new BadInputException("image must be at least " + MIN_IMAGE_SIDE + "x" + MIN_IMAGE_SIDE
                    + " pixels, got " + image.width() + "x" + image.height());
        }
        return image;
    }

    static void pause(Duration delay) {
        if (delay.isZero()) {
            return;
        }
        try {
            Thread.sleep(delay.toMillis(), delay.toNanosPart() % 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InferenceException("interrupted while simulating work", e);
        }
    }

    static Duration checkDelay(Duration delay) {
        if (delay == null || delay.isNegative()) {
            throw new BadInputException("delay must be >= 0, got " + delay);
        }
        return delay;
    }
}

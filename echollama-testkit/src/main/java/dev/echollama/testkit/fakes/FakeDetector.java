package dev.echollama.testkit.fakes;

import dev.echollama.BadInputException;
import dev.echollama.image.RgbImage;
import dev.echollama.vision.Detection;
import dev.echollama.vision.Detector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link Detector} that returns the detections it was given (best score first) for every image at least
 * 2×2 pixels; smaller images are refused with a {@link BadInputException}. Thread-safe; close() is idempotent and
 * later calls throw {@link IllegalStateException}.
 */
public final class FakeDetector implements Detector {
    private final List<Detection> detections;
    private final double matrixThreshold;
    private final Duration delay;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicInteger calls = new AtomicInteger();

    private FakeDetector(Builder b) {
        List<Detection> sorted = new ArrayList<>(b.detections);
        sorted.sort(Comparator.comparingDouble(Detection::score).reversed());
        this.detections = List.copyOf(sorted);
        this.matrixThreshold = b.matrixThreshold;
        this.delay = b.delay;
    }

    /** A detector that finds these objects in every image, with the paper's threshold 0.90. */
    public static FakeDetector returning(Detection... detections) {
        return builder().detections(List.of(detections)).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public List<Detection> detect(RgbImage image) {
        FakeSupport.checkOpen(closed, this);
        FakeSupport.checkImage(image);
        calls.incrementAndGet();
        FakeSupport.pause(delay);
        return detections;
    }

    @Override
    public double matrixThreshold() {
        return matrixThreshold;
    }

    /** How many images it was asked about. */
    public int calls() {
        return calls.get();
    }

    public boolean isClosed() {
        return closed.get();
    }

    @Override
    public void close() {
        closed.set(true);
    }

    /** Mutable, not thread-safe. */
    public static final class Builder {
        private List<Detection> detections = List.of();
        private double matrixThreshold = 0.90;
        private Duration delay = Duration.ZERO;

        private Builder() {
        }

        public Builder detections(List<Detection> detections) {
            this.detections = List.copyOf(detections);
            return this;
        }

        public Builder matrixThreshold(double threshold) {
            this.matrixThreshold = threshold;
            return this;
        }

        /** Time each call takes (slept), to simulate a model. */
        public Builder delay(Duration delay) {
            this.delay = delay;
            return this;
        }

        public FakeDetector build() {
            if (!(matrixThreshold >= 0 && matrixThreshold <= 1)) {
                throw new BadInputException("matrix threshold must be in [0, 1], got " + matrixThreshold);
            }
            FakeSupport.checkDelay(delay);
            return new FakeDetector(this);
        }
    }
}

package dev.echollama.testkit.contract;

import dev.echollama.spi.Availability;
import dev.echollama.spi.ProviderConfig;
import dev.echollama.testkit.fakes.FakeDetector;
import dev.echollama.vision.BoundingBox;
import dev.echollama.vision.DepthEstimator;
import dev.echollama.vision.DepthEstimatorProvider;
import dev.echollama.vision.Detection;
import dev.echollama.vision.Detector;
import dev.echollama.vision.DetectorProvider;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Providers registered in this module's test META-INF/services. */
public final class TestProviders {
    private TestProviders() {
    }

    /** Always available; makes {@link FakeDetector}s that find one person; remembers what it made. */
    public static final class FakeDetectorProvider implements DetectorProvider {
        /** Every detector created, in order (tests check that the pipeline closes what it made). */
        public static final Queue<FakeDetector> CREATED = new ConcurrentLinkedQueue<>();

        @Override
        public String name() {
            return "fake-detector";
        }

        @Override
        public int priority() {
            return 1;
        }

        @Override
        public String description() {
            return "an in-memory detector for tests";
        }

        @Override
        public Availability availability(ProviderConfig config) {
            return Availability.yes();
        }

        @Override
        public Detector create(ProviderConfig config) {
            FakeDetector d = FakeDetector.builder()
                    .detections(List.of(new Detection("person", 0.97, new BoundingBox(0.7, 0.2, 0.9, 0.8))))
                    .build();
            CREATED.add(d);
            return d;
        }
    }

    /** Never available: stands for a depth model whose files are missing. */
    public static final class AbsentDepthProvider implements DepthEstimatorProvider {
        @Override
        public String name() {
            return "absent-depth";
        }

        @Override
        public int priority() {
            return 50;
        }

        @Override
        public Availability availability(ProviderConfig config) {
            return Availability.no("test model absent-depth.onnx is not installed");
        }

        @Override
        public DepthEstimator create(ProviderConfig config) {
            throw new IllegalStateException("absent-depth is never available");
        }
    }
}

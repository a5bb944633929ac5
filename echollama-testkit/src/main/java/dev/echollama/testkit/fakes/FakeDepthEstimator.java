package dev.echollama.testkit.fakes;

import dev.echollama.BadInputException;
import dev.echollama.image.RgbImage;
import dev.echollama.vision.DepthEstimator;
import dev.echollama.vision.DepthMap;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link DepthEstimator} with a known answer. {@link #gradient()} gives, at the image's own size, MiDaS-style
 * relative inverse depth that grows linearly from 0 on the top row to 1 on the bottom row (the bottom of a photo
 * is usually nearest); {@link #returning(DepthMap)} gives one fixed map whatever the image. Images under 2×2
 * pixels are refused with a {@link BadInputException}. Thread-safe; close() is idempotent and later calls throw
 * {@link IllegalStateException}.
 */
public final class FakeDepthEstimator implements DepthEstimator {
    private final DepthMap fixed;
    private final Duration delay;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicInteger calls = new AtomicInteger();

    private FakeDepthEstimator(DepthMap fixed, Duration delay) {
        this.fixed = fixed;
        this.delay = FakeSupport.checkDelay(delay);
    }

    /** Bottom-near gradient at each image's size. */
    public static FakeDepthEstimator gradient() {
        return new FakeDepthEstimator(null, Duration.ZERO);
    }

    /** Always this map. */
    public static FakeDepthEstimator returning(DepthMap map) {
        if (map == null) {
            throw new BadInputException("depth map is null");
        }
        return new FakeDepthEstimator(map, Duration.ZERO);
    }

    /** A copy that sleeps {@code delay} in each call. */
    public FakeDepthEstimator withDelay(Duration delay) {
        return new FakeDepthEstimator(fixed, delay);
    }

    /** The gradient {@link #gradient()} gives for a {@code width × height} image. */
    public static DepthMap gradientMap(int width, int height) {
        float[] v = new float[width * height];
        for (int y = 0; y < height; y++) {
            float value = height == 1 ? 0 : y / (float) (height - 1);
            for (int x = 0; x < width; x++) {
                v[y * width + x] = value;
            }
        }
        return DepthMap.of(width, height, v, DepthMap.Convention.RELATIVE_INVERSE_DEPTH);
    }

    @Override
    public DepthMap estimate(RgbImage image) {
        FakeSupport.checkOpen(closed, this);
        FakeSupport.checkImage(image);
        calls.incrementAndGet();
        FakeSupport.pause(delay);
        return fixed != null ? fixed : gradientMap(image.width(), image.height());
    }

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
}

package dev.echollama.testkit.fakes;

import dev.echollama.BadInputException;
import dev.echollama.vision.Caption;
import dev.echollama.vision.CaptionRequest;
import dev.echollama.vision.Captioner;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link Captioner} that says the same text of every image (source {@code "fake"}) and records each request,
 * so tests can see which detections and depth it was given. Images under 2×2 pixels are refused with a
 * {@link BadInputException}. Thread-safe; close() is idempotent and later calls throw
 * {@link IllegalStateException}.
 */
public final class FakeCaptioner implements Captioner {
    private final String text;
    private final boolean usesEvidence;
    private final Duration delay;
    private final List<CaptionRequest> requests = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private FakeCaptioner(String text, boolean usesEvidence, Duration delay) {
        if (text == null) {
            throw new BadInputException("caption text is null");
        }
        this.text = text;
        this.usesEvidence = usesEvidence;
        this.delay = FakeSupport.checkDelay(delay);
    }

    /** A captioner that does not use evidence and always says {@code text}. */
    public static FakeCaptioner saying(String text) {
        return new FakeCaptioner(text, false, Duration.ZERO);
    }

    /** A copy that asks for detections and depth ({@link Captioner#usesEvidence()}). */
    public FakeCaptioner usingEvidence() {
        return new FakeCaptioner(text, true, delay);
    }

    /** A copy that sleeps {@code delay} in each call. */
    public FakeCaptioner withDelay(Duration delay) {
        return new FakeCaptioner(text, usesEvidence, delay);
    }

    @Override
    public Caption caption(CaptionRequest request) {
        FakeSupport.checkOpen(closed, this);
        if (request == null) {
            throw new BadInputException("caption request is null");
        }
        FakeSupport.checkImage(request.image());
        requests.add(request);
        FakeSupport.pause(delay);
        return new Caption(text, "fake");
    }

    @Override
    public boolean usesEvidence() {
        return usesEvidence;
    }

    /** Every request received, in order. */
    public List<CaptionRequest> requests() {
        return List.copyOf(requests);
    }

    public boolean isClosed() {
        return closed.get();
    }

    @Override
    public void close() {
        closed.set(true);
    }
}

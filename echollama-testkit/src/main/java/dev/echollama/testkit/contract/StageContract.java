package dev.echollama.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.echollama.BadInputException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What every stage must do, whatever it is: the checks shared by the six stage contracts. Extend the contract of
 * your stage (for example {@link DetectorContract}), not this class.
 *
 * <p>One stage instance from {@link #createStage()} is shared by the tests that do not close it and closed after
 * the class; the close tests make their own. Calls run under {@link #callTimeout()} so that a hang fails instead
 * of stalling the build.
 *
 * @param <S> the stage
 * @param <I> its input
 * @param <O> its output
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class StageContract<S extends AutoCloseable, I, O> {
    /** Threads used by the concurrency check. */
    public static final int THREADS = 8;

    private S shared;

    /** A new, open stage. Called once for the shared instance and once per close test. */
    protected abstract S createStage();

    /** An input the stage must accept. */
    protected abstract I validInput();

    /**
     * An input the stage must refuse with a {@link BadInputException}, or empty when the stage has no such input
     * (the check is then skipped, visibly).
     */
    protected abstract Optional<I> invalidInput();

    /** Calls the stage's main method; implemented by each stage contract. */
    protected abstract O call(S stage, I input);

    /**
     * Whether equal inputs give equal outputs (true by default). When false, the concurrency check only requires
     * that concurrent calls succeed.
     */
    protected boolean deterministic() {
        return true;
    }

    /** The longest one call may take. Default 2 minutes. */
    protected Duration callTimeout() {
        return Duration.ofMinutes(2);
    }

    /** Compares two outputs of equal inputs; override to allow a tolerance. Default: {@code equals}. */
    protected void assertSameResult(O expected, O actual) {
        assertThat(actual).isEqualTo(expected);
    }

    /** The instance shared by the tests that do not close it. */
    protected final S sharedStage() {
        if (shared == null) {
            shared = createStage();
            assertThat(shared).as("createStage() returned null").isNotNull();
        }
        return shared;
    }

    @AfterAll
    public final void closeSharedStage() throws Exception {
        if (shared != null) {
            shared.close();
        }
    }

    /** Runs a call under the timeout. */
    protected final O timed(S stage, I input) {
        return assertTimeoutPreemptively(callTimeout(), () -> call(stage, input),
                () -> "a call took longer than " + callTimeout());
    }

    @Test
    public void validInputGivesAResult() {
        assertThat(timed(sharedStage(), validInput())).isNotNull();
    }

    @Test
    public void concurrentCallsGiveTheSerialResult() throws Exception {
        S stage = sharedStage();
        List<O> serial = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            serial.add(timed(stage, validInput()));
        }
        if (deterministic()) {
            assertSameResult(serial.get(0), serial.get(1));
        }
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CyclicBarrier start = new CyclicBarrier(THREADS);
            List<Future<O>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                futures.add(pool.submit(() -> {
                    start.await(callTimeout().toMillis(), TimeUnit.MILLISECONDS);
                    return call(stage, validInput());
                }));
            }
            for (int t = 0; t < THREADS; t++) {
                O got = futures.get(t).get(callTimeout().toMillis() * 2, TimeUnit.MILLISECONDS);
                assertThat(got).as("result of thread %d", t).isNotNull();
                if (deterministic()) {
                    assertSameResult(serial.get(0), got);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    public void closeIsIdempotent() throws Exception {
        S stage = createStage();
        timed(stage, validInput());
        stage.close();
        assertThatCode(stage::close).as("second close()").doesNotThrowAnyException();
    }

    @Test
    public void useAfterCloseThrowsIllegalStateException() throws Exception {
        S stage = createStage();
        stage.close();
        I input = validInput();
        assertThatThrownBy(() -> timed(stage, input))
                .as("a call after close()")
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    public void invalidInputThrowsBadInputException() {
        Optional<I> invalid = invalidInput();
        Assumptions.assumeTrue(invalid.isPresent(), "skipped: this stage declares no invalid input");
        assertThatThrownBy(() -> timed(sharedStage(), invalid.get()))
                .as("a call with the invalid input")
                .isInstanceOf(BadInputException.class)
                .hasMessageFindingMatch("\\S");
    }

    @Test
    public void nullInputIsRefusedClearly() {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> timed(sharedStage(), null));
        assertRefusedClearly(t, "null input");
    }

    /**
     * A clear refusal is a {@link BadInputException}, or a {@link NullPointerException} /
     * {@link IllegalArgumentException} thrown on purpose with a message naming what is wrong. The JVM's own
     * "Cannot invoke ... because ... is null" (an accidental dereference) does not count.
     */
    static void assertRefusedClearly(Throwable t, String what) {
        assertThat(t).as("%s must be refused with an exception", what).isNotNull();
        if (t instanceof BadInputException) {
            return;
        }
        assertThat(t).as("%s must be refused with BadInputException (or a deliberate NPE/IAE)", what)
                .isInstanceOfAny(NullPointerException.class, IllegalArgumentException.class);
        assertThat(t.getMessage()).as("message of the refusal of %s", what)
                .isNotBlank()
                .doesNotStartWith("Cannot ");
    }
}

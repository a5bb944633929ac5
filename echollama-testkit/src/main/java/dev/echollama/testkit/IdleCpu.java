package dev.echollama.testkit;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * The CPU time the whole process burns while the calling thread sleeps after a call: how a test sees native
 * threads (ONNX Runtime's pools) left busy-waiting once the call has returned. The image pre-processing's one-off
 * JIT warm-up thread is waited for first, since its two seconds of work would otherwise be counted.
 */
public final class IdleCpu {
    /**
     * The daemon thread in which {@code ImagePreprocessor} compiles its Vector API kernel once per JVM (the testkit
     * does not depend on echollama-onnx; its SimdSwitchTest checks that the names agree).
     */
    public static final String WARM_UP_THREAD = "echollama-simd-warm-up";

    /** A call whose aftermath is measured. */
    @FunctionalInterface
    public interface Call {
        void run() throws Exception;
    }

    private IdleCpu() {
    }

    /**
     * Runs {@code call} {@code warmUps} times, waits (up to 60 s) for the pre-processing warm-up thread if it
     * runs, then {@code times} times runs {@code call} and sleeps {@code sleep}; returns the process CPU
     * nanoseconds counted during those sleeps, summed.
     */
    public static long afterEach(int warmUps, int times, Duration sleep, Call call) throws Exception {
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int i = 0; i < warmUps; i++) {
            call.run();
        }
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals(WARM_UP_THREAD)) {
                t.join(60_000);
            }
        }
        long burnt = 0;
        for (int i = 0; i < times; i++) {
            call.run();
            long before = os.getProcessCpuTime();
            Thread.sleep(sleep.toMillis());
            burnt += os.getProcessCpuTime() - before;
        }
        return burnt;
    }
}

package dev.echollama.onnx.tensor;

import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.LoggerFactory;

/**
 * Whether the Vector API paths may be used: the JVM was started with {@code --add-modules jdk.incubator.vector}
 * and {@code -Dechollama.simd=false} was not given ({@link #ENABLED}, decided once and logged at INFO), and the
 * widest vectors are at least 256 bits (checked by the warm-up, which logs when the vector kernel takes over).
 *
 * <p>And when: Vector API code runs a thousand times slower than scalar code until the JIT has compiled it (the
 * first resize of a VGA photo took 1.7 s here, against 12 ms on the scalar kernel), so a JVM that resizes a few
 * images must never pay for it. Resizes use the scalar kernel until {@link #warm()}: after {@link #WARM_UP_AFTER}
 * resizes a daemon thread, {@value #THREAD}, runs the vector kernel on synthetic rows until it is compiled (one to
 * two seconds of one core, once per JVM), and later resizes switch to it.
 */
final class Simd {
    /** System property that turns the Vector API paths off ({@code false}) even where they could run. */
    static final String PROPERTY = "echollama.simd";

    /**
     * Resizes in this JVM before the warm-up starts, counted per band of rows (an image resized on two threads
     * counts twice): a process that resizes fewer never pays for the warm-up.
     */
    static final int WARM_UP_AFTER = 32;

    static final String THREAD = "echollama-simd-warm-up";

    static final boolean ENABLED = decide();

    private static final AtomicInteger RESIZES = new AtomicInteger();
    private static volatile boolean warm;

    private Simd() {
    }

    /**
     * Whether the vector kernels are compiled and should be used now; counts this as a resize, and starts the
     * warm-up on the {@link #WARM_UP_AFTER}th. Always false where not {@link #ENABLED}.
     */
    static boolean warm() {
        if (warm || !ENABLED) {
            return warm;
        }
        if (RESIZES.incrementAndGet() == WARM_UP_AFTER) {
            Thread t = new Thread(Simd::warmUp, THREAD);
            t.setDaemon(true);
            t.start();
        }
        return false;
    }

    /** Whether the warm-up has finished and the vector kernels are in use; does not count a resize. */
    static boolean isWarm() {
        return warm;
    }

    private static void warmUp() {
        var log = LoggerFactory.getLogger(ImagePreprocessor.class);
        long start = System.nanoTime();
        try {
            if (!OpenCvLinearSimd.worthIt()) {
                log.info("Image pre-processing: staying scalar (this machine's vectors are narrower than 256 bits)");
                return;
            }
            OpenCvLinearSimd.warmUp();
            warm = true;
            log.info("Image pre-processing: Vector API kernel in use from now on (warmed up in {} ms)",
                    (System.nanoTime() - start) / 1_000_000);
        } catch (RuntimeException | LinkageError e) {
            log.warn("Image pre-processing: the Vector API warm-up failed, staying scalar", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.info("Image pre-processing: the Vector API warm-up was interrupted, staying scalar");
        }
    }

    private static boolean decide() {
        // Touches no Vector API class: loading them costs tens of milliseconds, which the warm-up thread pays.
        var log = LoggerFactory.getLogger(ImagePreprocessor.class);
        if ("false".equalsIgnoreCase(System.getProperty(PROPERTY))) {
            log.info("Image pre-processing: scalar (-D{}=false)", PROPERTY);
            return false;
        }
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            log.info("Image pre-processing: scalar; start the JVM with --add-modules jdk.incubator.vector for the"
                    + " Vector API path (OPENCV_LINEAR resizing about 2x faster)");
            return false;
        }
        log.info("Image pre-processing: scalar, then the Vector API kernel once warmed up (after {} resizes)",
                WARM_UP_AFTER);
        return true;
    }

    /** Whether the vector kernel can run here at all: {@link #ENABLED} and vectors of 256 bits or more. */
    static boolean usable() {
        if (!ENABLED) {
            return false;
        }
        try {
            return OpenCvLinearSimd.worthIt();
        } catch (LinkageError e) {
            return false;
        }
    }
}

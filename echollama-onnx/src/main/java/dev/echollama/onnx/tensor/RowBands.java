package dev.echollama.onnx.tensor;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * Runs independent bands of work on the caller's thread and the common pool together. Bands are claimed one at a
 * time from a shared counter, so a pool thread that wakes late (a parked thread takes a while to start on a busy
 * or virtual machine) still finds bands left, and the threads finish close together. The caller claims bands too,
 * so the call finishes even when the pool is busy or has no threads (it then simply runs on the caller), and it
 * returns only when every band has finished, so no band can still be writing into the caller's buffer afterwards.
 */
final class RowBands {
    /** How long the caller spins for the last bands before it parks. */
    static final long SPIN_NANOS = 200_000;

    private RowBands() {
    }

    /**
     * Runs {@code band.accept(i)} once for each {@code i} in {@code 0 .. count - 1} on at most {@code threads}
     * threads, the caller's included; rethrows the first failure after all bands have stopped.
     */
    static void run(int count, int threads, IntConsumer band) {
        int helpers = Math.min(threads, count) - 1;
        if (helpers <= 0) {
            for (int i = 0; i < count; i++) {
                band.accept(i);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(count);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable claim = () -> {
            for (int i; (i = next.getAndIncrement()) < count; ) {
                try {
                    band.accept(i);
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    done.countDown();
                }
            }
        };
        for (int h = 0; h < helpers; h++) {
            ForkJoinPool.commonPool().execute(claim);
        }
        claim.run();
        // The caller is out of bands; the last ones are finishing on the pool. Parked, the caller waited 0.04-0.06
        // ms there after an inference on the 2-vCPU build machine (its idle vCPU is slow to wake), spinning 0.01 ms;
        // the letterbox right after an inference took 0.02 ms less (README). Bounded: about a band's time.
        long spinUntil = System.nanoTime() + SPIN_NANOS;
        while (done.getCount() > 0 && System.nanoTime() - spinUntil < 0) {
            Thread.onSpinWait();
        }
        boolean interrupted = false;
        while (true) {
            try {
                done.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // a band may still be writing: wait for it, then restore the flag
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable t = failure.get();
        if (t instanceof RuntimeException e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        if (t != null) {
            throw new IllegalStateException(t);
        }
    }
}

package dev.echollama.onnx.tensor;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * Runs independent bands of work on the caller's thread and the common pool together. The caller runs every
 * band no pool thread has claimed yet, so the call finishes even when the pool is busy or has no threads (it
 * then simply runs on the caller), and it returns only when every band has finished, so no band can still be
 * writing into the caller's buffer afterwards.
 */
final class RowBands {
    private RowBands() {
    }

    /**
     * Runs {@code band.accept(i)} once for each {@code i} in {@code 0 .. count - 1}; rethrows the first failure
     * after all bands have stopped.
     */
    static void run(int count, IntConsumer band) {
        if (count <= 1) {
            if (count == 1) {
                band.accept(0);
            }
            return;
        }
        AtomicIntegerArray claimed = new AtomicIntegerArray(count);
        CountDownLatch done = new CountDownLatch(count);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        IntConsumer attempt = i -> {
            if (claimed.compareAndSet(i, 0, 1)) {
                try {
                    band.accept(i);
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    done.countDown();
                }
            }
        };
        for (int i = count - 1; i >= 1; i--) {
            int index = i;
            ForkJoinPool.commonPool().execute(() -> attempt.accept(index));
        }
        for (int i = 0; i < count; i++) {
            attempt.accept(i);
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

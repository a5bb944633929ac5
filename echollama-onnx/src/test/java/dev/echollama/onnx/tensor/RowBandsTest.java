package dev.echollama.onnx.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class RowBandsTest {

    @Test
    void everyBandRunsExactlyOnceWhateverTheThreadCount() {
        for (int count = 0; count <= 17; count++) {
            for (int threads : new int[] {1, 2, 3, 8, 40}) {
                AtomicIntegerArray runs = new AtomicIntegerArray(count);
                RowBands.run(count, threads, runs::incrementAndGet);
                for (int i = 0; i < count; i++) {
                    assertThat(runs.get(i)).as("band %d of %d on %d threads", i, count, threads).isEqualTo(1);
                }
            }
        }
    }

    @Test
    void oneThreadKeepsEveryBandOnTheCallerInOrder() {
        Thread caller = Thread.currentThread();
        StringBuilder order = new StringBuilder();
        RowBands.run(6, 1, i -> {
            assertThat(Thread.currentThread()).isSameAs(caller);
            order.append(i);
        });
        assertThat(order).hasToString("012345");
    }

    @Test
    void severalThreadsShareTheBands() throws InterruptedException {
        // A band that waits for another thread to join in: with one helper allowed, some band must run off the
        // caller, or this would spin until the deadline.
        Thread caller = Thread.currentThread();
        Set<Thread> seen = ConcurrentHashMap.newKeySet();
        RowBands.run(64, 2, i -> {
            seen.add(Thread.currentThread());
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (i == 0 && seen.size() < 2 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
        });
        assertThat(seen).contains(caller).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void aFailingBandIsRethrownAfterTheOthersFinish() {
        AtomicIntegerArray runs = new AtomicIntegerArray(12);
        assertThatThrownBy(() -> RowBands.run(12, 3, i -> {
            runs.incrementAndGet(i);
            if (i == 5) {
                throw new IllegalArgumentException("band five");
            }
        })).isInstanceOf(IllegalArgumentException.class).hasMessage("band five");
        for (int i = 0; i < 12; i++) {
            assertThat(runs.get(i)).as("band %d", i).isEqualTo(1);
        }
    }
}

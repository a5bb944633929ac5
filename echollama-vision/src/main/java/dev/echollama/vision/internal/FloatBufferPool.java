package dev.echollama.vision.internal;

import java.nio.FloatBuffer;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Direct, native-order float buffers kept between calls of one model, so an image model does not allocate a new
 * multi-megabyte input each call (a fresh direct buffer is zeroed, page-faulted in and freed only after a
 * garbage collection: for a 416x416 YOLOX input that costs more than resizing the image). Thread-safe: each
 * concurrent caller takes its own buffer; at most {@code max} idle buffers are kept.
 */
public final class FloatBufferPool {
    private final Queue<FloatBuffer> idle = new ConcurrentLinkedQueue<>();
    private final int max;

    public FloatBufferPool(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("pool size must be at least 1, got " + max);
        }
        this.max = max;
    }

    /** A buffer with room for at least {@code elements} floats; give it back with {@link #release}. */
    public FloatBuffer take(int elements) {
        FloatBuffer b = idle.poll();
        if (b == null || b.capacity() < elements) {
            b = Tensors.directFloats(elements);
        }
        return b;
    }

    /** Returns a buffer from {@link #take} once nothing (no tensor) uses it any more; null is ignored. */
    public void release(FloatBuffer buffer) {
        if (buffer != null && idle.size() < max) {
            idle.offer(buffer);
        }
    }

    /** Drops the idle buffers (their memory goes with the next garbage collection). */
    public void clear() {
        idle.clear();
    }
}

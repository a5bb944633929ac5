package dev.echollama;

import dev.echollama.audio.AudioClip;
import dev.echollama.image.RgbImage;
import dev.echollama.vision.BoundingBox;
import dev.echollama.vision.Detection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A listener that writes down every event in order, and the shared test scene. */
final class Recording implements NarrationListener {
    final List<String> events = new ArrayList<>(); // guarded by this
    final List<AudioClip> audio = new ArrayList<>(); // guarded by this
    final CountDownLatch firstAudio = new CountDownLatch(1);
    volatile Throwable error;
    volatile Narration completed;

    /** 100×100 black image: big enough for hand-computed depth medians. */
    static RgbImage image() {
        return RgbImage.of(100, 100, new byte[100 * 100 * 3]);
    }

    static final Detection CHAIR = new Detection("chair", 0.95, new BoundingBox(0.1, 0.5, 0.3, 0.9));
    static final Detection PERSON = new Detection("person", 0.99, new BoundingBox(0.6, 0.2, 0.8, 0.9));
    static final Detection CUP = new Detection("cup", 0.40, new BoundingBox(0.45, 0.45, 0.5, 0.5));

    static boolean await(CountDownLatch latch) {
        try {
            return latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public synchronized void onToken(String text) {
        events.add("token:" + text);
        notifyAll();
    }

    @Override
    public synchronized void onSentence(String sentence) {
        events.add("sentence:" + sentence);
        notifyAll();
    }

    @Override
    public synchronized void onAudio(AudioClip chunk) {
        events.add("audio");
        notifyAll();
        audio.add(chunk);
        firstAudio.countDown();
    }

    @Override
    public synchronized void onComplete(Narration narration) {
        events.add("complete");
        notifyAll();
        completed = narration;
    }

    @Override
    public synchronized void onError(Throwable e) {
        events.add("error:" + e.getClass().getSimpleName());
        notifyAll();
        error = e;
    }

    synchronized List<String> events() {
        return List.copyOf(events);
    }

    /** Waits up to 10 s until {@code n} events start with {@code prefix}. */
    synchronized boolean awaitCount(String prefix, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (count(prefix) < n) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    synchronized long count(String prefix) {
        return events.stream().filter(e -> e.startsWith(prefix)).count();
    }
}

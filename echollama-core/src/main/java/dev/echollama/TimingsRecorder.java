package dev.echollama;

import java.time.Duration;
import java.util.Optional;

/** Collects the steps of one call; written by the threads of that call in a happens-before chain. */
final class TimingsRecorder {
    final long startNanos;
    volatile Duration transcription;
    volatile Duration detection;
    volatile Duration depth;
    volatile Duration caption;
    volatile Duration matrix;
    volatile Duration prompt;
    volatile Duration firstToken;
    volatile Duration generation;
    volatile Duration firstAudio;
    volatile Duration synthesis;

    TimingsRecorder(long startNanos) {
        this.startNanos = startNanos;
    }

    static TimingsRecorder startingNow() {
        return new TimingsRecorder(System.nanoTime());
    }

    Duration sinceStart() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    static Duration since(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    Timings build() {
        return new Timings(Optional.ofNullable(transcription), Optional.ofNullable(detection),
                Optional.ofNullable(depth), Optional.ofNullable(caption), Optional.ofNullable(matrix),
                Optional.ofNullable(prompt), Optional.ofNullable(firstToken), Optional.ofNullable(generation),
                Optional.ofNullable(firstAudio), Optional.ofNullable(synthesis), sinceStart());
    }
}

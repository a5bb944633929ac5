package dev.echollama.cli.dataset;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/** Log lines with an ETA from this run's speed (images already in the file took no time now). */
final class LineProgress implements DatasetProgress {
    private final Consumer<String> out;
    private final long everyNanos;
    private final LongSupplier clock;
    private long start;
    private long lastPrint;
    private int total;
    private int already;
    private int done;
    private int failed;

    LineProgress(Consumer<String> out, Duration every, LongSupplier clock) {
        this.out = out;
        this.everyNanos = every.toNanos();
        this.clock = clock;
    }

    @Override
    public void started(int total, int alreadyPresent) {
        this.total = total;
        this.already = alreadyPresent;
        this.start = clock.getAsLong();
        this.lastPrint = start;
        out.accept(String.format(Locale.ROOT, "dataset: %d images, %d already written, %d to do", total,
                alreadyPresent, total - alreadyPresent));
    }

    @Override
    public void finished(String image, boolean ok) {
        done++;
        if (!ok) {
            failed++;
        }
        long now = clock.getAsLong();
        boolean last = already + done >= total;
        if (!last && now - lastPrint < everyNanos) {
            return;
        }
        lastPrint = now;
        out.accept(line(now));
    }

    String line(long now) {
        double seconds = Math.max(1e-9, (now - start) / 1e9);
        double rate = done / seconds;
        int left = total - already - done;
        String eta = left <= 0 ? "done" : "ETA " + formatDuration(left / rate);
        return String.format(Locale.ROOT, "dataset: %d/%d images (%d this run, %d failed), %.2f images/s, %s",
                already + done, total, done, failed, rate, eta);
    }

    static String formatDuration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", s / 3600, s % 3600 / 60);
    }

    @Override
    public void close() {
    }
}

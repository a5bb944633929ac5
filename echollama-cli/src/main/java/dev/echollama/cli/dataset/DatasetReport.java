package dev.echollama.cli.dataset;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What one {@link DpoDatasetBuilder#run} did. Immutable.
 *
 * @param images         images asked for (after any limit)
 * @param alreadyPresent of those, images whose record was already in the file and were skipped
 * @param written        records written by this run
 * @param failures       images that got no record, in the order they failed; running again retries them
 * @param cutBytes       bytes of a torn last line (left by a killed run) that were cut off before writing
 * @param elapsed        wall time of the run
 * @param abortedBecause set when a failure that every image would share (a refused API key, a wrong URL, a disk
 *                       error) stopped the run early; images not started then are neither written nor failed
 */
public record DatasetReport(int images, int alreadyPresent, int written, List<Failure> failures, long cutBytes,
                            Duration elapsed, Optional<String> abortedBecause) {

    /** The step that failed. */
    public enum Step {
        /** The file is not a readable image: listed and skipped, never retried. */
        DECODE,
        /** A vision stage refused or failed on the image. */
        VISION,
        /** The chosen model failed after every retry. */
        CHOSEN,
        /** The rejected model failed after every retry. */
        REJECTED,
        /** The record could not be appended to the file (the run stops). */
        WRITE
    }

    /**
     * One image without a record.
     *
     * @param image    the record key (path relative to the image folder)
     * @param step     where it failed
     * @param message  the error, one line
     * @param attempts calls made to the failing step
     */
    public record Failure(String image, Step step, String message, int attempts) {
    }

    public DatasetReport {
        failures = List.copyOf(failures);
        abortedBecause = abortedBecause == null ? Optional.empty() : abortedBecause;
    }

    /** Whether every image asked for has its record in the file. */
    public boolean complete() {
        return abortedBecause.isEmpty() && failures.isEmpty() && alreadyPresent + written == images;
    }

    /** Images per second over this run's records; 0 when none was written. */
    public double imagesPerSecond() {
        double s = elapsed.toNanos() / 1e9;
        return written == 0 || s <= 0 ? 0 : written / s;
    }

    /** A few human-readable lines: counts, speed, each failure, what to do next. */
    public String summary(String file) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "dataset %s: %d images, %d already there, %d written, %d failed "
                        + "in %.1f s (%.2f images/s)%n", file, images, alreadyPresent, written, failures.size(),
                elapsed.toMillis() / 1000.0, imagesPerSecond()));
        if (cutBytes > 0) {
            sb.append(String.format(Locale.ROOT, "cut a torn last line of %d bytes left by an interrupted run%n",
                    cutBytes));
        }
        for (Failure f : failures) {
            sb.append(String.format(Locale.ROOT, "  failed %s [%s, %d attempt%s]: %s%n", f.image(),
                    f.step().name().toLowerCase(Locale.ROOT), f.attempts(), f.attempts() == 1 ? "" : "s",
                    f.message()));
        }
        abortedBecause.ifPresent(r -> sb.append("stopped early: ").append(r).append(System.lineSeparator()));
        if (!complete()) {
            sb.append("Run the same command again to add the missing records (records already written are kept).")
                    .append(System.lineSeparator());
        }
        return sb.toString();
    }
}

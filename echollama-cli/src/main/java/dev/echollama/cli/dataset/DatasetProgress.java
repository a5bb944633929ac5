package dev.echollama.cli.dataset;

import java.io.PrintStream;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Hears how a {@link DpoDatasetBuilder#run} advances. Calls come from the builder's worker threads, one at a
 * time (the builder serialises them); implementations need no locking of their own.
 */
public interface DatasetProgress extends AutoCloseable {

    /**
     * The run starts.
     *
     * @param total          images asked for
     * @param alreadyPresent of those, images skipped because their record is already in the file
     */
    void started(int total, int alreadyPresent);

    /** One image is done: its record written ({@code ok}) or its failure recorded. */
    void finished(String image, boolean ok);

    /** The run is over (also after an abort). */
    @Override
    void close();

    /** Hears nothing. */
    static DatasetProgress none() {
        return new DatasetProgress() {
            @Override
            public void started(int total, int alreadyPresent) {
            }

            @Override
            public void finished(String image, boolean ok) {
            }

            @Override
            public void close() {
            }
        };
    }

    /**
     * A progress bar with speed and ETA (me.tongfei:progressbar) drawn on {@code terminal}; for an interactive
     * terminal only, since it redraws one line with carriage returns.
     */
    static DatasetProgress bar(PrintStream terminal) {
        return new BarProgress(terminal);
    }

    /**
     * One plain line per {@code every} at most (and always for the last image), for logs and pipes:
     * {@code "dataset: 12/40 images (3 this run, 1 failed), 0.52 images/s, ETA 54 s"}.
     */
    static DatasetProgress lines(Consumer<String> out, Duration every) {
        return new LineProgress(out, every, System::nanoTime);
    }
}

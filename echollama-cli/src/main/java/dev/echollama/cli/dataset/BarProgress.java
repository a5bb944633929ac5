package dev.echollama.cli.dataset;

import java.io.PrintStream;
import java.time.Duration;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/** The terminal bar. Its ETA is computed by the library from this run's own speed. */
final class BarProgress implements DatasetProgress {
    private final PrintStream terminal;
    private ProgressBar bar;
    private int failed;

    BarProgress(PrintStream terminal) {
        this.terminal = terminal;
    }

    @Override
    public void started(int total, int alreadyPresent) {
        bar = new ProgressBarBuilder().setTaskName("dataset").setInitialMax(total)
                .setConsumer(new ConsoleProgressBarConsumer(terminal))
                .startsFrom(alreadyPresent, Duration.ZERO).setUnit(" img", 1).showSpeed().build();
    }

    @Override
    public void finished(String image, boolean ok) {
        if (!ok) {
            failed++;
            bar.setExtraMessage(failed + " failed");
        }
        bar.step();
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}

package dev.echollama.model;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

final class LoggingProgress implements ProgressListener {
    private static final Logger LOG = LoggerFactory.getLogger(ModelDownloader.class);
    private long nextReport;

    @Override
    public void started(String file, long total, long existing) {
        nextReport = 0;
        LOG.info("fetching {} ({}{})", file, total < 0 ? "size unknown" : total + " bytes",
                existing > 0 ? ", resuming at " + existing : "");
    }

    @Override
    public void progressed(String file, long done, long total) {
        if (done < nextReport) {
            return;
        }
        if (total > 0) {
            LOG.info("{}: {}%", file, done * 100 / total);
            nextReport = done + Math.max(1, total / 10);
        } else {
            LOG.info("{}: {} MB", file, done >> 20);
            nextReport = done + (10L << 20);
        }
    }

    @Override
    public void finished(String file) {
        LOG.info("{}: done", file);
    }
}

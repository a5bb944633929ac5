package dev.echollama.asr;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sphinx logs every model load, utterance and speed report at INFO through java.util.logging, under a logger
 * named after its configuration file ({@code default.config}). Keep only its errors: its warnings at load time
 * list language-model words that the dictionary lacks, which is expected of the embedded model.
 */
final class SphinxLogging {
    private static final String SPHINX_LOGGER = "default.config";

    private SphinxLogging() {
    }

    static void quiet() {
        Logger.getLogger(SPHINX_LOGGER).setLevel(Level.SEVERE);
    }
}

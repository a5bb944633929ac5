package dev.echollama.asr;

import edu.cmu.sphinx.api.Configuration;
import edu.cmu.sphinx.api.Context;
import java.io.IOException;
import java.util.Map;

/**
 * A Sphinx context whose component properties ({@code "component->property"}, such as search beams) are set
 * before its components exist. Sphinx's Context builds every component in its constructor; changing a property
 * afterwards makes Sphinx re-read the properties of the component (and, for a global property, of all of them,
 * which breaks the links of its front-end pipeline), while global properties changed before building are not
 * seen by property sheets that already resolved them. The constructor's last step before building is
 * {@link #setSampleRate}, so the properties go in there, handed over through a thread-local because a subclass's
 * own fields are not yet assigned at that point.
 */
final class SphinxContext extends Context {
    private static final ThreadLocal<Map<String, String>> PENDING = new ThreadLocal<>();

    private SphinxContext(Configuration configuration) throws IOException {
        super(configuration);
    }

    static SphinxContext create(Configuration configuration, Map<String, String> globals) throws IOException {
        PENDING.set(globals);
        try {
            return new SphinxContext(configuration);
        } finally {
            PENDING.remove();
        }
    }

    @Override
    public void setSampleRate(int sampleRate) {
        super.setSampleRate(sampleRate);
        // Sphinx has configured its loggers by now; quieten them before building logs every unit it loads.
        SphinxLogging.quiet();
        Map<String, String> globals = PENDING.get();
        if (globals != null) {
            globals.forEach(this::setLocalProperty);
        }
    }
}

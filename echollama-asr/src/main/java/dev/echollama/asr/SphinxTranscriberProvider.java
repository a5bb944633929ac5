package dev.echollama.asr;

import dev.echollama.BadInputException;
import dev.echollama.InferenceException;
import dev.echollama.ModelCorruptException;
import dev.echollama.ModelMissingException;
import dev.echollama.speech.Transcriber;
import dev.echollama.speech.TranscriberProvider;
import dev.echollama.spi.Availability;
import dev.echollama.spi.ProviderConfig;
import edu.cmu.sphinx.api.Configuration;
import edu.cmu.sphinx.api.Context;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CMU Sphinx 4 (pure Java) with the US English acoustic model, dictionary and language model that ship inside
 * {@code sphinx4-data}: the embedded default. Accurate enough for short questions in a quiet room; slow to load
 * (seconds) and about real time on one core, so create one transcriber and reuse it.
 *
 * <p>Options ({@link ProviderConfig#option}):
 * <ul>
 *   <li>{@value #GRAMMAR}: a JSGF grammar file {@code NAME.gram} declaring {@code grammar NAME;}: only its
 *       sentences are recognised (grammar mode);</li>
 *   <li>{@value #WORDS}: comma-separated words or phrases, such as {@code yes,no,turn left}: grammar mode with
 *       one of them per utterance;</li>
 *   <li>{@value #BEAM}: {@code narrow} (default; about real time) or {@code wide} (Sphinx's own search beams:
 *       a little more accurate, several times slower);</li>
 *   <li>{@value #DICTIONARY}, {@value #LANGUAGE_MODEL}, {@value #ACOUSTIC_MODEL}: files (a folder for the
 *       acoustic model) replacing the embedded US English ones.</li>
 * </ul>
 * Without a grammar the language model decides (language-model mode).
 */
public final class SphinxTranscriberProvider implements TranscriberProvider {
    public static final String NAME = "sphinx";
    public static final String GRAMMAR = "sphinx.grammar";
    public static final String WORDS = "sphinx.words";
    public static final String DICTIONARY = "sphinx.dictionary";
    public static final String LANGUAGE_MODEL = "sphinx.languageModel";
    public static final String ACOUSTIC_MODEL = "sphinx.acousticModel";
    public static final String BEAM = "sphinx.beam";

    private static final Logger LOG = LoggerFactory.getLogger(SphinxTranscriberProvider.class);
    static final String MODELS = "edu/cmu/sphinx/models/en-us/";
    private static final String ARTIFACTS = "add edu.cmu.sphinx data: de.sciss:sphinx4-core:1.0.0 and "
            + "de.sciss:sphinx4-data:1.0.0";

    /** Public for {@link java.util.ServiceLoader}; does no work. */
    public SphinxTranscriberProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return 20;
    }

    @Override
    public String description() {
        return "CMU Sphinx 4, pure Java, embedded US English model (16 kHz); language model or JSGF grammar";
    }

    @Override
    public Availability availability(ProviderConfig config) {
        try {
            ClassLoader cl = getClass().getClassLoader();
            Class.forName("edu.cmu.sphinx.api.Context", false, cl);
            if (cl.getResource(MODELS + "en-us/mdef") == null && config.option(ACOUSTIC_MODEL).isEmpty()) {
                return Availability.no("the embedded US English Sphinx model is not on the class path; "
                        + ARTIFACTS);
            }
            for (String key : new String[] {GRAMMAR, DICTIONARY, LANGUAGE_MODEL, ACOUSTIC_MODEL}) {
                Optional<String> file = config.option(key);
                if (file.isPresent() && !Files.exists(Path.of(file.get()))) {
                    return Availability.no("option " + key + " names " + file.get() + ", which does not exist");
                }
            }
            if (config.option(GRAMMAR).isPresent() && config.option(WORDS).isPresent()) {
                return Availability.no("give either " + GRAMMAR + " or " + WORDS + ", not both");
            }
            return Availability.yes(config.option(GRAMMAR).isPresent() || config.option(WORDS).isPresent()
                    ? "embedded model, grammar mode" : "embedded model, language-model mode");
        } catch (ClassNotFoundException | LinkageError e) {
            return Availability.no("CMU Sphinx is not on the class path; " + ARTIFACTS + " (" + e + ")");
        } catch (RuntimeException e) {
            return Availability.no("Sphinx availability check failed: " + e);
        }
    }

    @Override
    public Transcriber create(ProviderConfig config) {
        Availability a = availability(config);
        if (!a.available()) {
            throw new BadInputException("Sphinx cannot start: " + a.reason());
        }
        Configuration c = new Configuration();
        c.setAcousticModelPath(location(config, ACOUSTIC_MODEL, "resource:/" + MODELS + "en-us"));
        c.setDictionaryPath(location(config, DICTIONARY, "resource:/" + MODELS + "cmudict-en-us.dict"));
        c.setLanguageModelPath(location(config, LANGUAGE_MODEL, "resource:/" + MODELS + "en-us.lm.bin"));
        c.setSampleRate(SphinxTranscriber.RATE);
        Beam beam = Beam.parse(config.option(BEAM).orElse(Beam.NARROW.name()));
        SphinxGrammar grammar = SphinxGrammar.from(config);
        String mode = "language model";
        try {
            if (grammar != null) {
                c.setUseGrammar(true);
                c.setGrammarPath(grammar.folder().toUri().toString());
                c.setGrammarName(grammar.name());
                mode = "grammar " + grammar.name();
            }
            SphinxDecoder decoder;
            try {
                Context context = SphinxContext.create(c, beam.properties());
                SphinxLogging.quiet();
                decoder = new SphinxDecoder(context);
                decoder.allocate();
                if (grammar == null && decoder.orderSearchTree() < 0) {
                    LOG.warn("cannot put Sphinx's search tree into a fixed order (another Sphinx build?); the same "
                            + "audio may give different words in different JVMs");
                }
            } catch (IOException e) {
                throw new ModelCorruptException(null, "Sphinx could not read its model: " + e.getMessage(), e);
            } catch (RuntimeException e) {
                throw new InferenceException("Sphinx could not load (" + mode + "): " + e, e);
            }
            return new SphinxTranscriber(decoder, mode + ", " + beam.name().toLowerCase(java.util.Locale.ROOT)
                    + " beam");
        } finally {
            if (grammar != null) {
                grammar.deleteIfTemporary();
            }
        }
    }

    /**
     * Search beams. Sphinx's own defaults ({@link #WIDE}) keep up to 20 000 hypotheses a frame and decode several
     * times slower than real time on one core; {@link #NARROW} keeps 3 000, about 6 times faster, with a word
     * error rate a few points worse on the shared LibriVox clips (figures in SphinxTranscriberTest).
     */
    enum Beam {
        NARROW("3000", "1e-45", "50", "1e-30"),
        WIDE("20000", "1e-60", "200", "1e-40");

        private final String absolute;
        private final String relative;
        private final String wordAbsolute;
        private final String wordRelative;

        Beam(String absolute, String relative, String wordAbsolute, String wordRelative) {
            this.absolute = absolute;
            this.relative = relative;
            this.wordAbsolute = wordAbsolute;
            this.wordRelative = wordRelative;
        }

        static Beam parse(String value) {
            try {
                return valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new BadInputException("option " + BEAM + " must be narrow or wide, got '" + value + "'");
            }
        }

        /** The component properties of Sphinx's default configuration that take these beams. */
        java.util.Map<String, String> properties() {
            java.util.Map<String, String> p = new java.util.HashMap<>();
            for (String list : new String[] {"activeList", "standardActiveListFactory"}) {
                p.put(list + "->absoluteBeamWidth", absolute);
                p.put(list + "->relativeBeamWidth", relative);
            }
            p.put("fastmatchActiveList->absoluteBeamWidth", absolute);
            p.put("wordActiveListFactory->absoluteBeamWidth", wordAbsolute);
            p.put("wordActiveListFactory->relativeBeamWidth", wordRelative);
            p.put("wordPruningSearchManager->relativeBeamWidth", relative);
            p.put("wordPruningLookaheadSearchManager->relativeBeamWidth", relative);
            return p;
        }
    }

    private static String location(ProviderConfig config, String key, String embedded) {
        Optional<String> file = config.option(key);
        if (file.isEmpty()) {
            return embedded;
        }
        Path p = Path.of(file.get()).toAbsolutePath();
        if (!Files.exists(p)) {
            throw new ModelMissingException(p, "option " + key + " names " + p + ", which does not exist");
        }
        return p.toUri().toString();
    }
}

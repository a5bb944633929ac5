package dev.echollama.asr;

import dev.echollama.ModelCorruptException;
import dev.echollama.ModelMissingException;
import dev.echollama.ProviderNotFoundException;
import dev.echollama.speech.Transcriber;
import dev.echollama.speech.TranscriberProvider;
import dev.echollama.spi.Availability;
import dev.echollama.spi.ProviderConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vosk.LibVosk;
import org.vosk.LogLevel;
import org.vosk.Model;

/**
 * Vosk (Kaldi) with a model folder the user supplies, such as vosk-model-small-en-us-0.15 from
 * alphacephei.com/vosk/models, unpacked. Available only when the folder holds a Vosk model and Vosk's native
 * library loads on this platform (the jar carries Linux x86-64, macOS and Windows x86-64 builds).
 *
 * <p>The folder is the option {@value #MODEL_OPTION} if given, else model id {@value #MODEL_ID} through
 * {@link ProviderConfig#findModel} ({@code $ECHOLLAMA_HOME/models/vosk-model}).
 */
public final class VoskTranscriberProvider implements TranscriberProvider {
    public static final String NAME = "vosk";
    public static final String MODEL_ID = "vosk-model";
    public static final String MODEL_OPTION = "vosk.model";

    private static final Pattern SAMPLE_FREQUENCY = Pattern.compile("--sample-frequency=(\\d+)");

    /** Public for {@link java.util.ServiceLoader}; does no work. */
    public VoskTranscriberProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return 50;
    }

    @Override
    public String description() {
        return "Vosk (Kaldi) with a model folder you supply (option " + MODEL_OPTION + " or model id "
                + MODEL_ID + ")";
    }

    @Override
    public Availability availability(ProviderConfig config) {
        try {
            Optional<Path> folder = folder(config);
            if (folder.isEmpty()) {
                return Availability.no("no Vosk model: set option " + MODEL_OPTION + " to an unpacked model folder "
                        + "(alphacephei.com/vosk/models) or put one at " + config.models().defaultLocation(MODEL_ID));
            }
            String problem = modelProblem(folder.get());
            if (problem != null) {
                return Availability.no(problem);
            }
            String nativeProblem = nativeProblem();
            if (nativeProblem != null) {
                return Availability.no(nativeProblem);
            }
            return Availability.yes("model " + folder.get());
        } catch (RuntimeException | LinkageError e) {
            return Availability.no("Vosk availability check failed: " + e);
        }
    }

    @Override
    public Transcriber create(ProviderConfig config) {
        Path folder = folder(config).orElseThrow(() -> new ModelMissingException(
                config.models().defaultLocation(MODEL_ID), availability(config).reason()));
        String problem = modelProblem(folder);
        if (problem != null) {
            throw new ModelCorruptException(folder, problem);
        }
        String nativeProblem = nativeProblem();
        if (nativeProblem != null) {
            throw new ProviderNotFoundException("TranscriberProvider 'vosk' is not available: " + nativeProblem);
        }
        LibVosk.setLogLevel(LogLevel.WARNINGS);
        int rate = sampleRate(folder);
        Model model;
        try {
            model = new Model(folder.toString());
        } catch (IOException e) {
            throw new ModelCorruptException(folder, "Vosk could not load the model in " + folder + " ("
                    + e.getMessage() + "); expected an unpacked Vosk model folder (am/, conf/, graph/)", e);
        }
        return new VoskTranscriber(model, folder, rate);
    }

    private static Optional<Path> folder(ProviderConfig config) {
        Optional<String> explicit = config.option(MODEL_OPTION);
        if (explicit.isPresent()) {
            try {
                Path p = Path.of(explicit.get()).toAbsolutePath();
                return Files.exists(p) ? Optional.of(p) : Optional.empty();
            } catch (InvalidPathException e) {
                return Optional.empty();
            }
        }
        return config.findModel(MODEL_ID);
    }

    /** Why the folder is not a Vosk model, or null when it looks like one. Never throws. */
    static String modelProblem(Path folder) {
        if (!Files.isDirectory(folder)) {
            return "Vosk model " + folder + " is not a folder; unpack the model archive and point at the folder";
        }
        for (String mdl : List.of("am/final.mdl", "final.mdl")) {
            if (Files.isRegularFile(folder.resolve(mdl))) {
                return null;
            }
        }
        return "folder " + folder + " is not a Vosk model: it has no am/final.mdl";
    }

    /** Why the native library cannot load here, or null. Never throws. */
    static String nativeProblem() {
        try {
            // LibVosk's static initialiser registers the native library through JNA.
            Class.forName("org.vosk.LibVosk", true, VoskTranscriberProvider.class.getClassLoader());
            return null;
        } catch (ClassNotFoundException | LinkageError e) {
            return "Vosk's native library does not load on " + System.getProperty("os.name") + " "
                    + System.getProperty("os.arch") + ": " + e;
        } catch (RuntimeException e) {
            return "Vosk's native library failed to load: " + e;
        }
    }

    /** The model's sample rate from conf/mfcc.conf, 16 kHz when it does not say. */
    static int sampleRate(Path folder) {
        Path conf = folder.resolve("conf").resolve("mfcc.conf");
        try {
            if (Files.isRegularFile(conf)) {
                Matcher m = SAMPLE_FREQUENCY.matcher(Files.readString(conf));
                if (m.find()) {
                    return Integer.parseInt(m.group(1));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // fall back to the rate every published Vosk model uses
        }
        return 16_000;
    }
}

package dev.echollama.tts;

import dev.echollama.BadInputException;
import dev.echollama.ProviderNotFoundException;
import dev.echollama.speech.SpeechSynthesizer;
import dev.echollama.speech.SpeechSynthesizerProvider;
import dev.echollama.spi.Availability;
import dev.echollama.spi.ProviderConfig;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The espeak-ng program (formant synthesis, many languages), run as a child process when it is installed.
 *
 * <p>Options ({@link ProviderConfig#option}):
 * <ul>
 *   <li>{@value #VOICE}: an espeak-ng voice name such as {@code en-us} (default) or {@code en-gb};</li>
 *   <li>{@value #RATE}: words per minute, 80 to 450 (default 175);</li>
 *   <li>{@value #PITCH}: 0 to 99 (default 50);</li>
 *   <li>{@value #TIMEOUT}: seconds one request may take before the process is killed (default 30);</li>
 *   <li>{@value #PROGRAM}: the program to run instead of {@code espeak-ng} found on {@code PATH};</li>
 *   <li>{@value #NORMALIZE}: {@code true} (default) to pass text through {@link SpeechText#normalize} first.</li>
 * </ul>
 */
public final class EspeakSynthesizerProvider implements SpeechSynthesizerProvider {
    public static final String NAME = "espeak-ng";
    public static final String VOICE = "espeak.voice";
    public static final String RATE = "espeak.rate";
    public static final String PITCH = "espeak.pitch";
    public static final String TIMEOUT = "espeak.timeout";
    public static final String PROGRAM = "espeak.program";
    public static final String NORMALIZE = "espeak.normalize";

    private static final String INSTALL = "install espeak-ng (apt-get install espeak-ng)";
    private static final Pattern VOICE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_+./-]*");

    /** Public for {@link java.util.ServiceLoader}; does no work. */
    public EspeakSynthesizerProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return 15;
    }

    @Override
    public String description() {
        return "espeak-ng program (formant synthesis, 22 kHz); needs espeak-ng installed";
    }

    @Override
    public Availability availability(ProviderConfig config) {
        return availability(config, System.getenv("PATH"));
    }

    Availability availability(ProviderConfig config, String path) {
        try {
            Optional<String> explicit = config.option(PROGRAM);
            Optional<Path> program = findProgram(config, path);
            if (program.isEmpty()) {
                return Availability.no(explicit.isPresent()
                        ? "option " + PROGRAM + " names '" + explicit.get() + "', which is not an executable file"
                        : "espeak-ng was not found on PATH; " + INSTALL);
            }
            return Availability.yes("program " + program.get());
        } catch (RuntimeException e) {
            return Availability.no("espeak-ng availability check failed: " + e);
        }
    }

    @Override
    public SpeechSynthesizer create(ProviderConfig config) {
        Path program = findProgram(config).orElseThrow(() -> new ProviderNotFoundException(
                "SpeechSynthesizerProvider 'espeak-ng' is not available: " + availability(config).reason()));
        String voice = config.option(VOICE).orElse("en-us").trim();
        if (!VOICE_NAME.matcher(voice).matches()) {
            throw new BadInputException("option " + VOICE + " must be an espeak-ng voice name such as en-us, got '"
                    + voice + "'");
        }
        int rate = config.intOption(RATE).orElse(175);
        if (rate < 80 || rate > 450) {
            throw new BadInputException("option " + RATE + " must be 80 to 450 words per minute, got " + rate);
        }
        int pitch = config.intOption(PITCH).orElse(50);
        if (pitch < 0 || pitch > 99) {
            throw new BadInputException("option " + PITCH + " must be 0 to 99, got " + pitch);
        }
        double seconds = config.doubleOption(TIMEOUT).orElse(30);
        if (!(seconds > 0 && seconds <= 3600)) {
            throw new BadInputException("option " + TIMEOUT + " must be more than 0 and at most 3600 seconds, got "
                    + seconds);
        }
        boolean normalize = FreeTtsSynthesizerProvider.booleanOption(config, NORMALIZE, true);
        return new EspeakSynthesizer(program, voice, rate, pitch, Duration.ofMillis(Math.round(seconds * 1000)),
                normalize);
    }

    /** The explicit program if given, else espeak-ng on PATH; never throws for a missing program. */
    static Optional<Path> findProgram(ProviderConfig config) {
        return findProgram(config, System.getenv("PATH"));
    }

    static Optional<Path> findProgram(ProviderConfig config, String path) {
        Optional<String> explicit = config.option(PROGRAM);
        if (explicit.isPresent()) {
            return executable(explicit.get());
        }
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(Pattern.quote(File.pathSeparator))) {
            if (dir.isBlank()) {
                continue;
            }
            Optional<Path> p = executable(dir + File.separator + "espeak-ng");
            if (p.isPresent()) {
                return p;
            }
        }
        return Optional.empty();
    }

    private static Optional<Path> executable(String file) {
        try {
            Path p = Path.of(file);
            return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p.toAbsolutePath())
                    : Optional.empty();
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }
}

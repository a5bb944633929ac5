package dev.echollama.asr.whisper;

import dev.echollama.BadInputException;
import dev.echollama.ModelMissingException;
import dev.echollama.asr.vad.SileroVad;
import dev.echollama.onnx.OnnxSessionConfig;
import dev.echollama.onnx.text.WhisperPrompt;
import dev.echollama.spi.Availability;
import dev.echollama.spi.ProviderConfig;
import dev.echollama.speech.Transcriber;
import dev.echollama.speech.TranscriberProvider;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Provider {@value #NAME}: {@link WhisperTranscriber} on a Whisper ONNX export from the model store (model ids
 * {@code whisper-base} and {@code whisper-base.en}, or any folder of the same layout given as an override).
 *
 * <p>Options ({@link ProviderConfig#option}):
 * <ul>
 *   <li>{@value #MODEL}: the model id; default the first present of {@code whisper-base}, {@code whisper-base.en};</li>
 *   <li>{@value #LANGUAGE}: ISO code for multilingual models, default {@code en};</li>
 *   <li>{@value #TASK}: {@code transcribe} (default) or {@code translate};</li>
 *   <li>{@value #VARIANT}: {@code quantized}, {@code fp32}, {@code fp16}, ... (default: the first present);</li>
 *   <li>{@value #OVERLAP}: seconds of overlap between 30 s windows when cutting without a VAD, default 5;</li>
 *   <li>{@value #VAD}: {@code auto} (default: cut at utterances found by {@code silero-vad} when that model is
 *       present), {@code on} (require it) or {@code off}.</li>
 * </ul>
 */
public final class WhisperTranscriberProvider implements TranscriberProvider {
    public static final String NAME = "whisper";
    public static final String MODEL = "whisper.model";
    public static final String LANGUAGE = "whisper.language";
    public static final String TASK = "whisper.task";
    public static final String VARIANT = "whisper.variant";
    public static final String OVERLAP = "whisper.overlap";
    public static final String VAD = "whisper.vad";
    /** The model ids tried, in order, when {@value #MODEL} is not set. */
    public static final List<String> MODEL_IDS = List.of("whisper-base", "whisper-base.en");

    /** Public for {@link java.util.ServiceLoader}; does no work. */
    public WhisperTranscriberProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return 60;
    }

    @Override
    public String description() {
        return "Whisper (whisper-base / whisper-base.en ONNX export, ONNX Runtime), optional Silero VAD; needs "
                + "'echollama models fetch whisper-base'";
    }

    @Override
    public Availability availability(ProviderConfig config) {
        try {
            String variant = config.option(VARIANT).orElse(null);
            if (variant != null && !WhisperFiles.VARIANTS.containsKey(variant.toLowerCase(Locale.ROOT))) {
                return Availability.no("option " + VARIANT + " is '" + variant + "'; known variants: "
                        + WhisperFiles.VARIANTS.keySet());
            }
            List<String> tried = new ArrayList<>();
            for (String id : modelIds(config)) {
                Optional<Path> where = config.findModel(id);
                if (where.isEmpty()) {
                    tried.add("'" + id + "' not found (looked in " + config.models().candidates(id) + ")");
                    continue;
                }
                if (WhisperFiles.tryFind(where.get(), variant).isEmpty()) {
                    tried.add("'" + id + "' at " + where.get() + " is incomplete: "
                            + WhisperFiles.problem(where.get(), variant));
                    continue;
                }
                String vad = vadMode(config);
                boolean vadPresent = SileroVad.availability(config).available();
                if (vad.equals("on") && !vadPresent) {
                    return Availability.no("option " + VAD + "=on but " + SileroVad.availability(config).reason());
                }
                return Availability.yes("Whisper model '" + id + "' at " + where.get()
                        + (vadPresent && !vad.equals("off") ? ", with Silero VAD" : ", without VAD"));
            }
            String first = modelIds(config).get(0);
            return Availability.no("no Whisper model: " + String.join("; ", tried) + ". Get it with: echollama "
                    + "models fetch " + first);
        } catch (RuntimeException e) {
            return Availability.no("cannot check the Whisper model (" + e + "). Get it with: echollama models fetch "
                    + MODEL_IDS.get(0));
        }
    }

    private static List<String> modelIds(ProviderConfig config) {
        return config.option(MODEL).map(String::trim).filter(s -> !s.isEmpty()).map(List::of).orElse(MODEL_IDS);
    }

    private static String vadMode(ProviderConfig config) {
        String v = config.option(VAD).orElse("auto").trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "auto", "on", "off" -> v;
            case "true", "yes" -> "on";
            case "false", "no" -> "off";
            default -> throw new BadInputException("option " + VAD + " must be auto, on or off, got '" + v + "'");
        };
    }

    @Override
    public Transcriber create(ProviderConfig config) {
        WhisperOptions options = WhisperOptions.defaults();
        if (config.option(LANGUAGE).isPresent()) {
            options = options.withLanguage(config.option(LANGUAGE).get());
        }
        if (config.option(TASK).isPresent()) {
            String t = config.option(TASK).get().trim().toUpperCase(Locale.ROOT);
            try {
                options = options.withTask(WhisperPrompt.Task.valueOf(t));
            } catch (IllegalArgumentException e) {
                throw new BadInputException("option " + TASK + " must be transcribe or translate, got '"
                        + config.option(TASK).get() + "'");
            }
        }
        if (config.option(VARIANT).isPresent()) {
            options = options.withVariant(config.option(VARIANT).get().trim());
        }
        if (config.doubleOption(OVERLAP).isPresent()) {
            options = options.withOverlapSeconds(config.doubleOption(OVERLAP).getAsDouble());
        }
        String vadMode = vadMode(config);
        String id = null;
        Path folder = null;
        for (String candidate : modelIds(config)) {
            Optional<Path> where = config.findModel(candidate);
            if (where.isPresent()) {
                id = candidate;
                folder = where.get();
                break;
            }
        }
        if (folder == null) {
            String first = modelIds(config).get(0);
            throw new ModelMissingException(config.models().defaultLocation(first), "no Whisper model found; looked "
                    + "for " + modelIds(config) + " in " + config.models().candidates(first)
                    + ". Get it with: echollama models fetch " + first);
        }
        SileroVad vad = null;
        if (vadMode.equals("on") || (vadMode.equals("auto") && SileroVad.availability(config).available())) {
            vad = SileroVad.load(config);
        }
        return WhisperTranscriber.open(folder, options, OnnxSessionConfig.from(config), vad, id);
    }
}

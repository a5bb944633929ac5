package dev.echollama.llm.onnx;

import dev.echollama.BadInputException;
import dev.echollama.EchoException;
import dev.echollama.ModelMissingException;
import dev.echollama.onnx.OnnxSessionConfig;
import dev.echollama.onnx.text.Llama3ChatTemplate;
import dev.echollama.spi.Availability;
import dev.echollama.spi.ProviderConfig;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/**
 * What {@link LlamaOnnxProvider} and {@link SpatialLlamaProvider} share: reading their options (each under its own
 * prefix), finding the model, and saying why it is not available.
 */
final class ProviderSupport {
    static final String MODEL = "model";
    static final String MODEL_ID = "model-id";
    static final String VARIANT = "variant";
    static final String CONTEXT = "context";
    static final String KV_CACHE = "kv-cache";
    static final String DATE = "date";

    private final String prefix;
    private final String defaultModelId;
    private final String howToGet;

    /**
     * @param prefix         the provider name; options are {@code <prefix>.model}, {@code <prefix>.variant}, ...
     * @param defaultModelId the model id used when no option names another
     * @param howToGet       what to tell a user who does not have the model
     */
    ProviderSupport(String prefix, String defaultModelId, String howToGet) {
        this.prefix = prefix;
        this.defaultModelId = defaultModelId;
        this.howToGet = howToGet;
    }

    String key(String option) {
        return prefix + "." + option;
    }

    /** The model id the config asks for. */
    String modelId(ProviderConfig config) {
        return config.option(key(MODEL_ID)).map(String::strip).filter(s -> !s.isEmpty()).orElse(defaultModelId);
    }

    /** The folder or file to load: option {@code model}, else the model id through the config's locator. */
    Path modelPath(ProviderConfig config) {
        Optional<String> explicit = config.option(key(MODEL)).map(String::strip).filter(s -> !s.isEmpty());
        if (explicit.isPresent()) {
            Path p;
            try {
                p = Path.of(explicit.get());
            } catch (InvalidPathException e) {
                throw new BadInputException("option " + key(MODEL) + " is not a path: " + e.getMessage());
            }
            if (!Files.exists(p)) {
                throw new ModelMissingException(p, "option " + key(MODEL) + " points at " + p
                        + ", which does not exist");
            }
            return p;
        }
        String id = modelId(config);
        Path p = config.findModel(id).orElse(null);
        if (p == null) {
            throw new ModelMissingException(config.models().defaultLocation(id), "model '" + id + "' not found; "
                    + "looked in " + config.models().candidates(id) + ". " + howToGet.replace("{id}", id));
        }
        return p;
    }

    /** The settings the options give. */
    LlamaOnnxSettings settings(ProviderConfig config) {
        LlamaOnnxSettings s = LlamaOnnxSettings.defaults().withSession(OnnxSessionConfig.from(config));
        Optional<String> variant = config.option(key(VARIANT));
        if (variant.isPresent()) {
            String v = variant.get().strip().toLowerCase(Locale.ROOT);
            if (!v.equals(LlamaOnnxSettings.AUTO)) {
                Variant.parse(key(VARIANT), v);
            }
            s = s.withVariant(v);
        }
        int context = config.intOption(key(CONTEXT)).orElse(0);
        if (context < 0 || (context > 0 && context < 2)) {
            throw new BadInputException("option " + key(CONTEXT) + " must be at least 2 tokens (or 0 for config.json's),"
                    + " got " + context);
        }
        s = s.withContextLength(context);
        Optional<String> cache = config.option(key(KV_CACHE)).map(v -> v.strip().toLowerCase(Locale.ROOT));
        if (cache.isPresent()) {
            if (!cache.get().equals("true") && !cache.get().equals("false")) {
                throw new BadInputException("option " + key(KV_CACHE) + " must be true or false, got '"
                        + config.option(key(KV_CACHE)).orElse("") + "'");
            }
            s = s.withKvCache(Boolean.parseBoolean(cache.get()));
        }
        Optional<String> date = config.option(key(DATE)).map(String::strip);
        if (date.isPresent()) {
            try {
                s = s.withTemplate(Llama3ChatTemplate.withDate(LocalDate.parse(date.get())));
            } catch (DateTimeParseException e) {
                throw new BadInputException("option " + key(DATE) + " must be a date like 2024-07-26, got '"
                        + date.get() + "'");
            }
        }
        return s;
    }

    /** Cheap: parses the options and finds the files, loads nothing; never throws. */
    Availability availability(ProviderConfig config) {
        if (config == null) {
            return Availability.no("no provider config given");
        }
        try {
            LlamaOnnxSettings s = settings(config);
            Path path = modelPath(config);
            ModelFiles files = ModelFiles.locate(path, s.wantedVariant());
            return Availability.yes(modelId(config) + ": " + files.graph() + " (" + files.variantLabel() + ")");
        } catch (EchoException e) {
            String id = modelId(config);
            String reason = e.getMessage();
            if (!reason.contains(id)) {
                reason = id + ": " + reason;
            }
            if (!reason.contains("echollama models fetch")) {
                reason += ". " + howToGet.replace("{id}", id);
            }
            return Availability.no(reason);
        } catch (RuntimeException e) {
            return Availability.no(modelId(config) + ": cannot check the model (" + e + ")");
        }
    }

    LlamaOnnxModel create(ProviderConfig config) {
        if (config == null) {
            throw new BadInputException("provider config is null");
        }
        LlamaOnnxSettings s = settings(config);
        return LlamaOnnxModel.open(modelPath(config), s);
    }
}

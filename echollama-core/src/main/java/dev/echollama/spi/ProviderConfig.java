package dev.echollama.spi;

import dev.echollama.BadInputException;
import dev.echollama.ModelMissingException;
import dev.echollama.model.ModelLocator;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Immutable settings handed to {@link StageProvider#availability} and {@link StageProvider#create}: the device,
 * where models are, and free-form provider options ({@code "yolox.threshold" -> "0.5"}). Options are strings so
 * that one config can serve every provider, the CLI and configuration files; typed getters parse them and name
 * the key when a value is wrong.
 *
 * <p>Thread-safe. Build with {@link #builder()}; {@link #defaults()} is CPU with models found by
 * {@link ModelLocator#standard()}.
 */
public final class ProviderConfig {
    private final Device device;
    private final ModelLocator models;
    private final Map<String, String> options;
    private final int threads;

    private ProviderConfig(Builder b) {
        this.device = b.device;
        this.models = b.models;
        this.options = Map.copyOf(b.options);
        this.threads = b.threads;
    }

    public static ProviderConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this config's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.device = device;
        b.models = models;
        b.options.putAll(options);
        b.threads = threads;
        return b;
    }

    public Device device() {
        return device;
    }

    /** Where model ids resolve to folders or files. */
    public ModelLocator models() {
        return models;
    }

    /** Resolves a model id through {@link #models()}; empty when it is not present locally. */
    public Optional<Path> findModel(String modelId) {
        return models.find(modelId);
    }

    /** Resolves a model id or throws {@link ModelMissingException} saying where it looked and how to get it. */
    public Path requireModel(String modelId) {
        return models.require(modelId);
    }

    /** Intra-op threads for native engines, and for the SDK's own image pre-processing; 0 means the default. */
    public int threads() {
        return threads;
    }

    public Map<String, String> options() {
        return options;
    }

    public Optional<String> option(String key) {
        return Optional.ofNullable(options.get(key));
    }

    public OptionalDouble doubleOption(String key) {
        String v = options.get(key);
        if (v == null) {
            return OptionalDouble.empty();
        }
        try {
            return OptionalDouble.of(Double.parseDouble(v.trim()));
        } catch (NumberFormatException e) {
            throw new BadInputException("option " + key + " must be a number, got '" + v + "'");
        }
    }

    public OptionalInt intOption(String key) {
        String v = options.get(key);
        if (v == null) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(v.trim()));
        } catch (NumberFormatException e) {
            throw new BadInputException("option " + key + " must be an integer, got '" + v + "'");
        }
    }

    @Override
    public String toString() {
        // Option values may hold secrets (API keys): list keys only.
        return "ProviderConfig[device=" + device + ", threads=" + threads + ", options=" + options.keySet() + "]";
    }

    /** Mutable, not thread-safe; {@link #build()} validates. */
    public static final class Builder {
        private Device device = Device.CPU;
        private ModelLocator models;
        private final Map<String, String> options = new LinkedHashMap<>();
        private int threads;

        private Builder() {
        }

        public Builder device(Device device) {
            this.device = device;
            return this;
        }

        public Builder models(ModelLocator models) {
            this.models = models;
            return this;
        }

        /** Points a model id at a folder or file, overriding every other place. */
        public Builder model(String modelId, Path path) {
            this.models = (models == null ? ModelLocator.standard() : models).withOverride(modelId, path);
            return this;
        }

        public Builder option(String key, String value) {
            options.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value for " + key));
            return this;
        }

        public Builder options(Map<String, String> values) {
            values.forEach(this::option);
            return this;
        }

        public Builder threads(int threads) {
            this.threads = threads;
            return this;
        }

        public ProviderConfig build() {
            if (device == null) {
                throw new BadInputException("device is null");
            }
            if (threads < 0) {
                throw new BadInputException("threads must be >= 0 (0 = engine default), got " + threads);
            }
            if (models == null) {
                models = ModelLocator.standard();
            }
            return new ProviderConfig(this);
        }
    }
}

package dev.echollama.cli.dataset;

import dev.echollama.BadInputException;
import dev.echollama.ProviderNotFoundException;
import dev.echollama.language.SceneLanguageModel;
import dev.echollama.language.SceneLanguageModelProvider;
import dev.echollama.spi.ProviderConfig;
import dev.echollama.spi.Providers;
import java.util.Optional;

/**
 * Names the scene language model that writes one side of a preference pair. Two spellings:
 *
 * <ul>
 *   <li>{@code URL,MODEL}: an OpenAI-compatible server (the {@code openai} provider) at {@code URL}, asked for
 *       {@code MODEL}, e.g. {@code https://api.deepseek.com/v1,deepseek-chat} or a local llama-server
 *       {@code http://127.0.0.1:8080/v1,llama-3.2-1b-instruct}. Recognised by the {@code ://} in it.</li>
 *   <li>{@code PROVIDER[:MODEL-ID]}: a scene language model provider found through ServiceLoader, by name
 *       ({@code llamacpp}, {@code grounded}, ...). {@code MODEL-ID}, when given, is passed to it as the option
 *       {@code PROVIDER.model-id} (what {@code llamacpp} reads, e.g.
 *       {@code llamacpp:llama-3.2-1b-instruct-gguf}); the model files themselves are found as usual
 *       ({@code --model-dir}, {@code $ECHOLLAMA_HOME/models}).</li>
 * </ul>
 *
 * Immutable. {@link #toString()} never holds a key (keys are not part of a reference).
 *
 * @param provider the provider name ({@code openai} for an endpoint)
 * @param baseUrl  the endpoint's base URL; empty for a local provider
 * @param model    the endpoint's model name, or the local provider's model id; may be empty for a provider
 */
public record LanguageModelRef(String provider, Optional<String> baseUrl, Optional<String> model) {
    static final String OPENAI = "openai";

    public LanguageModelRef {
        if (provider == null || provider.isBlank()) {
            throw new BadInputException("a language model reference needs a provider name");
        }
        baseUrl = baseUrl == null ? Optional.empty() : baseUrl;
        model = model == null ? Optional.empty() : model;
    }

    /**
     * Parses {@code URL,MODEL} or {@code PROVIDER[:MODEL-ID]}.
     *
     * @param what names the option in error messages, e.g. {@code --chosen}
     * @throws BadInputException if the text fits neither spelling
     */
    public static LanguageModelRef parse(String spec, String what) {
        String s = spec == null ? "" : spec.strip();
        if (s.isEmpty()) {
            throw new BadInputException(what + " is empty; expected URL,MODEL or PROVIDER[:MODEL-ID]");
        }
        if (s.contains("://")) {
            int comma = s.lastIndexOf(',');
            String url = comma < 0 ? "" : s.substring(0, comma).strip();
            String model = comma < 0 ? "" : s.substring(comma + 1).strip();
            if (url.isEmpty() || model.isEmpty()) {
                throw new BadInputException(what + " '" + s + "' names a URL but no model; expected URL,MODEL such"
                        + " as https://api.deepseek.com/v1,deepseek-chat");
            }
            return new LanguageModelRef(OPENAI, Optional.of(url), Optional.of(model));
        }
        if (s.indexOf(',') >= 0 || s.chars().anyMatch(Character::isWhitespace)) {
            throw new BadInputException(what + " '" + s + "' is neither URL,MODEL (the URL needs its scheme, such "
                    + "as http://) nor PROVIDER[:MODEL-ID] (such as llamacpp:llama-3.2-1b-instruct-gguf)");
        }
        int colon = s.indexOf(':');
        if (colon == 0 || colon == s.length() - 1) {
            throw new BadInputException(what + " '" + s + "' has an empty provider or model id; expected "
                    + "PROVIDER[:MODEL-ID]");
        }
        return colon < 0 ? new LanguageModelRef(s, Optional.empty(), Optional.empty())
                : new LanguageModelRef(s.substring(0, colon), Optional.empty(),
                        Optional.of(s.substring(colon + 1)));
    }

    /** Whether this names an OpenAI-compatible endpoint. */
    public boolean isEndpoint() {
        return baseUrl.isPresent();
    }

    /**
     * The config handed to the provider: {@code base} plus this reference's settings ({@code openai.base-url},
     * {@code openai.model} and, when {@code apiKey} is non-empty, {@code openai.api-key}; or
     * {@code PROVIDER.model-id}).
     */
    public ProviderConfig config(ProviderConfig base, String apiKey) {
        ProviderConfig.Builder b = base.toBuilder();
        if (isEndpoint()) {
            b.option("openai.base-url", baseUrl.get()).option("openai.model", model.orElseThrow());
            if (apiKey != null && !apiKey.isBlank()) {
                b.option("openai.api-key", apiKey.strip());
            }
        } else {
            model.ifPresent(m -> b.option(provider + ".model-id", m));
        }
        return b.build();
    }

    /**
     * Creates the model; the caller owns it and closes it.
     *
     * @throws ProviderNotFoundException if no provider has this name or it is not available (the message lists
     *                                   what was found)
     */
    public SceneLanguageModel open(ProviderConfig base, String apiKey) {
        ProviderConfig cfg = config(base, apiKey);
        SceneLanguageModelProvider p = Providers.select(SceneLanguageModelProvider.class, provider, cfg);
        SceneLanguageModel m = p.create(cfg);
        if (m == null) {
            throw new ProviderNotFoundException("scene language model provider '" + provider + "' created nothing");
        }
        return m;
    }

    @Override
    public String toString() {
        return isEndpoint() ? baseUrl.get() + " (model " + model.get() + ")"
                : provider + model.map(m -> " (model " + m + ")").orElse("");
    }
}

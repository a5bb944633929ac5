package dev.echollama.llm.openai;

import dev.echollama.BadInputException;
import dev.echollama.language.SceneLanguageModel;
import dev.echollama.language.SceneLanguageModelProvider;
import dev.echollama.spi.Availability;
import dev.echollama.spi.ProviderConfig;
import java.util.Optional;
import java.util.function.Function;

/**
 * A scene language model behind an OpenAI-compatible {@code /chat/completions} endpoint: vLLM, llama.cpp's
 * llama-server, Ollama ({@code http://127.0.0.1:11434/v1}), DeepSeek, OpenAI. Uses only the JDK's HTTP client and
 * Jackson. Available only when a server is configured, so it never reaches the network unless asked to.
 *
 * <h2>Settings (option, else environment variable)</h2>
 * <ul>
 *   <li>{@code openai.base-url} / {@code OPENAI_BASE_URL}: required, e.g. {@code http://127.0.0.1:8080/v1};
 *       {@code /chat/completions} is appended unless already there.</li>
 *   <li>{@code openai.model} / {@code ECHOLLAMA_OPENAI_MODEL}: required, the server's model name.</li>
 *   <li>{@code openai.api-key} / {@code OPENAI_API_KEY}: optional; sent as a bearer token, never logged nor put
 *       in messages or {@code toString()}.</li>
 *   <li>{@code openai.connect-timeout-ms} (10000); {@code openai.read-timeout-ms} (60000): the longest wait for
 *       the response headers and the longest silence between two lines of the event stream.</li>
 *   <li>{@code openai.max-retries} (3), {@code openai.retry-base-ms} (500), {@code openai.retry-max-ms} (8000):
 *       429, 5xx and refused connections are retried before any text has streamed, with exponential backoff
 *       and jitter; {@code Retry-After} / {@code retry-after-ms} are honoured up to
 *       {@code openai.max-retry-after-ms} (30000), beyond which the call fails at once.</li>
 *   <li>{@code openai.context-length} (8192): what {@code contextLength()} reports.</li>
 * </ul>
 *
 * <h2>Errors</h2>
 * 400 / 413 / 422: {@link BadInputException}; 401, 403, 404 and other 4xx: {@link HttpStatusException} (status and
 * the server's message); 429 and 5xx after the retries, timeouts, malformed events and broken connections:
 * {@link dev.echollama.InferenceException}.
 *
 * <p>Priority 40: below models that run here, above the model-free narrator.
 */
public final class OpenAiCompatibleProvider implements SceneLanguageModelProvider {
    private final Function<String, String> env;

    public OpenAiCompatibleProvider() {
        this(System::getenv);
    }

    /** With another environment (tests). */
    OpenAiCompatibleProvider(Function<String, String> env) {
        this.env = env;
    }

    @Override
    public String name() {
        return "openai";
    }

    @Override
    public int priority() {
        return 40;
    }

    @Override
    public String description() {
        return "OpenAI-compatible chat completions over HTTP (vLLM, llama-server, Ollama, DeepSeek); needs "
                + OpenAiSettings.BASE_URL + " and " + OpenAiSettings.MODEL;
    }

    @Override
    public Availability availability(ProviderConfig config) {
        try {
            Optional<String> base = OpenAiSettings.baseUrl(config, env);
            if (base.isEmpty()) {
                return Availability.no("no server configured: set option " + OpenAiSettings.BASE_URL
                        + " or the environment variable " + OpenAiSettings.ENV_BASE_URL
                        + " (e.g. http://127.0.0.1:8080/v1)");
            }
            OpenAiSettings.endpoint(base.get());
            if (OpenAiSettings.model(config, env).isEmpty()) {
                return Availability.no("no model name configured: set option " + OpenAiSettings.MODEL
                        + " or the environment variable " + OpenAiSettings.ENV_MODEL);
            }
            OpenAiSettings s = OpenAiSettings.from(config, env);
            return Availability.yes(s.endpoint() + " model " + s.model());
        } catch (BadInputException e) {
            return Availability.no(e.getMessage());
        } catch (RuntimeException e) {
            return Availability.no("cannot read the openai.* settings: " + e);
        }
    }

    /** Checks the settings; contacts nothing until the first {@code generate}. */
    @Override
    public SceneLanguageModel create(ProviderConfig config) {
        return new OpenAiChatModel(OpenAiSettings.from(config == null ? ProviderConfig.defaults() : config, env));
    }
}

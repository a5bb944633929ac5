package dev.echollama.llm.openai;

import dev.echollama.BadInputException;
import dev.echollama.spi.ProviderConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where the server is and how patiently to talk to it. Options win over environment variables. The API key is
 * kept out of {@link #toString()}.
 */
record OpenAiSettings(URI endpoint, String model, String apiKey, Duration connectTimeout, Duration readTimeout,
                      int maxRetries, Duration retryBase, Duration retryMax, Duration maxRetryAfter,
                      int contextLength) {

    static final String BASE_URL = "openai.base-url";
    static final String MODEL = "openai.model";
    static final String API_KEY = "openai.api-key";
    static final String CONNECT_TIMEOUT = "openai.connect-timeout-ms";
    static final String READ_TIMEOUT = "openai.read-timeout-ms";
    static final String MAX_RETRIES = "openai.max-retries";
    static final String RETRY_BASE = "openai.retry-base-ms";
    static final String RETRY_MAX = "openai.retry-max-ms";
    static final String MAX_RETRY_AFTER = "openai.max-retry-after-ms";
    static final String CONTEXT_LENGTH = "openai.context-length";

    static final String ENV_BASE_URL = "OPENAI_BASE_URL";
    static final String ENV_API_KEY = "OPENAI_API_KEY";
    static final String ENV_MODEL = "ECHOLLAMA_OPENAI_MODEL";

    static Optional<String> baseUrl(ProviderConfig config, Function<String, String> env) {
        return value(config, BASE_URL, env, ENV_BASE_URL);
    }

    static Optional<String> model(ProviderConfig config, Function<String, String> env) {
        return value(config, MODEL, env, ENV_MODEL);
    }

    private static Optional<String> value(ProviderConfig config, String option, Function<String, String> env,
                                          String var) {
        Optional<String> o = config.option(option).map(String::strip).filter(s -> !s.isEmpty());
        if (o.isPresent()) {
            return o;
        }
        String e = env.apply(var);
        return e == null || e.isBlank() ? Optional.empty() : Optional.of(e.strip());
    }

    /** {@code <base>/chat/completions}; a base that already ends with it is used as it is. */
    static URI endpoint(String base) {
        String b = base.strip();
        while (b.endsWith("/")) {
            b = b.substring(0, b.length() - 1);
        }
        if (!b.endsWith("/chat/completions")) {
            b = b + "/chat/completions";
        }
        URI uri;
        try {
            uri = new URI(b);
        } catch (URISyntaxException e) {
            throw new BadInputException("option " + BASE_URL + " (or " + ENV_BASE_URL + ") is not a URL: '" + base
                    + "'");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new BadInputException("option " + BASE_URL + " (or " + ENV_BASE_URL
                    + ") must be an http(s) URL with a host, such as http://127.0.0.1:8080/v1, got '" + base + "'");
        }
        if (uri.getUserInfo() != null) {
            throw new BadInputException("option " + BASE_URL + " must not carry credentials; use " + API_KEY);
        }
        return uri;
    }

    static OpenAiSettings from(ProviderConfig config, Function<String, String> env) {
        String base = baseUrl(config, env).orElseThrow(() -> new BadInputException(
                "no server configured: set option " + BASE_URL + " or the environment variable " + ENV_BASE_URL));
        String model = model(config, env).orElseThrow(() -> new BadInputException(
                "no model name configured: set option " + MODEL + " or the environment variable " + ENV_MODEL));
        String key = value(config, API_KEY, env, ENV_API_KEY).orElse("");
        return new OpenAiSettings(endpoint(base), model, key,
                millis(config, CONNECT_TIMEOUT, 10_000, 1), millis(config, READ_TIMEOUT, 60_000, 1),
                (int) count(config, MAX_RETRIES, 3, 0, 20), millis(config, RETRY_BASE, 500, 0),
                millis(config, RETRY_MAX, 8_000, 0), millis(config, MAX_RETRY_AFTER, 30_000, 0),
                (int) count(config, CONTEXT_LENGTH, 8192, 1, Integer.MAX_VALUE));
    }

    private static Duration millis(ProviderConfig config, String key, long dflt, long min) {
        return Duration.ofMillis(count(config, key, dflt, min, 3_600_000));
    }

    private static long count(ProviderConfig config, String key, long dflt, long min, long max) {
        long v = config.intOption(key).isPresent() ? config.intOption(key).getAsInt() : dflt;
        if (v < min || v > max) {
            throw new BadInputException("option " + key + " must be in " + min + ".." + max + ", got " + v);
        }
        return v;
    }

    /** Replaces the key wherever a server echoed it. */
    String redact(String text) {
        if (text == null || apiKey.isEmpty()) {
            return text;
        }
        return text.replace(apiKey, "***");
    }

    @Override
    public String toString() {
        return "OpenAiSettings[endpoint=" + endpoint + ", model=" + model + ", apiKey="
                + (apiKey.isEmpty() ? "(none)" : "***") + ", connectTimeout=" + connectTimeout + ", readTimeout="
                + readTimeout + ", maxRetries=" + maxRetries + "]";
    }
}

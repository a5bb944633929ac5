package dev.echollama.llm.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.echollama.BadInputException;
import dev.echollama.InferenceException;
import dev.echollama.language.ChatMessage;
import dev.echollama.language.Generation;
import dev.echollama.language.GenerationOptions;
import dev.echollama.language.LanguageRequest;
import dev.echollama.language.SceneLanguageModel;
import dev.echollama.language.TokenSink;
import dev.echollama.llm.internal.TextStreamer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chat completions over HTTP with server-sent events. One {@link HttpClient} per model, shared by concurrent
 * calls (each call keeps its own state), so no locking is needed. See {@link OpenAiCompatibleProvider}.
 */
final class OpenAiChatModel implements SceneLanguageModel {
    private static final Logger LOG = LoggerFactory.getLogger(OpenAiChatModel.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ERROR_CHARS = 2000;

    private final OpenAiSettings settings;
    private final ExecutorService executor;
    private final HttpClient client;
    private final AtomicBoolean closed = new AtomicBoolean();

    OpenAiChatModel(OpenAiSettings settings) {
        this.settings = settings;
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "echollama-openai-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1) // local servers (llama-server, vLLM) speak HTTP/1.1
                .connectTimeout(settings.connectTimeout())
                .executor(executor)
                .build();
    }

    @Override
    public Generation generate(LanguageRequest request, TokenSink sink) {
        ensureOpen();
        if (request == null) {
            throw new BadInputException("request is null");
        }
        if (sink == null) {
            throw new BadInputException("sink is null; pass TokenSink.none() to discard the pieces");
        }
        TokenSink out = sink;
        byte[] body = requestBody(request);
        HttpRequest.Builder http = HttpRequest.newBuilder(settings.endpoint())
                .timeout(settings.readTimeout())
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (!settings.apiKey().isEmpty()) {
            http.header("Authorization", "Bearer " + settings.apiKey());
        }
        HttpRequest httpRequest = http.build();
        for (int attempt = 0; ; attempt++) {
            if (out.isCancelled()) {
                return new Generation("", 0, 0, Generation.Finish.CANCELLED);
            }
            HttpResponse<LineSubscriber> response;
            try {
                response = client.send(httpRequest, info -> new LineSubscriber());
            } catch (HttpTimeoutException e) {
                throw new InferenceException("no response from " + settings.endpoint() + " within "
                        + settings.readTimeout().toMillis() + " ms (" + OpenAiSettings.READ_TIMEOUT + ")", e);
            } catch (ConnectException e) {
                if (attempt < settings.maxRetries()) {
                    sleep(backoff(attempt), attempt, "could not connect");
                    continue;
                }
                throw new InferenceException("could not connect to " + settings.endpoint() + " after "
                        + (attempt + 1) + " attempts: " + e, e);
            } catch (IOException e) {
                throw new InferenceException("request to " + settings.endpoint() + " failed: " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InferenceException("interrupted while waiting for " + settings.endpoint(), e);
            }
            int status = response.statusCode();
            LineSubscriber lines = response.body();
            if (status / 100 == 2) {
                String type = response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
                return type.startsWith("application/json") ? readWhole(lines, request.options(), out)
                        : readStream(lines, type, request.options(), out);
            }
            String errorBody = settings.redact(lines.drain(settings.readTimeout().toMillis(), MAX_ERROR_CHARS));
            String serverMessage = serverMessage(errorBody);
            if ((status == 429 || status / 100 == 5) && attempt < settings.maxRetries()) {
                Duration wait = retryAfter(response).orElse(backoff(attempt));
                if (wait.compareTo(settings.maxRetryAfter()) > 0) {
                    throw new InferenceException(settings.endpoint() + " answered HTTP " + status
                            + " and asked to retry after " + wait.toMillis() + " ms, more than "
                            + OpenAiSettings.MAX_RETRY_AFTER + " = " + settings.maxRetryAfter().toMillis()
                            + " ms: " + serverMessage);
                }
                sleep(wait, attempt, "HTTP " + status);
                continue;
            }
            throw statusError(status, serverMessage, attempt + 1);
        }
    }

    private RuntimeException statusError(int status, String serverMessage, int attempts) {
        String where = settings.endpoint() + " (model " + settings.model() + ")";
        if (status == 400 || status == 413 || status == 422) {
            return new BadInputException(where + " rejected the request with HTTP " + status + ": " + serverMessage);
        }
        if (status == 429 || status / 100 == 5) {
            return new InferenceException(where + " answered HTTP " + status + " " + attempts
                    + " times; giving up: " + serverMessage);
        }
        String hint = switch (status) {
            case 401, 403 -> " (check " + OpenAiSettings.API_KEY + " / " + OpenAiSettings.ENV_API_KEY + ")";
            case 404 -> " (check " + OpenAiSettings.BASE_URL + " and " + OpenAiSettings.MODEL + ")";
            default -> "";
        };
        return new HttpStatusException(status, serverMessage, where + " answered HTTP " + status + hint + ": "
                + serverMessage);
    }

    // --- request ------------------------------------------------------------------------------------------

    byte[] requestBody(LanguageRequest request) {
        GenerationOptions o = request.options();
        ObjectNode root = JSON.createObjectNode();
        root.put("model", settings.model());
        ArrayNode messages = root.putArray("messages");
        for (ChatMessage m : request.messages()) {
            ObjectNode msg = messages.addObject();
            msg.put("role", m.role().name().toLowerCase(Locale.ROOT));
            msg.put("content", m.content());
        }
        root.put("stream", true);
        root.put("max_tokens", o.maxNewTokens());
        root.put("temperature", o.temperature());
        root.put("top_p", o.topP());
        // Not in OpenAI's own API (which rejects unknown fields), but vLLM, llama-server and Ollama accept them:
        // sent only when they change something.
        if (o.topK() > 0) {
            root.put("top_k", o.topK());
        }
        if (o.minP() > 0) {
            root.put("min_p", o.minP());
        }
        if (o.repetitionPenalty() != 1) {
            root.put("repetition_penalty", o.repetitionPenalty());
        }
        OptionalLong seed = o.seed();
        if (seed.isPresent()) {
            root.put("seed", seed.getAsLong());
        }
        if (!o.stopStrings().isEmpty()) {
            ArrayNode stop = root.putArray("stop");
            o.stopStrings().forEach(stop::add);
        }
        try {
            return JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write request JSON", e);
        }
    }

    // --- response -----------------------------------------------------------------------------------------

    private Generation readStream(LineSubscriber lines, String contentType, GenerationOptions options,
                                  TokenSink sink) {
        if (!contentType.startsWith("text/event-stream")) {
            String head = settings.redact(lines.drain(settings.readTimeout().toMillis(), 300));
            throw new InferenceException(settings.endpoint() + " answered with Content-Type '" + contentType
                    + "', expected text/event-stream (is " + OpenAiSettings.BASE_URL
                    + " an OpenAI-compatible API?): " + head);
        }
        TextStreamer out = new TextStreamer(options, sink);
        Usage usage = new Usage();
        String finishReason = null;
        boolean done = false;
        try {
            while (!done) {
                String line = lines.poll(settings.readTimeout().toMillis());
                if (line == null) {
                    break;
                }
                if (line.isEmpty() || line.startsWith(":")) {
                    continue; // event boundary or comment (keep-alive)
                }
                int colon = line.indexOf(':');
                String field = colon < 0 ? line : line.substring(0, colon);
                if (!field.equals("data")) {
                    continue; // event:, id:, retry: carry nothing we use
                }
                String data = line.substring(colon + 1);
                if (data.startsWith(" ")) {
                    data = data.substring(1);
                }
                if (data.strip().equals("[DONE]")) {
                    done = true;
                    break;
                }
                JsonNode event = parse(data);
                checkError(event);
                usage.read(event);
                JsonNode choice = event.path("choices").path(0);
                JsonNode content = choice.path("delta").path("content");
                if (content.isTextual() && !content.asText().isEmpty() && !out.accept(content.asText())) {
                    lines.cancel();
                    return result(out, usage);
                }
                if (out.cancelled()) {
                    lines.cancel();
                    return result(out, usage);
                }
                if (choice.path("finish_reason").isTextual()) {
                    finishReason = choice.path("finish_reason").asText();
                }
            }
        } catch (LineSubscriber.Timeout e) {
            lines.cancel();
            throw new InferenceException(settings.endpoint() + " sent nothing for "
                    + settings.readTimeout().toMillis() + " ms in the middle of a reply ("
                    + OpenAiSettings.READ_TIMEOUT + ")");
        } catch (IOException e) {
            throw new InferenceException("connection to " + settings.endpoint() + " failed mid-reply: " + e, e);
        } catch (InterruptedException e) {
            lines.cancel();
            Thread.currentThread().interrupt();
            throw new InferenceException("interrupted while reading from " + settings.endpoint(), e);
        } catch (RuntimeException e) {
            lines.cancel();
            throw e;
        }
        lines.cancel();
        if (!done && finishReason == null) {
            throw new InferenceException("the event stream from " + settings.endpoint()
                    + " ended without [DONE] or a finish_reason: the reply may be cut short");
        }
        out.end("length".equals(finishReason) ? Generation.Finish.LENGTH : Generation.Finish.STOP);
        return result(out, usage);
    }

    /** A server that ignored {@code "stream": true} and sent one JSON completion. */
    private Generation readWhole(LineSubscriber lines, GenerationOptions options, TokenSink sink) {
        String body = lines.drain(settings.readTimeout().toMillis(), Integer.MAX_VALUE - 16);
        JsonNode root = parse(body);
        checkError(root);
        Usage usage = new Usage();
        usage.read(root);
        JsonNode choice = root.path("choices").path(0);
        JsonNode content = choice.path("message").path("content");
        if (!content.isTextual()) {
            throw new InferenceException(settings.endpoint() + " sent a completion without choices[0].message"
                    + ".content: " + abbreviate(settings.redact(body)));
        }
        TextStreamer out = new TextStreamer(options, sink);
        out.accept(content.asText());
        out.end("length".equals(choice.path("finish_reason").asText()) ? Generation.Finish.LENGTH
                : Generation.Finish.STOP);
        return result(out, usage);
    }

    private static Generation result(TextStreamer out, Usage usage) {
        return new Generation(out.text(), usage.prompt, usage.completion >= 0 ? usage.completion : out.pieces(),
                out.finish());
    }

    private static final class Usage {
        int prompt;
        int completion = -1;

        void read(JsonNode event) {
            JsonNode u = event.path("usage");
            if (u.isObject()) {
                prompt = u.path("prompt_tokens").asInt(prompt);
                completion = u.path("completion_tokens").asInt(completion);
            }
        }
    }

    private JsonNode parse(String data) {
        try {
            JsonNode n = JSON.readTree(data);
            if (n == null || !n.isObject()) {
                throw new InferenceException("malformed event from " + settings.endpoint()
                        + ": expected a JSON object, got: " + abbreviate(settings.redact(data)));
            }
            return n;
        } catch (JsonProcessingException e) {
            throw new InferenceException("malformed event from " + settings.endpoint() + ": not JSON ("
                    + e.getOriginalMessage() + "): " + abbreviate(settings.redact(data)));
        }
    }

    private void checkError(JsonNode event) {
        JsonNode error = event.get("error");
        if (error != null && !error.isNull()) {
            String msg = error.isTextual() ? error.asText() : error.path("message").asText(error.toString());
            throw new InferenceException(settings.endpoint() + " reported an error in its reply: "
                    + settings.redact(msg));
        }
    }

    /** {@code error.message}, {@code error} (a string), {@code message} or {@code detail}; else the raw body. */
    static String serverMessage(String body) {
        if (body == null || body.isBlank()) {
            return "(empty body)";
        }
        try {
            JsonNode n = JSON.readTree(body);
            if (n != null && n.isObject()) {
                JsonNode e = n.get("error");
                if (e != null && e.isObject() && e.path("message").isTextual()) {
                    return e.path("message").asText();
                }
                if (e != null && e.isTextual()) {
                    return e.asText();
                }
                if (n.path("message").isTextual()) {
                    return n.path("message").asText();
                }
                if (n.path("detail").isTextual()) {
                    return n.path("detail").asText();
                }
            }
        } catch (JsonProcessingException ignored) {
            // not JSON: use the text
        }
        return abbreviate(body.strip());
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "…";
    }

    // --- retries ------------------------------------------------------------------------------------------

    /** Exponential with "equal jitter": half the step fixed, half random; capped by openai.retry-max-ms. */
    Duration backoff(int attempt) {
        long base = settings.retryBase().toMillis();
        long step = Math.min(settings.retryMax().toMillis(), base << Math.min(attempt, 20));
        long half = step / 2;
        return Duration.ofMillis(half + (half > 0 ? ThreadLocalRandom.current().nextLong(half + 1) : 0));
    }

    /** {@code retry-after-ms} (OpenAI), else {@code Retry-After} in seconds or as an HTTP date. */
    static Optional<Duration> retryAfter(HttpResponse<?> response) {
        Optional<String> ms = response.headers().firstValue("retry-after-ms");
        if (ms.isPresent()) {
            try {
                return Optional.of(Duration.ofMillis(Math.max(0, (long) Double.parseDouble(ms.get().strip()))));
            } catch (NumberFormatException ignored) {
                // fall through to Retry-After
            }
        }
        Optional<String> ra = response.headers().firstValue("Retry-After");
        if (ra.isEmpty()) {
            return Optional.empty();
        }
        String v = ra.get().strip();
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(v))));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime when = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(ZonedDateTime.now(when.getZone()), when);
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }

    private void sleep(Duration d, int attempt, String why) {
        LOG.warn("{} from {}; retry {} of {} in {} ms", why, settings.endpoint(), attempt + 1,
                settings.maxRetries(), d.toMillis());
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InferenceException("interrupted while waiting to retry " + settings.endpoint(), e);
        }
    }

    // --- the rest of the contract -------------------------------------------------------------------------

    /** An estimate (about four characters a token): the server's tokenizer is not reachable from here. */
    @Override
    public int countTokens(String text) {
        ensureOpen();
        if (text == null) {
            throw new BadInputException("text is null");
        }
        return (text.length() + 3) / 4;
    }

    /** {@code openai.context-length} (default 8192): the server does not say. */
    @Override
    public int contextLength() {
        ensureOpen();
        return settings.contextLength();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            executor.shutdownNow();
        }
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("this OpenAI-compatible model (" + settings.endpoint() + ") is closed");
        }
    }

    @Override
    public String toString() {
        return "OpenAiChatModel[" + settings + (closed.get() ? ", closed" : "") + "]";
    }
}

package dev.echollama.llm.openai;

import static dev.echollama.llm.openai.FakeOpenAiServer.raw;
import static dev.echollama.llm.openai.FakeOpenAiServer.sleepThen;
import static dev.echollama.llm.openai.FakeOpenAiServer.status;
import static dev.echollama.llm.openai.FakeOpenAiServer.stream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.echollama.BadInputException;
import dev.echollama.EchoException;
import dev.echollama.InferenceException;
import dev.echollama.language.ChatMessage;
import dev.echollama.language.Generation;
import dev.echollama.language.GenerationOptions;
import dev.echollama.language.LanguageRequest;
import dev.echollama.language.SceneLanguageModel;
import dev.echollama.language.SceneLanguageModelProvider;
import dev.echollama.language.TokenSink;
import dev.echollama.spi.Availability;
import dev.echollama.spi.ProviderConfig;
import dev.echollama.spi.Providers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class OpenAiCompatibleProviderTest {
    private static final String KEY = "sk-test-SECRET-0123456789";
    private FakeOpenAiServer server;

    @BeforeEach
    void start() throws Exception {
        server = new FakeOpenAiServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ProviderConfig config(String... extra) {
        ProviderConfig.Builder b = ProviderConfig.builder()
                .option("openai.base-url", server.baseUrl())
                .option("openai.model", "llama-3.2-1b-instruct")
                .option("openai.api-key", KEY)
                .option("openai.retry-base-ms", "10")
                .option("openai.read-timeout-ms", "5000");
        for (int i = 0; i < extra.length; i += 2) {
            b.option(extra[i], extra[i + 1]);
        }
        return b.build();
    }

    private SceneLanguageModel model(String... extra) {
        return new OpenAiCompatibleProvider(k -> null).create(config(extra));
    }

    private static LanguageRequest ask(String q, GenerationOptions o) {
        return new LanguageRequest(List.of(ChatMessage.system("You describe places."), ChatMessage.user(q)),
                Optional.empty(), o);
    }

    @Test
    void streamsPiecesAndSendsTheOptions() throws Exception {
        server.then(stream("A dog", " sits", " on the", " left."));
        List<String> pieces = new ArrayList<>();
        try (SceneLanguageModel m = model()) {
            GenerationOptions o = GenerationOptions.paper().withMaxNewTokens(200).withSeed(42)
                    .withStopStrings(List.of("\n\n"));
            Generation g = m.generate(ask("Describe this place.", o), pieces::add);
            assertThat(pieces).containsExactly("A dog", " sits", " on the", " left.");
            assertThat(g.text()).isEqualTo("A dog sits on the left.");
            assertThat(g.finish()).isEqualTo(Generation.Finish.STOP);
            assertThat(g.promptTokens()).isEqualTo(11);
            assertThat(g.generatedTokens()).isEqualTo(4);
        }
        FakeOpenAiServer.Received r = server.received.get(0);
        assertThat(r.authorization()).isEqualTo("Bearer " + KEY);
        assertThat(r.accept()).isEqualTo("text/event-stream");
        JsonNode body = new ObjectMapper().readTree(r.body());
        assertThat(body.get("model").asText()).isEqualTo("llama-3.2-1b-instruct");
        assertThat(body.get("stream").asBoolean()).isTrue();
        assertThat(body.get("max_tokens").asInt()).isEqualTo(200);
        assertThat(body.get("temperature").asDouble()).isEqualTo(0.7);
        assertThat(body.get("top_p").asDouble()).isEqualTo(0.95);
        assertThat(body.get("seed").asLong()).isEqualTo(42);
        assertThat(body.get("stop").get(0).asText()).isEqualTo("\n\n");
        assertThat(body.has("top_k")).isFalse();
        assertThat(body.has("repetition_penalty")).isFalse();
        assertThat(body.get("messages").get(0).get("role").asText()).isEqualTo("system");
        assertThat(body.get("messages").get(1).get("role").asText()).isEqualTo("user");
        assertThat(body.get("messages").get(1).get("content").asText()).isEqualTo("Describe this place.");
    }

    @Test
    void retriesA429AfterRetryAfter() {
        server.then(status(429, "{\"error\":{\"message\":\"Rate limit reached\"}}", Map.of("Retry-After", "1")))
                .then(stream("ok"));
        try (SceneLanguageModel m = model()) {
            long t0 = System.nanoTime();
            Generation g = m.generate(ask("hi", GenerationOptions.greedy(5)), TokenSink.none());
            long waited = Duration.ofNanos(System.nanoTime() - t0).toMillis();
            assertThat(g.text()).isEqualTo("ok");
            assertThat(waited).isGreaterThanOrEqualTo(1000);
            assertThat(server.received).hasSize(2);
        }
    }

    @Test
    void retryAfterBeyondTheLimitFailsAtOnce() {
        server.then(status(429, "{\"error\":{\"message\":\"slow down\"}}", Map.of("Retry-After", "120")));
        try (SceneLanguageModel m = model()) {
            assertThatThrownBy(() -> m.generate(ask("hi", GenerationOptions.greedy(5)), TokenSink.none()))
                    .isInstanceOf(InferenceException.class).hasMessageContaining("120000 ms")
                    .hasMessageContaining("openai.max-retry-after-ms").hasMessageContaining("slow down");
        }
    }

    @Test
    void retriesA500ThenSucceeds() {
        server.then(status(500, "{\"error\":{\"message\":\"boom\"}}", Map.of()))
                .then(status(503, "overloaded", Map.of()))
                .then(stream("fine"));
        try (SceneLanguageModel m = model()) {
            assertThat(m.generate(ask("hi", GenerationOptions.greedy(5)), TokenSink.none()).text()).isEqualTo("fine");
            assertThat(server.received).hasSize(3);
        }
    }

    @Test
    void gives5xxUpAfterTheRetries() {
        server.always(status(502, "{\"error\":{\"message\":\"bad gateway\"}}", Map.of()));
        try (SceneLanguageModel m = model("openai.max-retries", "2")) {
            assertThatThrownBy(() -> m.generate(ask("hi", GenerationOptions.greedy(5)), TokenSink.none()))
                    .isInstanceOf(InferenceException.class).hasMessageContaining("HTTP 502")
                    .hasMessageContaining("3 times").hasMessageContaining("bad gateway");
            assertThat(server.received).hasSize(3);
        }
    }

    @Test
    void unauthorisedNamesStatusAndServerMessageButNotTheKey() {
        server.then(status(401, "{\"error\":{\"message\":\"Incorrect API key provided: " + KEY + "\","
                + "\"type\":\"invalid_request_error\"}}", Map.of()));
        try (SceneLanguageModel m = model()) {
            assertThatThrownBy(() -> m.generate(ask("hi", GenerationOptions.greedy(5)), TokenSink.none()))
                    .isInstanceOfSatisfying(HttpStatusException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(401);
                        assertThat(e.serverMessage()).startsWith("Incorrect API key provided");
                        assertThat(e.getMessage()).contains("401").contains("Incorrect API key")
                                .contains("openai.api-key").doesNotContain(KEY);
                        assertThat(e.serverMessage()).doesNotContain(KEY);
                    });
            assertThat(server.received).hasSize(1); // no retry on 401
            assertThat(m.toString()).doesNotContain(KEY).contains("***");
        }
    }

    @Test
    void notFoundAndBadRequest() {
        server.then(status(404, "{\"detail\":\"model 'x' not found\"}", Map.of()))
                .then(status(400, "{\"error\":\"max_tokens is too large\"}", Map.of()));
        try (SceneLanguageModel m = model()) {
            assertThatThrownBy(() -> m.generate(ask("hi", GenerationOptions.greedy(5)), TokenSink.none()))
                    .isInstanceOfSatisfying(HttpStatusException.class, e -> assertThat(e.statusCode()).isEqualTo(404))
                    .isInstanceOf(EchoException.class).hasMessageContaining("model 'x' not found");
            assertThatThrownBy(() -> m.generate(ask("hi", GenerationOptions.greedy(5)), TokenSink.none()))
                    .isInstanceOf(BadInputException.class).hasMessageContaining("HTTP 400")
                    .hasMessageContaining("max_tokens is too large");
        }
    }

    @Test
    void malformedEventIsAClearErrorNotAHang() {
        server.then(raw("data: {\"choices\":[{\"delta\":{\"content\":\"A\"}}]}\n\ndata: {\"choices\": [oops\n\n"));
        try (SceneLanguageModel m = model()) {
            assertThatThrownBy(() -> m.generate(ask("hi", GenerationOptions.greedy(5)), TokenSink.none()))
                    .isInstanceOf(InferenceException.class).hasMessageContaining("malformed event")
                    .hasMessageContaining("oops");
        }
    }

    @Test
    void streamCutShortIsAnError() {
        server.then(raw("data: {\"choices\":[{\"delta\":{\"content\":\"A\"}}]}\n\n"));
        try (SceneLanguageModel m = model()) {
            assertThatThrownBy(() -> m.generate(ask("hi", GenerationOptions.greedy(5)), TokenSink.none()))
                    .isInstanceOf(InferenceException.class).hasMessageContaining("without [DONE]");
        }
    }

    @Test
    void errorEventMidStream() {
        server.then(raw("data: {\"error\":{\"message\":\"context overflow\"}}\n\n"));
        try (SceneLanguageModel m = model()) {
            assertThatThrownBy(() -> m.generate(ask("hi", GenerationOptions.greedy(5)), TokenSink.none()))
                    .isInstanceOf(InferenceException.class).hasMessageContaining("context overflow");
        }
    }

    @Test
    void slowServerTimesOutBeforeHeaders() {
        server.then(sleepThen(5000, stream("late")));
        try (SceneLanguageModel m = model("openai.read-timeout-ms", "300")) {
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> m.generate(ask("hi", GenerationOptions.greedy(5)), TokenSink.none()))
                    .isInstanceOf(InferenceException.class).hasMessageContaining("300 ms")
                    .hasMessageContaining("openai.read-timeout-ms");
            assertThat(Duration.ofNanos(System.nanoTime() - t0).toMillis()).isLessThan(4900);
        }
    }

    @Test
    void silentStreamTimesOutMidReply() {
        server.then(ex -> {
            ex.getResponseHeaders().add("Content-Type", "text/event-stream");
            ex.sendResponseHeaders(200, 0);
            FakeOpenAiServer.write(ex.getResponseBody(), "data: {\"choices\":[{\"delta\":{\"content\":\"A\"}}]}\n\n");
            Thread.sleep(5000);
        });
        try (SceneLanguageModel m = model("openai.read-timeout-ms", "300")) {
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> m.generate(ask("hi", GenerationOptions.greedy(5)), TokenSink.none()))
                    .isInstanceOf(InferenceException.class).hasMessageContaining("sent nothing for 300 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - t0).toMillis()).isLessThan(4900);
        }
    }

    @Test
    void cancellationStopsReading() {
        server.then(stream("one", " two", " three", " four", " five"));
        AtomicInteger n = new AtomicInteger();
        TokenSink sink = new TokenSink() {
            @Override
            public void onToken(String text) {
                n.incrementAndGet();
            }

            @Override
            public boolean isCancelled() {
                return n.get() >= 2;
            }
        };
        try (SceneLanguageModel m = model()) {
            Generation g = m.generate(ask("count", GenerationOptions.greedy(50)), sink);
            assertThat(g.finish()).isEqualTo(Generation.Finish.CANCELLED);
            assertThat(g.text()).isEqualTo("one two");
        }
    }

    @Test
    void wholeJsonReplyFromAServerThatDoesNotStream() {
        server.then(status(200, "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"Hello.\"},"
                + "\"finish_reason\":\"length\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2}}", Map.of()));
        try (SceneLanguageModel m = model()) {
            Generation g = m.generate(ask("hi", GenerationOptions.greedy(2)), TokenSink.none());
            assertThat(g.text()).isEqualTo("Hello.");
            assertThat(g.finish()).isEqualTo(Generation.Finish.LENGTH);
            assertThat(g.generatedTokens()).isEqualTo(2);
        }
    }

    @Test
    void concurrentCalls() throws Exception {
        server.always(stream("same", " answer"));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (SceneLanguageModel m = model()) {
            List<Future<String>> fs = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                fs.add(pool.submit(() -> m.generate(ask("q", GenerationOptions.greedy(5)), TokenSink.none()).text()));
            }
            for (Future<String> f : fs) {
                assertThat(f.get()).isEqualTo("same answer");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void closeIsIdempotentAndUseAfterCloseFails() {
        SceneLanguageModel m = model();
        assertThat(m.contextLength()).isEqualTo(8192);
        assertThat(m.countTokens("abcdefgh")).isEqualTo(2);
        m.close();
        m.close();
        assertThatThrownBy(() -> m.generate(ask("hi", GenerationOptions.greedy(5)), TokenSink.none()))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> m.countTokens("x")).isInstanceOf(IllegalStateException.class);
        assertThat(server.received).isEmpty();
    }

    @Test
    void availabilitySaysWhatToSet() {
        OpenAiCompatibleProvider none = new OpenAiCompatibleProvider(k -> null);
        Availability a = none.availability(ProviderConfig.defaults());
        assertThat(a.available()).isFalse();
        assertThat(a.reason()).contains("openai.base-url").contains("OPENAI_BASE_URL");
        Availability noModel = none.availability(ProviderConfig.builder().option("openai.base-url", server.baseUrl())
                .build());
        assertThat(noModel.available()).isFalse();
        assertThat(noModel.reason()).contains("openai.model").contains("ECHOLLAMA_OPENAI_MODEL");
        assertThat(none.availability(ProviderConfig.builder().option("openai.base-url", "ftp://x")
                .option("openai.model", "m").build()).reason()).contains("http(s)");

        Map<String, String> env = new HashMap<>();
        env.put("OPENAI_BASE_URL", server.baseUrl());
        env.put("ECHOLLAMA_OPENAI_MODEL", "m");
        env.put("OPENAI_API_KEY", KEY);
        Availability fromEnv = new OpenAiCompatibleProvider(env::get).availability(ProviderConfig.defaults());
        assertThat(fromEnv.available()).isTrue();
        assertThat(fromEnv.reason()).contains("/v1/chat/completions").doesNotContain(KEY);
        assertThat(server.received).isEmpty(); // availability never calls the server
    }

    @Test
    void registeredAndUnavailableByDefault() {
        List<Providers.Status> list = Providers.list(SceneLanguageModelProvider.class, ProviderConfig.defaults());
        assertThat(list).anyMatch(s -> s.name().equals("openai"));
    }
}

package dev.echollama.llm.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.echollama.language.ChatMessage;
import dev.echollama.language.GenerationOptions;
import dev.echollama.language.LanguageRequest;
import dev.echollama.language.SceneLanguageModel;
import dev.echollama.language.TokenSink;
import dev.echollama.spi.ProviderConfig;
import dev.echollama.testkit.contract.SceneLanguageModelContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The OpenAI-compatible model passes the shared language-model contract against a local server on 127.0.0.1 that
 * answers every request the same way, streaming word by word, and refuses (HTTP 400, as vLLM and llama-server do)
 * a conversation longer than its {@value #SERVER_CONTEXT}-token context, counting four characters a token.
 */
class OpenAiCompatibleContractTest extends SceneLanguageModelContract {
    static final int SERVER_CONTEXT = 256;
    static final String[] REPLY = {"There", " is", " a chair", " on", " your", " left."};
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LocalServer server = LocalServer.start();

    /** An HttpServer on 127.0.0.1 (ephemeral port) with the deterministic handler described above. */
    static final class LocalServer implements AutoCloseable {
        private final HttpServer http;
        private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "contract-openai");
            t.setDaemon(true);
            return t;
        });

        private LocalServer(HttpServer http) {
            this.http = http;
        }

        static LocalServer start() {
            try {
                LocalServer s = new LocalServer(
                        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
                s.http.setExecutor(s.pool);
                s.http.createContext("/v1/chat/completions", LocalServer::handle);
                s.http.start();
                return s;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static void handle(HttpExchange ex) throws IOException {
            try (ex) {
                JsonNode body = JSON.readTree(ex.getRequestBody());
                int chars = 0;
                for (JsonNode m : body.path("messages")) {
                    chars += m.path("content").asText().length();
                }
                int tokens = (chars + 3) / 4;
                if (tokens > SERVER_CONTEXT) {
                    FakeOpenAiServer.status(400, "{\"error\":{\"message\":\"This model's maximum context length is "
                            + SERVER_CONTEXT + " tokens; your messages take " + tokens + "\"}}", Map.of())
                            .respond(ex);
                } else {
                    FakeOpenAiServer.stream(REPLY).respond(ex);
                }
            } catch (IOException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException(e);
            }
        }

        String baseUrl() {
            return "http://127.0.0.1:" + http.getAddress().getPort() + "/v1";
        }

        @Override
        public void close() {
            http.stop(0);
            pool.shutdownNow();
        }
    }

    static ProviderConfig config(LocalServer server) {
        return ProviderConfig.builder()
                .option("openai.base-url", server.baseUrl())
                .option("openai.model", "llama-3.2-1b-instruct")
                .option("openai.context-length", String.valueOf(SERVER_CONTEXT))
                .option("openai.retry-base-ms", "10")
                .option("openai.read-timeout-ms", "10000")
                .build();
    }

    @AfterAll
    void stopServer() {
        server.close();
    }

    @Override
    protected SceneLanguageModel createStage() {
        return new OpenAiCompatibleProvider(k -> null).create(config(server));
    }

    @Override
    protected LanguageRequest validInput() {
        return new LanguageRequest(List.of(ChatMessage.system("You describe places."),
                ChatMessage.user("What is on my left?")), Optional.empty(), GenerationOptions.greedy(32));
    }

    @Override
    protected Optional<LanguageRequest> invalidInput() {
        return Optional.of(new LanguageRequest(List.of(ChatMessage.user("word ".repeat(400))), Optional.empty(),
                GenerationOptions.greedy(32)));
    }

    /** So that the shared checks compare the server's real reply. */
    @Test
    void validInputGetsTheServersReply() {
        assertThat(sharedStage().generate(validInput(), TokenSink.none()).text())
                .isEqualTo(String.join("", REPLY));
    }
}

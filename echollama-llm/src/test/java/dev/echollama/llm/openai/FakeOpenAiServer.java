package dev.echollama.llm.openai;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A scripted OpenAI-style server on 127.0.0.1 (an ephemeral port): each request takes the next step. */
final class FakeOpenAiServer implements AutoCloseable {

    @FunctionalInterface
    interface Step {
        void respond(HttpExchange ex) throws Exception;
    }

    record Received(String body, String authorization, String accept) {
    }

    private final HttpServer server;
    private final ExecutorService pool;
    private final ConcurrentLinkedDeque<Step> script = new ConcurrentLinkedDeque<>();
    private volatile Step fallback;
    final List<Received> received = new CopyOnWriteArrayList<>();

    FakeOpenAiServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-openai");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(pool);
        server.createContext("/v1/chat/completions", ex -> {
            try (ex) {
                String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                received.add(new Received(body, ex.getRequestHeaders().getFirst("Authorization"),
                        ex.getRequestHeaders().getFirst("Accept")));
                Step s = script.poll();
                if (s == null) {
                    s = fallback;
                }
                if (s == null) {
                    status(500, "{\"error\":{\"message\":\"script exhausted\"}}", Map.of()).respond(ex);
                } else {
                    s.respond(ex);
                }
            } catch (Exception e) {
                // the client may have hung up (timeouts, cancellation); nothing to do
            }
        });
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    FakeOpenAiServer then(Step s) {
        script.add(s);
        return this;
    }

    FakeOpenAiServer always(Step s) {
        fallback = s;
        return this;
    }

    /** One chunk per piece, then finish_reason and [DONE]; flushed piece by piece. */
    static Step stream(String... pieces) {
        return ex -> {
            ex.getResponseHeaders().add("Content-Type", "text/event-stream");
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            write(out, ": keep-alive comment\n\n");
            write(out, "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"}}]}\n\n");
            for (String p : pieces) {
                write(out, "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":" + quote(p) + "}}]}\n\n");
            }
            write(out, "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],"
                    + "\"usage\":{\"prompt_tokens\":11,\"completion_tokens\":" + pieces.length + "}}\n\n");
            write(out, "data: [DONE]\n\n");
        };
    }

    /** Raw SSE text. */
    static Step raw(String sse) {
        return ex -> {
            ex.getResponseHeaders().add("Content-Type", "text/event-stream; charset=utf-8");
            ex.sendResponseHeaders(200, 0);
            write(ex.getResponseBody(), sse);
        };
    }

    static Step status(int code, String body, Map<String, String> headers) {
        return ex -> {
            headers.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
            ex.getResponseHeaders().add("Content-Type", "application/json");
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(code, b.length);
            ex.getResponseBody().write(b);
        };
    }

    static Step sleepThen(long millis, Step then) {
        return ex -> {
            Thread.sleep(millis);
            then.respond(ex);
        };
    }

    static void write(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}

package dev.echollama.cli.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OpenAI-compatible {@code /v1/chat/completions} server on 127.0.0.1 for tests. It streams the reply
 * {@code "<name> saw: <caption>"}, the caption being taken from the request's "Image Description:" line, so a test
 * can tell which prompt a reply answers. It can be slow (a pause before the reply and between pieces), fail every
 * n-th call by cutting the event stream mid-reply (the client sees no [DONE]), or refuse every call with a status.
 */
public final class FakeChatServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final long delayMs;
    private final int failEvery;
    private final int status;
    private final HttpServer server;
    private final ExecutorService pool;
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicInteger cut = new AtomicInteger();
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();

    private FakeChatServer(String name, long delayMs, int failEvery, int status) throws IOException {
        this.name = name;
        this.delayMs = delayMs;
        this.failEvery = failEvery;
        this.status = status;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-chat-" + name);
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(pool);
        server.createContext("/v1/chat/completions", this::handle);
        server.start();
    }

    /** Replies after {@code delayMs}, and paces the pieces of the reply by {@code delayMs / 10}. */
    public static FakeChatServer slow(String name, long delayMs) throws IOException {
        return new FakeChatServer(name, delayMs, 0, 200);
    }

    /** Cuts the stream of every {@code n}-th call (the 3rd, 6th, ... for n = 3) after the first piece. */
    public static FakeChatServer failingEvery(String name, int n) throws IOException {
        return new FakeChatServer(name, 0, n, 200);
    }

    /** Answers every call with this HTTP status and an OpenAI-style error body. */
    public static FakeChatServer refusing(String name, int status) throws IOException {
        return new FakeChatServer(name, 0, 0, status);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** {@code URL,MODEL} for {@code --chosen} / {@code --rejected}. */
    public String spec(String model) {
        return baseUrl() + "," + model;
    }

    public int calls() {
        return calls.get();
    }

    public int maxInFlight() {
        return maxInFlight.get();
    }

    /** Calls whose stream was cut on purpose. */
    public int cutCalls() {
        return cut.get();
    }

    public List<JsonNode> requests() {
        return requests;
    }

    public List<String> authorizations() {
        return authorizations;
    }

    /** The reply this server gives for a prompt holding this caption. */
    public String replyFor(String caption) {
        return name + " saw: " + caption;
    }

    private void handle(HttpExchange ex) {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try (ex) {
            JsonNode req = JSON.readTree(ex.getRequestBody().readAllBytes());
            requests.add(req);
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            authorizations.add(auth == null ? "" : auth);
            int n = calls.incrementAndGet();
            if (status != 200) {
                byte[] b = ("{\"error\":{\"message\":\"" + name + " refuses: status " + status + "\"}}")
                        .getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(status, b.length);
                ex.getResponseBody().write(b);
                return;
            }
            String user = req.path("messages").path(req.path("messages").size() - 1).path("content").asText();
            String caption = user.lines().filter(l -> l.startsWith("Image Description: ")).findFirst()
                    .map(l -> l.substring("Image Description: ".length())).orElse("?");
            String reply = replyFor(caption);
            sleep(delayMs);
            ex.getResponseHeaders().add("Content-Type", "text/event-stream");
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            String[] words = reply.split("(?<= )");
            boolean fail = failEvery > 0 && n % failEvery == 0;
            for (int i = 0; i < words.length; i++) {
                write(out, "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":"
                        + JSON.writeValueAsString(words[i]) + "}}]}\n\n");
                if (fail) {
                    cut.incrementAndGet();
                    return; // the stream ends here: no finish_reason, no [DONE]
                }
                sleep(delayMs / 10);
            }
            write(out, "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n");
            write(out, "data: [DONE]\n\n");
        } catch (IOException e) {
            // the client hung up
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private static void sleep(long ms) {
        if (ms <= 0) {
            return;
        }
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void write(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}

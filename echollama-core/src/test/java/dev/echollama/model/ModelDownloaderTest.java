package dev.echollama.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.echollama.BadInputException;
import dev.echollama.EchoException;
import dev.echollama.ModelCorruptException;
import dev.echollama.ModelMissingException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Every test talks only to a server on 127.0.0.1 that it starts itself. */
@Timeout(60)
class ModelDownloaderTest {
    private static final byte[] BODY = new byte[300_000];

    static {
        new Random(7).nextBytes(BODY);
    }

    @TempDir
    Path dir;

    private HttpServer server;
    private final ConcurrentLinkedQueue<String> ranges = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> auth = new ConcurrentLinkedQueue<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger fullBodies = new AtomicInteger();
    /** What the handler does on request number i (0-based); the last entry repeats. */
    private volatile List<String> script = List.of("ok");

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        int n = requests.getAndIncrement();
        String action = script.get(Math.min(n, script.size() - 1));
        String range = ex.getRequestHeaders().getFirst("Range");
        ranges.add(range == null ? "-" : range);
        String a = ex.getRequestHeaders().getFirst("Authorization");
        auth.add(a == null ? "-" : a);
        switch (action) {
            case "404" -> send(ex, 404, new byte[0]);
            case "500" -> send(ex, 500, new byte[0]);
            case "429" -> send(ex, 429, new byte[0]);
            case "401" -> send(ex, 401, new byte[0]);
            case "slow" -> {
                sleep(3000);
                send(ex, 200, BODY);
            }
            case "drop" -> {
                // Promise the whole body, send 100 kB, then close the connection.
                ex.sendResponseHeaders(200, BODY.length);
                OutputStream out = ex.getResponseBody();
                out.write(BODY, 0, 100_000);
                out.flush();
                ex.close();
            }
            case "serialised" -> {
                sleep(300); // long enough that a second fetcher would overlap if it were not locked out
                okOrRange(ex, range);
            }
            default -> okOrRange(ex, range);
        }
    }

    private void okOrRange(HttpExchange ex, String range) throws IOException {
        if (range != null && range.startsWith("bytes=")) {
            int from = Integer.parseInt(range.substring(6, range.indexOf('-')));
            byte[] rest = java.util.Arrays.copyOfRange(BODY, from, BODY.length);
            ex.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (BODY.length - 1) + "/" + BODY.length);
            send(ex, 206, rest);
        } else {
            fullBodies.incrementAndGet();
            send(ex, 200, BODY);
        }
    }

    private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
        ex.close();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private ModelSpec spec(String file, String sha) {
        ModelFile f = sha == null ? ModelFile.of(file) : ModelFile.of(file, BODY.length, sha);
        return new ModelSpec("test-model", "test", new ModelSource.BaseUrl(URI.create(base() + "/files")), true,
                "MIT", Map.of("default", List.of(f)), "default");
    }

    private ModelDownloader.Builder downloader() {
        return ModelDownloader.builder().allowLoopbackHttp(true).offline(false).token(null)
                .backoff(Duration.ofMillis(10)).retries(3).readTimeout(Duration.ofSeconds(10));
    }

    private static String sha(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void fetchesVerifiesAndMovesIntoPlace() throws Exception {
        Path out = downloader().build().fetch(spec("onnx/model.onnx", sha(BODY)), null, dir, null);
        assertThat(Files.readAllBytes(out.resolve("onnx/model.onnx"))).isEqualTo(BODY);
        assertThat(Files.exists(dir.resolve("onnx/model.onnx.part"))).isFalse();
        assertThat(ModelDownloader.verify(spec("onnx/model.onnx", sha(BODY)), null, dir)).isEmpty();
        // a second fetch finds it and asks nothing
        downloader().build().fetch(spec("onnx/model.onnx", sha(BODY)), null, dir, null);
        assertThat(requests.get()).isEqualTo(1);
    }

    @Test
    void resumesAfterADroppedConnectionWithARangeRequest() throws Exception {
        script = List.of("drop", "ok");
        downloader().build().fetch(spec("m.onnx", sha(BODY)), null, dir, null);
        assertThat(Files.readAllBytes(dir.resolve("m.onnx"))).isEqualTo(BODY);
        assertThat(ranges).containsExactly("-", "bytes=100000-");
    }

    @Test
    void aWrongChecksumIsRefusedAndLeavesNoFileBehind() throws Exception {
        String wrong = sha(new byte[] {1, 2, 3});
        assertThatThrownBy(() -> downloader().build().fetch(spec("m.onnx", wrong), null, dir, null))
                .isInstanceOf(ModelCorruptException.class)
                .hasMessageContaining("expected sha256 " + wrong)
                .hasMessageContaining(sha(BODY));
        assertThat(Files.exists(dir.resolve("m.onnx"))).isFalse();
        assertThat(Files.exists(dir.resolve("m.onnx.part"))).isFalse();
    }

    @Test
    void notFoundIsAMissingModelNamingTheFile() {
        script = List.of("404");
        assertThatThrownBy(() -> downloader().build().fetch(spec("m.onnx", null), null, dir, null))
                .isInstanceOf(ModelMissingException.class)
                .hasMessageContaining("m.onnx").hasMessageContaining("404");
        assertThat(requests.get()).isEqualTo(1);
    }

    @Test
    void unauthorisedSaysToSetTheToken() {
        script = List.of("401");
        assertThatThrownBy(() -> downloader().build().fetch(spec("m.onnx", null), null, dir, null))
                .isInstanceOf(ModelMissingException.class).hasMessageContaining("HF_TOKEN");
    }

    @Test
    void serverErrorsAndRateLimitsAreRetried() throws Exception {
        script = List.of("500", "429", "ok");
        downloader().build().fetch(spec("m.onnx", sha(BODY)), null, dir, null);
        assertThat(Files.readAllBytes(dir.resolve("m.onnx"))).isEqualTo(BODY);
        assertThat(requests.get()).isEqualTo(3);
    }

    @Test
    void aServerTooSlowTimesOutWithAClearError() {
        script = List.of("slow");
        ModelDownloader d = downloader().readTimeout(Duration.ofMillis(300)).retries(1).build();
        assertThatThrownBy(() -> d.fetch(spec("m.onnx", null), null, dir, null))
                .isInstanceOf(EchoException.class)
                .hasMessageContaining("after 2 attempts").hasMessageContaining("timed out");
        assertThat(Files.exists(dir.resolve("m.onnx"))).isFalse();
    }

    @Test
    void twoConcurrentFetchersDownloadTheFileOnce() throws Exception {
        script = List.of("serialised");
        ModelSpec s = spec("m.onnx", sha(BODY));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch go = new CountDownLatch(1);
        try {
            Future<Path> a = pool.submit(() -> {
                go.await();
                return downloader().build().fetch(s, null, dir, null);
            });
            Future<Path> b = pool.submit(() -> {
                go.await();
                return downloader().build().fetch(s, null, dir, null);
            });
            go.countDown();
            a.get(30, TimeUnit.SECONDS);
            b.get(30, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertThat(fullBodies.get()).isEqualTo(1);
        assertThat(Files.readAllBytes(dir.resolve("m.onnx"))).isEqualTo(BODY);
    }

    @Test
    void pathTraversalIsRefusedBeforeAnyRequest() {
        for (String evil : List.of("../evil.onnx", "a/../../evil", "/etc/passwd", "C:\\x", "a//b", "./x")) {
            assertThatThrownBy(() -> ModelFile.of(evil)).as(evil).isInstanceOf(BadInputException.class);
        }
        assertThat(requests.get()).isZero();
    }

    @Test
    void plainHttpIsRefusedUnlessLoopbackIsAllowed() {
        assertThatThrownBy(() -> downloader().allowLoopbackHttp(false).build().fetch(spec("m", null), null, dir, null))
                .isInstanceOf(BadInputException.class).hasMessageContaining("only https");
        ModelSpec remote = new ModelSpec("r", "r", new ModelSource.BaseUrl(URI.create("http://example.invalid")),
                true, "MIT", Map.of("d", List.of(ModelFile.of("m"))), "d");
        assertThatThrownBy(() -> downloader().build().fetch(remote, null, dir, null))
                .isInstanceOf(BadInputException.class).hasMessageContaining("only https");
        assertThat(requests.get()).isZero();
    }

    @Test
    void offlineFailsFastWithTheCommandToRun() {
        assertThatThrownBy(() -> downloader().offline(true).build().fetch(spec("m.onnx", null), null, dir, null))
                .isInstanceOf(ModelMissingException.class)
                .hasMessageContaining("echollama models fetch test-model");
        assertThat(requests.get()).isZero();
    }

    @Test
    void theTokenGoesOnlyToTheHubAndIsNeverPrinted() throws Exception {
        ModelSpec hub = new ModelSpec("hub-model", "h", new ModelSource.HuggingFace("org/name", "abc"), true, "MIT",
                Map.of("d", List.of(ModelFile.of("f.bin"))), "d");
        ModelDownloader d = downloader().token("hf_secret123").hubEndpoint(base()).build();
        d.fetch(hub, null, dir, null);
        d.fetch(spec("g.bin", null), null, dir, null);
        assertThat(auth).containsExactly("Bearer hf_secret123", "-");
        assertThat(d.toString()).doesNotContain("hf_secret123").contains("token=set");
    }

    @Test
    void hubCacheSnapshotsAreFoundAtThePinnedRevision() throws Exception {
        ModelCatalog catalog = ModelCatalog.standard();
        ModelSource.HuggingFace src = (ModelSource.HuggingFace) catalog.require("detr-resnet-50").source();
        Path hub = dir.resolve("hub");
        Path snapshot = hub.resolve("models--Xenova--detr-resnet-50").resolve("snapshots").resolve(src.revision());
        Files.createDirectories(snapshot);
        ModelLocator locator = ModelLocator.withHome(dir.resolve("home")).withHubCache(hub);
        assertThat(locator.find("detr-resnet-50")).contains(snapshot);
        // the home folder wins over the cache
        Files.createDirectories(dir.resolve("home/models/detr-resnet-50"));
        assertThat(locator.find("detr-resnet-50")).contains(dir.resolve("home/models/detr-resnet-50"));
        // an explicit path wins and never falls back
        assertThat(locator.withOverride("detr-resnet-50", dir.resolve("nowhere")).find("detr-resnet-50")).isEmpty();
        assertThatThrownBy(() -> locator.withOverride("detr-resnet-50", dir.resolve("nowhere")).require("detr-resnet-50"))
                .isInstanceOf(ModelMissingException.class).hasMessageContaining("nowhere")
                .hasMessageContaining("echollama models fetch detr-resnet-50");
    }

    @Test
    void theCatalogueKnowsEveryModelOfTheIssueAndItsProfiles() {
        ModelCatalog c = ModelCatalog.standard();
        assertThat(c.models()).extracting(ModelSpec::id).contains("detr-resnet-50", "yolox-nano", "dpt-hybrid-midas",
                "midas-v21-small", "moondream2", "llama-3.2-1b-instruct", "llama-3.2-1b-instruct-gguf",
                "spatial-llama-1b", "orpheus-3b-0.1-ft", "snac-24khz", "whisper-base", "whisper-base.en",
                "silero-vad");
        assertThat(c.profileNames()).containsExactly("lite", "paper");
        for (String p : c.profileNames()) {
            for (ModelCatalog.Entry e : c.profile(p)) {
                assertThat(c.require(e.modelId()).files(e.variant())).isNotEmpty();
            }
        }
        assertThatThrownBy(() -> c.require("nope")).hasMessageContaining("yolox-nano");
    }
}

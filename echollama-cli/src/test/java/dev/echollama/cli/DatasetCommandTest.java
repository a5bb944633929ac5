package dev.echollama.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.echollama.cli.dataset.FakeChatServer;
import dev.echollama.cli.dataset.TestImages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetCommandTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    static List<JsonNode> records(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        String text = Files.readString(file, StandardCharsets.UTF_8);
        for (String line : text.split("\n")) {
            if (!line.isEmpty()) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }

    static Set<String> imagesOf(List<JsonNode> records) {
        Set<String> s = new HashSet<>();
        records.forEach(n -> s.add(n.get("image").asText()));
        return s;
    }

    @Test
    void buildWritesTheRecordsTheConfigAndASummary() throws Exception {
        Path images = tmp.resolve("images");
        TestImages.write(images, 5);
        Path out = tmp.resolve("data.jsonl");
        Path cfg = tmp.resolve("axolotl.yml");
        try (FakeChatServer chosen = FakeChatServer.slow("deepseek", 20);
             FakeChatServer rejected = FakeChatServer.failingEvery("llama", 3)) {
            EchoCliTest.Result r = EchoCliTest.run("dataset", "build", "--images", images.toString(), "--out",
                    out.toString(), "--chosen", chosen.spec("deepseek-chat"), "--rejected",
                    rejected.spec("llama-3.2-1b-instruct"), "--limit", "4", "--retry-backoff-ms", "5",
                    "--progress", "lines", "--emit-axolotl-config", cfg.toString());

            assertThat(r.code()).as(r.err()).isZero();
            List<JsonNode> recs = records(out);
            assertThat(recs).hasSize(4);
            assertThat(imagesOf(recs)).containsExactlyInAnyOrder("img-00.png", "img-01.png", "img-02.png",
                    "img-03.png");
            assertThat(r.out()).contains("4 images, 0 already there, 4 written, 0 failed");
            assertThat(r.err()).contains("dataset: 4 images, 0 already written, 4 to do")
                    .contains("dataset: 4/4 images").contains("rejected: http://127.0.0.1:");
            assertThat(Files.readString(cfg)).contains("path: \"" + out.toAbsolutePath() + "\"");
            assertThat(rejected.cutCalls()).isPositive();
        }
    }

    @Test
    void aCorruptImageIsListedAndTheExitCodeSaysBadInput() throws Exception {
        Path images = tmp.resolve("images");
        TestImages.write(images, 2);
        Files.writeString(images.resolve("zz-not-a-picture.jpg"), "this is text, not a JPEG");
        Path out = tmp.resolve("data.jsonl");
        EchoCliTest.Result r = EchoCliTest.run("dataset", "build", "--images", images.toString(), "--out",
                out.toString(), "--chosen", "grounded", "--rejected", "grounded", "--progress", "none");
        assertThat(r.code()).as(r.err()).isEqualTo(EchoCli.BAD_INPUT);
        assertThat(r.out()).contains("2 written, 1 failed").contains("failed zz-not-a-picture.jpg [decode");
        assertThat(records(out)).hasSize(2);
    }

    @Test
    void malformedModelReferencesAreUsageErrors() {
        EchoCliTest.Result r = EchoCliTest.run("dataset", "build", "--images", tmp.toString(), "--out",
                tmp.resolve("d.jsonl").toString(), "--chosen", "https://api.deepseek.com/v1", "--rejected",
                "grounded");
        assertThat(r.code()).isEqualTo(EchoCli.USAGE);
        assertThat(r.err()).contains("--chosen").contains("URL,MODEL");
        EchoCliTest.Result missing = EchoCliTest.run("dataset", "build", "--images",
                tmp.resolve("nope").toString(), "--out", "d.jsonl", "--chosen", "grounded", "--rejected",
                "grounded");
        assertThat(missing.code()).isEqualTo(EchoCli.BAD_INPUT);
        assertThat(missing.err()).contains("does not exist");
    }

    /**
     * A real kill: the build runs in a second JVM, is killed with SIGKILL while it writes, and the same command
     * run again completes the file without a duplicate or a torn line.
     */
    @Test
    void aKilledBuildResumesWithoutDuplicates() throws Exception {
        Path images = tmp.resolve("images");
        TestImages.write(images, 10);
        Path out = tmp.resolve("data.jsonl");
        try (FakeChatServer chosen = FakeChatServer.slow("deepseek", 150)) {
            String[] args = {"dataset", "build", "--images", images.toString(), "--out", out.toString(), "--chosen",
                    chosen.spec("deepseek-chat"), "--rejected", "grounded", "--concurrency", "1", "--progress",
                    "none"};
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-cp", System.getProperty("java.class.path"), EchoCli.class.getName()));
            cmd.addAll(List.of(args));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(tmp.resolve("child.log").toFile()).start();
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (lines(out) < 3 && p.isAlive() && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(p.isAlive()).as("still writing when killed; log:\n" + Files.readString(tmp.resolve(
                        "child.log"))).isTrue();
            } finally {
                p.destroyForcibly(); // SIGKILL: no shutdown hooks, no cleanup
                p.waitFor(30, TimeUnit.SECONDS);
            }
            int before = records(out).size();
            assertThat(before).isBetween(3, 9);
            int callsBefore = chosen.calls();

            EchoCliTest.Result r = EchoCliTest.run(args);

            assertThat(r.code()).as(r.err() + r.out()).isZero();
            List<JsonNode> recs = records(out);
            assertThat(recs).hasSize(10);
            assertThat(imagesOf(recs)).hasSize(10);
            assertThat(Files.readString(out)).endsWith("\n");
            assertThat(r.out()).contains(before + " already there, " + (10 - before) + " written");
            assertThat(chosen.calls() - callsBefore).isEqualTo(10 - before);
        }
    }

    private static long lines(Path file) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        byte[] b = Files.readAllBytes(file);
        long n = 0;
        for (byte x : b) {
            n += x == '\n' ? 1 : 0;
        }
        return n;
    }
}

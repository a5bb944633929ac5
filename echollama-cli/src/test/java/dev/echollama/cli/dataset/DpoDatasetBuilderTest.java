package dev.echollama.cli.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.echollama.BadInputException;
import dev.echollama.EchoPipeline;
import dev.echollama.language.SceneLanguageModel;
import dev.echollama.scene.ScenePromptBuilder;
import dev.echollama.spi.ProviderConfig;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DpoDatasetBuilderTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> KEYS = List.of("system", "prompt", "chosen", "rejected", "image", "matrix", "caption");

    @TempDir
    Path tmp;

    static ProviderConfig fastRetries() {
        return ProviderConfig.builder().option("openai.retry-base-ms", "5").option("openai.read-timeout-ms", "10000")
                .build();
    }

    static SceneLanguageModel open(FakeChatServer server, String model) {
        return LanguageModelRef.parse(server.spec(model), "test").open(fastRetries(), null);
    }

    static List<JsonNode> readLines(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(text).as("the file ends with a whole line").endsWith("\n");
        List<JsonNode> out = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            JsonNode n = JSON.readTree(line);
            assertThat(n.isObject()).as(line).isTrue();
            out.add(n);
        }
        return out;
    }

    private DatasetReport build(EchoPipeline vision, SceneLanguageModel chosen, SceneLanguageModel rejected,
                                List<Path> images, Path out, int concurrency) {
        return DpoDatasetBuilder.builder().vision(vision).chosen(chosen).rejected(rejected).concurrency(concurrency)
                .retries(3).retryBackoff(Duration.ofMillis(5)).build().run(tmp.resolve("images"), images, out);
    }

    @Test
    void everyImageGetsOneValidRecordAgainstASlowAndAFlakyServer() throws Exception {
        List<Path> images = TestImages.write(tmp.resolve("images"), 9);
        Path out = tmp.resolve("out/data.jsonl");
        try (FakeChatServer slow = FakeChatServer.slow("deepseek", 120);
             FakeChatServer flaky = FakeChatServer.failingEvery("llama", 3);
             EchoPipeline vision = TestImages.visionPipeline();
             SceneLanguageModel chosen = open(slow, "deepseek-chat");
             SceneLanguageModel rejected = open(flaky, "llama-3.2-1b-instruct")) {
            DatasetReport report = build(vision, chosen, rejected, images, out, 3);

            assertThat(report.failures()).isEmpty();
            assertThat(report.complete()).isTrue();
            assertThat(report.written()).isEqualTo(9);
            List<JsonNode> lines = readLines(out);
            assertThat(lines).hasSize(9);
            Set<String> seen = new HashSet<>();
            for (JsonNode n : lines) {
                List<String> keys = new ArrayList<>();
                n.fieldNames().forEachRemaining(keys::add);
                assertThat(keys).containsExactlyElementsOf(KEYS);
                KEYS.forEach(k -> assertThat(n.get(k).isTextual()).as(k).isTrue());
                String image = n.get("image").asText();
                assertThat(seen.add(image)).as("no duplicate of " + image).isTrue();
                int i = Integer.parseInt(image.substring(4, 6));
                String caption = TestImages.captionOf(i);
                // each reply answers its own prompt, although three images were under way at once
                assertThat(n.get("caption").asText()).isEqualTo(caption);
                assertThat(n.get("chosen").asText()).isEqualTo(slow.replyFor(caption));
                assertThat(n.get("rejected").asText()).isEqualTo(flaky.replyFor(caption));
                assertThat(n.get("system").asText()).isEqualTo(ScenePromptBuilder.PAPER_SYSTEM_PROMPT);
                assertThat(n.get("prompt").asText()).startsWith("Image Description: " + caption + "\n")
                        .contains(n.get("matrix").asText()).endsWith("Describe this place in detail.");
                // the matrix holds the two detections over 0.90 (dog left, car right), not the cat at 0.50
                assertThat(n.get("matrix").asText()).contains("\"object\": \"dog\"").contains("\"object\": \"car\"")
                        .doesNotContain("cat").contains("\"z\": ");
            }
            assertThat(seen).hasSize(9);

            // the paper's sampling reached both servers, with the system prompt first
            for (FakeChatServer s : List.of(slow, flaky)) {
                for (JsonNode req : s.requests()) {
                    assertThat(req.get("max_tokens").asInt()).isEqualTo(1024);
                    assertThat(req.get("temperature").asDouble()).isEqualTo(0.7);
                    assertThat(req.get("top_p").asDouble()).isEqualTo(0.95);
                    assertThat(req.get("messages").get(0).get("role").asText()).isEqualTo("system");
                    assertThat(req.get("messages").get(1).get("role").asText()).isEqualTo("user");
                }
            }
            // the flaky server really failed, and the failures were retried
            assertThat(flaky.cutCalls()).isGreaterThanOrEqualTo(3);
            assertThat(flaky.calls()).isEqualTo(9 + flaky.cutCalls());
            assertThat(slow.calls()).isEqualTo(9);
            // bounded concurrency: never more than 3 requests at once, and more than one did overlap
            assertThat(slow.maxInFlight()).isBetween(2, 3);
        }
    }

    @Test
    void aTornLastLineIsCutAndTheResumeAddsNoDuplicate() throws Exception {
        List<Path> images = TestImages.write(tmp.resolve("images"), 6);
        Path out = tmp.resolve("data.jsonl");
        try (FakeChatServer chosenServer = FakeChatServer.slow("deepseek", 0);
             FakeChatServer rejectedServer = FakeChatServer.slow("llama", 0);
             EchoPipeline vision = TestImages.visionPipeline();
             SceneLanguageModel chosen = open(chosenServer, "deepseek-chat");
             SceneLanguageModel rejected = open(rejectedServer, "llama")) {
            assertThat(build(vision, chosen, rejected, images, out, 2).written()).isEqualTo(6);
            List<JsonNode> full = readLines(out);

            // a kill in the middle of writing the 5th line: four whole lines and half of the fifth
            byte[] bytes = Files.readAllBytes(out);
            int end4 = nthNewline(bytes, 4);
            int end5 = nthNewline(bytes, 5);
            int tornAt = end4 + 1 + (end5 - end4) / 2;
            try (FileChannel ch = FileChannel.open(out, StandardOpenOption.WRITE)) {
                ch.truncate(tornAt);
            }
            assertThat(new String(Files.readAllBytes(out), StandardCharsets.UTF_8)).doesNotEndWith("\n");
            Set<String> kept = new HashSet<>();
            full.subList(0, 4).forEach(n -> kept.add(n.get("image").asText()));
            int callsBefore = chosenServer.calls();

            DatasetReport resumed = build(vision, chosen, rejected, images, out, 2);

            assertThat(resumed.cutBytes()).isEqualTo(tornAt - end4 - 1);
            assertThat(resumed.alreadyPresent()).isEqualTo(4);
            assertThat(resumed.written()).isEqualTo(2);
            assertThat(resumed.complete()).isTrue();
            assertThat(chosenServer.calls() - callsBefore).as("only the two missing images were asked").isEqualTo(2);
            List<JsonNode> after = readLines(out);
            assertThat(after).hasSize(6);
            Set<String> images6 = new HashSet<>();
            after.forEach(n -> images6.add(n.get("image").asText()));
            assertThat(images6).hasSize(6).containsAll(kept);
            // the first four lines are untouched
            assertThat(after.subList(0, 4)).containsExactlyElementsOf(full.subList(0, 4));

            // a third run has nothing to do
            DatasetReport again = build(vision, chosen, rejected, images, out, 2);
            assertThat(again.written()).isZero();
            assertThat(again.alreadyPresent()).isEqualTo(6);
            assertThat(readLines(out)).hasSize(6);
        }
    }

    @Test
    void aCorruptImageIsReportedAndSkippedWithoutStoppingTheBatch() throws Exception {
        List<Path> images = new ArrayList<>(TestImages.write(tmp.resolve("images"), 4));
        Path broken = tmp.resolve("images/broken.jpg");
        Files.write(broken, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I',
                'F', 0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
        Path empty = Files.createFile(tmp.resolve("images/empty.png"));
        images.add(1, broken);
        images.add(empty);
        Path out = tmp.resolve("data.jsonl");
        try (FakeChatServer chosenServer = FakeChatServer.slow("deepseek", 0);
             FakeChatServer rejectedServer = FakeChatServer.slow("llama", 0);
             EchoPipeline vision = TestImages.visionPipeline();
             SceneLanguageModel chosen = open(chosenServer, "deepseek-chat");
             SceneLanguageModel rejected = open(rejectedServer, "llama")) {
            DatasetReport report = build(vision, chosen, rejected, images, out, 2);

            assertThat(report.written()).isEqualTo(4);
            assertThat(report.failures()).extracting(DatasetReport.Failure::image)
                    .containsExactlyInAnyOrder("broken.jpg", "empty.png");
            assertThat(report.failures()).allSatisfy(f -> {
                assertThat(f.step()).isEqualTo(DatasetReport.Step.DECODE);
                assertThat(f.message()).contains(f.image());
            });
            assertThat(report.summary("data.jsonl")).contains("failed broken.jpg [decode").contains("empty.png")
                    .contains("4 written, 2 failed");
            assertThat(chosenServer.calls()).as("no model call for a picture that does not decode").isEqualTo(4);
            assertThat(readLines(out)).hasSize(4);

            DatasetReport again = build(vision, chosen, rejected, images, out, 2);
            assertThat(again.written()).isZero();
            assertThat(again.failures()).hasSize(2);
            assertThat(readLines(out)).hasSize(4);
        }
    }

    @Test
    void aRefusedKeyStopsTheRunInsteadOfFailingEveryImage() throws Exception {
        List<Path> images = TestImages.write(tmp.resolve("images"), 12);
        Path out = tmp.resolve("data.jsonl");
        try (FakeChatServer refusing = FakeChatServer.refusing("deepseek", 401);
             FakeChatServer rejectedServer = FakeChatServer.slow("llama", 0);
             EchoPipeline vision = TestImages.visionPipeline();
             SceneLanguageModel chosen = open(refusing, "deepseek-chat");
             SceneLanguageModel rejected = open(rejectedServer, "llama")) {
            DatasetReport report = build(vision, chosen, rejected, images, out, 2);

            assertThat(report.abortedBecause()).hasValueSatisfying(r -> assertThat(r).contains("401"));
            assertThat(report.written()).isZero();
            assertThat(refusing.calls()).as("a 401 is not retried, and stops new images").isLessThanOrEqualTo(2);
            assertThat(report.complete()).isFalse();
            assertThat(report.summary("x")).contains("stopped early");
        }
    }

    @Test
    void theApiKeyIsSentButNeverInTheReport() throws Exception {
        List<Path> images = TestImages.write(tmp.resolve("images"), 1);
        try (FakeChatServer refusing = FakeChatServer.refusing("deepseek", 403);
             EchoPipeline vision = TestImages.visionPipeline();
             SceneLanguageModel chosen = LanguageModelRef.parse(refusing.spec("m"), "t")
                     .open(fastRetries(), "sk-secret-123");
             SceneLanguageModel rejected = open(refusing, "m")) {
            DatasetReport report = build(vision, chosen, rejected, images, tmp.resolve("d.jsonl"), 1);
            assertThat(refusing.authorizations().get(0)).isEqualTo("Bearer sk-secret-123");
            assertThat(report.summary("d")).doesNotContain("sk-secret-123").contains("403");
            assertThat(chosen.toString()).doesNotContain("sk-secret-123");
        }
    }

    @Test
    void anotherRunOnTheSameFileIsRefusedWhileOneHoldsIt() throws Exception {
        Path out = tmp.resolve("data.jsonl");
        try (JsonlAppender first = JsonlAppender.open(out, "image")) {
            assertThat(first.keys()).isEmpty();
            assertThatThrownBy(() -> JsonlAppender.open(out, "image")).isInstanceOf(BadInputException.class)
                    .hasMessageContaining("locked");
        }
        try (JsonlAppender again = JsonlAppender.open(out, "image")) {
            assertThat(again.keys()).isEmpty();
        }
    }

    @Test
    void aDamagedLineInsideTheFileIsAnErrorNamingTheLineNotSilentLoss() throws Exception {
        Path out = tmp.resolve("data.jsonl");
        Files.writeString(out, "{\"image\":\"a.png\"}\nnot json at all\n{\"image\":\"b.png\"}\n");
        assertThatThrownBy(() -> JsonlAppender.open(out, "image")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("line 2 of " + out).hasMessageContaining("not JSON");
        Files.writeString(out, "{\"image\":\"a.png\"}\n[1,2]\n");
        assertThatThrownBy(() -> JsonlAppender.open(out, "image")).hasMessageContaining("line 2")
                .hasMessageContaining("array");
        assertThat(Files.readString(out)).as("nothing was cut").isEqualTo("{\"image\":\"a.png\"}\n[1,2]\n");
    }

    @Test
    void appendWritesWholeLinesAndRefusesLineBreaks() throws Exception {
        Path out = tmp.resolve("data.jsonl");
        try (JsonlAppender a = JsonlAppender.open(out, "image")) {
            a.append("{\"image\":\"x\"}");
            assertThatThrownBy(() -> a.append("{\"image\":\n\"y\"}")).isInstanceOf(IllegalArgumentException.class);
            assertThat(a.appended()).isEqualTo(1);
        }
        assertThat(Files.readString(out)).isEqualTo("{\"image\":\"x\"}\n");
        try (JsonlAppender a = JsonlAppender.open(out, "image")) {
            assertThat(a.keys()).containsExactly("x");
            assertThat(a.cutBytes()).isZero();
        }
    }

    @Test
    void recordKeysArePathsUnderTheImageFolder() {
        Path root = tmp.resolve("images");
        assertThat(DpoDatasetBuilder.key(root, root.resolve("a.png"))).isEqualTo("a.png");
        assertThat(DpoDatasetBuilder.key(root, root.resolve("sub/b.png"))).isEqualTo("sub/b.png");
        assertThat(DpoDatasetBuilder.key(root, tmp.resolve("elsewhere/c.png"))).isEqualTo("c.png");
    }

    @Test
    void theConversationalLayoutPutsTheSystemPromptIntoThePromptMessages() throws Exception {
        DpoRecord r = new DpoRecord("sys", "user text", "good", "bad", "a.png", "[[[]]]", "cap");
        JsonNode n = JSON.readTree(r.toJsonLine(DpoLayout.CONVERSATIONAL));
        assertThat(n.get("prompt").get(0).get("role").asText()).isEqualTo("system");
        assertThat(n.get("prompt").get(0).get("content").asText()).isEqualTo("sys");
        assertThat(n.get("prompt").get(1).get("content").asText()).isEqualTo("user text");
        assertThat(n.get("chosen").get(0).get("role").asText()).isEqualTo("assistant");
        assertThat(n.get("chosen").get(0).get("content").asText()).isEqualTo("good");
        assertThat(n.get("rejected").get(0).get("content").asText()).isEqualTo("bad");
        String standard = new DpoRecord("s", "line one\nline two", "c", "r", "a.png", "m", "").toJsonLine(
                DpoLayout.STANDARD);
        assertThat(standard).doesNotContain("\n").contains("line one\\nline two");
    }

    @Test
    void theBuilderNamesWhatIsMissingOrWrong() {
        assertThatThrownBy(() -> DpoDatasetBuilder.builder().build()).hasMessageContaining("vision");
        try (EchoPipeline vision = TestImages.visionPipeline()) {
            assertThatThrownBy(() -> DpoDatasetBuilder.builder().vision(vision).build())
                    .hasMessageContaining("chosen");
        }
    }

    private static int nthNewline(byte[] b, int n) {
        int seen = 0;
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '\n' && ++seen == n) {
                return i;
            }
        }
        throw new AssertionError("fewer than " + n + " lines");
    }
}

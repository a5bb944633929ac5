package dev.echollama.llm.llamacpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.echollama.BadInputException;
import dev.echollama.ModelCorruptException;
import dev.echollama.ModelMissingException;
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
import dev.echollama.testkit.SharedModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** llama.cpp on the real stories260K GGUF against the llama2.c reference outputs (REFERENCE.md). */
class LlamaCppModelTest {
    private static final String GGUF = "llm/stories260K/stories260K.gguf";
    private static LlamaCppModel model;

    @BeforeAll
    static void load() {
        if (SharedModels.has(GGUF)) {
            model = new LlamaCppProvider().open(config(SharedModels.path(GGUF)));
        }
    }

    @AfterAll
    static void unload() {
        if (model != null) {
            model.close();
        }
    }

    private static ProviderConfig config(Path gguf) {
        return ProviderConfig.builder().option("llamacpp.model", gguf.toString()).option("llamacpp.context", "512")
                .threads(1).build();
    }

    private static LlamaCppModel model() {
        SharedModels.require(GGUF);
        return model;
    }

    /** The JSON lines of REFERENCE.md: prompt, prompt_ids (BOS first), generated_ids, continuation_text. */
    private static List<JsonNode> references() throws Exception {
        Path md = SharedModels.require("llm/stories260K/REFERENCE.md");
        List<JsonNode> out = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : Files.readAllLines(md)) {
            if (line.startsWith("{\"prompt\"")) {
                out.add(json.readTree(line));
            }
        }
        assertThat(out).hasSize(4);
        return out;
    }

    private static int[] ints(JsonNode a) {
        int[] r = new int[a.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = a.get(i).asInt();
        }
        return r;
    }

    @Test
    void nativesLoadAndTheProviderIsAvailable() {
        Path gguf = SharedModels.require(GGUF);
        Availability a = new LlamaCppProvider().availability(config(gguf));
        assertThat(a.available()).as(a.reason()).isTrue();
        assertThat(Providers.select(SceneLanguageModelProvider.class, "llamacpp", config(gguf)).priority())
                .isEqualTo(60);
    }

    /**
     * The binding streams text pieces, not ids. So: the prompt ids come from llama.cpp's tokenizer; each streamed
     * piece must be exactly the reference id's piece (detokenize of that one id), there must be 60 of them, and
     * the whole text must equal llama2.c's.
     */
    @Test
    void greedyCompletionMatchesTheLlama2cReference() throws Exception {
        LlamaCppModel m = model();
        for (JsonNode ref : references()) {
            String prompt = ref.get("prompt").isNull() ? "" : ref.get("prompt").asText();
            int[] promptIds = ints(ref.get("prompt_ids"));
            int[] expectedIds = ints(ref.get("generated_ids"));
            assertThat(m.tokenize(prompt)).as("prompt ids of '%s' (BOS is added by llama.cpp)", prompt)
                    .containsExactly(Arrays.copyOfRange(promptIds, 1, promptIds.length));
            List<String> pieces = new ArrayList<>();
            Generation g = m.complete(prompt, GenerationOptions.greedy(60), pieces::add);
            assertThat(g.promptTokens()).isEqualTo(promptIds.length);
            assertThat(g.generatedTokens()).isEqualTo(60);
            assertThat(g.finish()).isEqualTo(Generation.Finish.LENGTH);
            assertThat(pieces).hasSize(60);
            for (int i = 0; i < 60; i++) {
                assertThat(pieces.get(i)).as("'%s' token %d (reference id %d)", prompt, i, expectedIds[i])
                        .isEqualTo(m.detokenize(new int[] {expectedIds[i]}));
            }
            assertThat(m.detokenize(expectedIds)).isEqualTo(g.text());
            String reference = ref.get("continuation_text").asText();
            // llama2.c drops the space of the first piece after a bare BOS; llama.cpp keeps it.
            assertThat(g.text()).isEqualTo(prompt.isEmpty() ? " " + reference : reference);
        }
    }

    /**
     * How precise the piece comparison is: a reference piece could only be confused with another id decoding to
     * the same text. In this vocabulary the only such twins are byte-fallback tokens (ids 3..258, {@code <0xNN>})
     * of single ASCII characters, so each reference piece pins down its id up to that twin.
     */
    @Test
    void referencePiecesPinDownTheirIdsUpToByteFallbackTwins() throws Exception {
        LlamaCppModel m = model();
        java.util.Map<String, List<Integer>> byPiece = new java.util.HashMap<>();
        for (int id = 0; id < 512; id++) {
            byPiece.computeIfAbsent(m.detokenize(new int[] {id}), k -> new ArrayList<>()).add(id);
        }
        int twins = 0;
        for (JsonNode ref : references()) {
            for (int id : ints(ref.get("generated_ids"))) {
                List<Integer> same = byPiece.get(m.detokenize(new int[] {id}));
                assertThat(same).contains(id);
                for (int other : same) {
                    if (other != id) {
                        assertThat(other).as("twin of id %d", id).isBetween(3, 258);
                        assertThat(m.detokenize(new int[] {id})).hasSize(1);
                        twins++;
                    }
                }
            }
        }
        System.out.println("reference tokens with a byte-fallback twin: " + twins);
    }

    @Test
    void chatTemplatePathStreamsAndHonoursLimitsStopsAndCancellation() {
        LlamaCppModel m = model();
        LanguageRequest r = new LanguageRequest(List.of(ChatMessage.system("Tell a story."),
                ChatMessage.user("Once upon a time")), Optional.empty(), GenerationOptions.greedy(12));
        List<String> pieces = new ArrayList<>();
        Generation g = m.generate(r, pieces::add);
        assertThat(g.generatedTokens()).isEqualTo(12);
        assertThat(g.finish()).isEqualTo(Generation.Finish.LENGTH);
        assertThat(String.join("", pieces)).isEqualTo(g.text());
        assertThat(g.promptTokens()).isGreaterThan(40);

        Generation stopped = m.complete("Once upon a time", GenerationOptions.greedy(60)
                .withStopStrings(List.of(" girl")), TokenSink.none());
        assertThat(stopped.text()).isEqualTo(", there was a little");
        assertThat(stopped.finish()).isEqualTo(Generation.Finish.STOP);

        AtomicInteger n = new AtomicInteger();
        TokenSink cancelAfter5 = new TokenSink() {
            @Override
            public void onToken(String text) {
                n.incrementAndGet();
            }

            @Override
            public boolean isCancelled() {
                return n.get() >= 5;
            }
        };
        Generation c = m.complete("Once upon a time", GenerationOptions.greedy(60), cancelAfter5);
        assertThat(c.finish()).isEqualTo(Generation.Finish.CANCELLED);
        assertThat(c.text()).isEqualTo(", there was a little");
        // the engine is free again after a cancellation
        assertThat(m.complete("Once upon a time", GenerationOptions.greedy(3), TokenSink.none()).text())
                .isEqualTo(", there was");
    }

    @Test
    void promptLongerThanTheContextIsBadInput() {
        LlamaCppModel m = model();
        String longPrompt = "Lily and Tom went to the park. ".repeat(80);
        assertThatThrownBy(() -> m.complete(longPrompt, GenerationOptions.greedy(5), TokenSink.none()))
                .isInstanceOf(BadInputException.class).hasMessageContaining("context holds 512")
                .hasMessageContaining("llamacpp.context");
        assertThat(m.contextLength()).isEqualTo(512);
        assertThat(m.countTokens("Once upon a time")).isEqualTo(4);
    }

    @Test
    void concurrentCallsAreSerialisedAndAgree() throws Exception {
        LlamaCppModel m = model();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<String>> fs = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                fs.add(pool.submit(() -> m.complete("The little dog", GenerationOptions.greedy(20), TokenSink.none())
                        .text()));
            }
            for (Future<String> f : fs) {
                assertThat(f.get()).isEqualTo(" was a little girl named Lily. She loved to play with her toys and");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void closeIsIdempotentAndUseAfterCloseFails() {
        Path gguf = SharedModels.require(GGUF);
        SceneLanguageModel m = new LlamaCppProvider().create(config(gguf));
        m.close();
        m.close();
        assertThatThrownBy(() -> m.generate(new LanguageRequest(List.of(ChatMessage.user("hi")), Optional.empty(),
                GenerationOptions.greedy(3)), TokenSink.none())).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> m.countTokens("x")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(m::contextLength).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void missingAndNonGgufFiles(@TempDir Path dir) throws Exception {
        LlamaCppProvider p = new LlamaCppProvider();
        Path missing = dir.resolve("nope.gguf");
        Availability a = p.availability(ProviderConfig.builder().option("llamacpp.model", missing.toString()).build());
        assertThat(a.available()).isFalse();
        assertThat(a.reason()).contains("nope.gguf");
        assertThatThrownBy(() -> p.create(ProviderConfig.builder().option("llamacpp.model", missing.toString())
                .build())).isInstanceOf(ModelMissingException.class);
        Availability byId = p.availability(ProviderConfig.builder()
                .models(dev.echollama.model.ModelLocator.withHome(dir)).build());
        assertThat(byId.available()).isFalse();
        assertThat(byId.reason()).contains("llama-3.2-1b-instruct-gguf");

        Path fake = Files.writeString(dir.resolve("fake.gguf"), "ONNX not a gguf");
        assertThatThrownBy(() -> p.create(ProviderConfig.builder().option("llamacpp.model", fake.toString()).build()))
                .isInstanceOf(ModelCorruptException.class).hasMessageContaining("GGUF")
                .hasMessageContaining("4f 4e 4e 58");
    }
}

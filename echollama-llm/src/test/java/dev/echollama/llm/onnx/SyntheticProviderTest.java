package dev.echollama.llm.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.echollama.ModelMissingException;
import dev.echollama.language.ChatMessage;
import dev.echollama.language.Generation;
import dev.echollama.language.GenerationOptions;
import dev.echollama.language.LanguageRequest;
import dev.echollama.language.SceneLanguageModel;
import dev.echollama.language.TokenSink;
import dev.echollama.onnx.text.Llama3ChatTemplate;
import dev.echollama.onnx.text.TextTokenizer;
import dev.echollama.scene.ScenePromptBuilder;
import dev.echollama.spi.Availability;
import dev.echollama.spi.ProviderConfig;
import dev.echollama.testkit.onnx.ElementType;
import dev.echollama.testkit.onnx.LlamaSpec;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The provider end to end on the testkit's synthetic Llama-3.2-shaped graphs (16 layers, 8 KV heads, head_dim 64,
 * vocabulary 128,256; float16 caches; the merged {@code use_cache_branch} form) in an onnx-community folder with the
 * real Llama 3 tokenizer: the chat template's prompt ids go in, the graph answers with its documented function of
 * them (x_1 = t_{n-1} + n, x_{k+1} = x_k + n + k) and then 128009 ({@code <|eot_id|>}) once the sequence holds
 * n + 12 tokens. The streamed text must be exactly the tokenizer's decoding of those 12 ids, and generation must
 * stop at 128009 without emitting it. The expected prompt ids are computed here with the tokenizer and template
 * directly, not through the provider.
 */
class SyntheticProviderTest {
    static final int V = 128_256;
    static final int GENERATED = 12;
    static final LocalDate DATE = LocalDate.of(2024, 7, 26);
    static final String USER = "Image Description: A kitchen with a table and two chairs.\nThis grid-based object "
            + "detection matrix represents detected objects in different regions of the image. "
            + "[[\"chair\"], [\"table\"], []]\nDescribe this place in detail.";

    private static TextTokenizer llama3;

    @BeforeAll
    static void loadTokenizer() {
        llama3 = TextTokenizer.load(SyntheticFolder.tokenizerFolder());
    }

    @AfterAll
    static void closeTokenizer() {
        if (llama3 != null) {
            llama3.close();
        }
    }

    static List<ChatMessage> messages() {
        return List.of(ChatMessage.system(ScenePromptBuilder.PAPER_SYSTEM_PROMPT), ChatMessage.user(USER));
    }

    /** The prompt ids as the template + tokenizer give them, independently of the provider. */
    static int[] promptIds(List<ChatMessage> messages) {
        String text = Llama3ChatTemplate.withDate(DATE).render(messages, true);
        return Arrays.stream(llama3.encode(text, false)).mapToInt(Math::toIntExact).toArray();
    }

    static ProviderConfig config(Path folder, String... options) {
        ProviderConfig.Builder b = ProviderConfig.builder().model(LlamaOnnxProvider.MODEL_ID, folder)
                .option("llama-onnx.date", DATE.toString()).threads(1);
        for (int i = 0; i < options.length; i += 2) {
            b.option(options[i], options[i + 1]);
        }
        return b.build();
    }

    static LlamaSpec stopping(LlamaSpec spec) {
        return spec.toBuilder().stopAt(promptIds(messages()).length + GENERATED, 128_009).build();
    }

    static Stream<Arguments> graphs() {
        LlamaSpec base = LlamaSpec.defaults();
        return Stream.of(
                Arguments.of("fp16", base.toBuilder().kvType(ElementType.FLOAT16).build()),
                Arguments.of("q4f16", base.toBuilder().kvType(ElementType.FLOAT16).logitsType(ElementType.FLOAT16)
                        .useCacheBranch(true).fileName("model_q4f16.onnx").build()),
                Arguments.of("fp32", base.toBuilder().useCacheBranch(true).build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("graphs")
    void streamsTheGraphsFunctionOfThePromptAndStopsAtEotWithoutEmittingIt(String variant, LlamaSpec spec,
            @TempDir Path dir) throws Exception {
        Path folder = SyntheticFolder.create(dir, stopping(spec));
        int[] prompt = promptIds(messages());
        int[] expectedIds = SyntheticFolder.expected(prompt, GENERATED, V);
        String expectedText = llama3.decode(Arrays.stream(expectedIds).asLongStream().toArray(), true);
        assertThat(expectedText).isNotBlank();

        LlamaOnnxProvider provider = new LlamaOnnxProvider();
        assertThat(provider.availability(config(folder)).available()).isTrue();
        try (SceneLanguageModel m = provider.create(config(folder))) {
            LlamaOnnxModel model = (LlamaOnnxModel) m;
            assertThat(model.variant()).isEqualTo(variant);
            assertThat(model.stopTokenIds()).containsExactly(128_001, 128_008, 128_009);
            assertThat(model.contextLength()).isEqualTo(LlamaOnnxSettings.DEFAULT_CONTEXT_CAP);

            List<String> pieces = new ArrayList<>();
            LanguageRequest request = new LanguageRequest(messages(), Optional.empty(),
                    GenerationOptions.paper().withSeed(7));
            Generation g = m.generate(request, pieces::add);
            assertThat(String.join("", pieces)).isEqualTo(expectedText);
            assertThat(g.text()).isEqualTo(expectedText);
            assertThat(g.finish()).isEqualTo(Generation.Finish.STOP);
            assertThat(g.generatedTokens()).isEqualTo(GENERATED);
            assertThat(g.promptTokens()).isEqualTo(prompt.length);
            assertThat(pieces).hasSizeGreaterThanOrEqualTo(GENERATED - 1).noneMatch(p -> p.contains("<|"));

            Completion raw = model.complete(prompt, GenerationOptions.greedy(100), TokenSink.none());
            assertThat(raw.ids()).as("ids before the stop id, which is not emitted").containsExactly(expectedIds);
            assertThat(raw.text()).isEqualTo(expectedText);
            assertThat(raw.finish()).isEqualTo(Generation.Finish.STOP);
        }
    }

    @Test
    void aConversationWithoutASystemMessageGetsTheScenesOrThePapersSystemPrompt(@TempDir Path dir)
            throws Exception {
        Path folder = SyntheticFolder.create(dir, LlamaSpec.defaults().toBuilder().kvType(ElementType.FLOAT16).build());
        try (LlamaOnnxModel model = (LlamaOnnxModel) new LlamaOnnxProvider().create(config(folder))) {
            Generation g = model.generate(new LanguageRequest(List.of(ChatMessage.user(USER)), Optional.empty(),
                    GenerationOptions.greedy(3)), TokenSink.none());
            // the paper's system prompt was added: the same ids as the explicit system + user conversation
            assertThat(g.promptTokens()).isEqualTo(promptIds(messages()).length);
            int[] prompt = promptIds(messages());
            assertThat(g.text()).isEqualTo(llama3.decode(Arrays.stream(SyntheticFolder.expected(prompt, 3, V))
                    .asLongStream().toArray(), true));
            assertThat(g.finish()).isEqualTo(Generation.Finish.LENGTH);
        }
    }

    @Test
    void limitsCancellationStopStringsAndConcurrency(@TempDir Path dir) throws Exception {
        Path folder = SyntheticFolder.create(dir,
                stopping(LlamaSpec.defaults().toBuilder().kvType(ElementType.FLOAT16).build()));
        int[] prompt = promptIds(messages());
        int[] expectedIds = SyntheticFolder.expected(prompt, GENERATED, V);
        String full = llama3.decode(Arrays.stream(expectedIds).asLongStream().toArray(), true);
        try (LlamaOnnxModel model = (LlamaOnnxModel) new LlamaOnnxProvider().create(config(folder))) {
            LanguageRequest greedy = new LanguageRequest(messages(), Optional.empty(), GenerationOptions.greedy(5));
            Generation five = model.generate(greedy, TokenSink.none());
            assertThat(five.finish()).isEqualTo(Generation.Finish.LENGTH);
            assertThat(five.generatedTokens()).isEqualTo(5);
            assertThat(full).startsWith(five.text());

            AtomicInteger seen = new AtomicInteger();
            TokenSink cancelAfterThree = new TokenSink() {
                @Override
                public void onToken(String text) {
                    seen.incrementAndGet();
                }

                @Override
                public boolean isCancelled() {
                    return seen.get() >= 3;
                }
            };
            Generation cancelled = model.generate(new LanguageRequest(messages(), Optional.empty(),
                    GenerationOptions.greedy(50)), cancelAfterThree);
            assertThat(cancelled.finish()).isEqualTo(Generation.Finish.CANCELLED);
            assertThat(cancelled.generatedTokens()).isEqualTo(3);

            // a stop string in the middle of the 7th piece cuts the text there
            String stop = full.substring(full.length() / 2, full.length() / 2 + 2);
            Generation cut = model.generate(new LanguageRequest(messages(), Optional.empty(),
                    GenerationOptions.greedy(50).withStopStrings(List.of(stop))), TokenSink.none());
            assertThat(cut.text()).isEqualTo(full.substring(0, full.indexOf(stop)));
            assertThat(cut.finish()).isEqualTo(Generation.Finish.STOP);

            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Generation>> futures = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    futures.add(pool.submit(() -> model.generate(new LanguageRequest(messages(), Optional.empty(),
                            GenerationOptions.greedy(50)), TokenSink.none())));
                }
                for (Future<Generation> f : futures) {
                    assertThat(f.get(60, TimeUnit.SECONDS).text()).isEqualTo(full);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void closeCancelsAGenerationInProgressAndLaterCallsThrow(@TempDir Path dir) throws Exception {
        Path folder = SyntheticFolder.create(dir, LlamaSpec.defaults().toBuilder().kvType(ElementType.FLOAT16).build());
        LlamaOnnxModel model = (LlamaOnnxModel) new LlamaOnnxProvider().create(config(folder));
        Thread closer = Thread.currentThread();
        CountDownLatch started = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Generation> running = pool.submit(() -> model.generate(new LanguageRequest(messages(),
                    Optional.empty(), GenerationOptions.greedy(1000)), text -> {
                        if (started.getCount() > 0) {
                            started.countDown();
                            // hold the first piece until close() is waiting for this generation
                            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                            while (closer.getState() != Thread.State.WAITING && System.nanoTime() < until) {
                                Thread.onSpinWait();
                            }
                        }
                    }));
            assertThat(started.await(60, TimeUnit.SECONDS)).isTrue();
            model.close();
            Generation g = running.get(60, TimeUnit.SECONDS);
            assertThat(g.finish()).isEqualTo(Generation.Finish.CANCELLED);
            assertThat(g.generatedTokens()).isLessThan(1000);
        } finally {
            pool.shutdownNow();
        }
        model.close(); // idempotent
        assertThatThrownBy(() -> model.countTokens("x")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> model.complete(new int[] {128000}, GenerationOptions.greedy(1), TokenSink.none()))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anOlderOptimumMergedDecoderInAFlatFolderIsReadAsFp32(@TempDir Path dir) throws Exception {
        LlamaSpec merged = stopping(LlamaSpec.defaults().toBuilder().layers(2).useCacheBranch(true)
                .fileName("decoder_model_merged.onnx").build());
        Path folder = SyntheticFolder.create(dir.resolve("nested"), merged);
        // flatten: the graph beside config.json and tokenizer.json
        java.nio.file.Files.move(folder.resolve("onnx/decoder_model_merged.onnx"),
                folder.resolve("decoder_model_merged.onnx"));
        try (LlamaOnnxModel model = new LlamaOnnxProvider().create(config(folder))) {
            assertThat(model.variant()).isEqualTo("fp32");
            int[] prompt = promptIds(messages());
            Completion c = model.complete(prompt, GenerationOptions.greedy(100), TokenSink.none());
            assertThat(c.ids()).containsExactly(SyntheticFolder.expected(prompt, GENERATED, V));
        }
    }

    @Test
    void theBestVariantPresentIsChosenUnlessOneIsNamed(@TempDir Path dir) throws Exception {
        LlamaSpec fp16 = LlamaSpec.defaults().toBuilder().kvType(ElementType.FLOAT16).layers(2).build();
        Path folder = SyntheticFolder.create(dir, fp16, fp16.toBuilder().fileName("model_q4f16.onnx").build());
        LlamaOnnxProvider provider = new LlamaOnnxProvider();
        try (LlamaOnnxModel auto = (LlamaOnnxModel) provider.create(config(folder))) {
            assertThat(auto.variant()).isEqualTo("fp16");
            assertThat(auto.path()).isEqualTo(folder.resolve("onnx/model_fp16.onnx").toAbsolutePath());
        }
        try (LlamaOnnxModel q4f16 = (LlamaOnnxModel) provider.create(config(folder, "llama-onnx.variant", "q4f16"))) {
            assertThat(q4f16.variant()).isEqualTo("q4f16");
            assertThat(q4f16.contextLength()).isEqualTo(8192);
        }
        Availability fp32 = provider.availability(config(folder, "llama-onnx.variant", "fp32"));
        assertThat(fp32.available()).isFalse();
        assertThat(fp32.reason()).contains("fp32", "onnx/model.onnx", "[fp16, q4f16]", LlamaOnnxProvider.MODEL_ID);
        assertThatThrownBy(() -> provider.create(config(folder, "llama-onnx.variant", "fp32")))
                .isInstanceOf(ModelMissingException.class).hasMessageContaining("present: [fp16, q4f16]");
        // an explicit .onnx file: its tokenizer and config are one folder up from onnx/
        try (LlamaOnnxModel file = (LlamaOnnxModel) provider.create(config(folder, "llama-onnx.model",
                folder.resolve("onnx/model_q4f16.onnx").toString(), "llama-onnx.context", "131072"))) {
            assertThat(file.variant()).isEqualTo("q4f16");
            assertThat(file.contextLength()).isEqualTo(131_072);
        }
        assertThatThrownBy(() -> provider.create(config(folder, "llama-onnx.context", "200000")))
                .isInstanceOf(dev.echollama.BadInputException.class).hasMessageContaining("131072");
    }
}

package dev.echollama.llm.grounded;

import static dev.echollama.llm.grounded.Scenes.scene;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.echollama.BadInputException;
import dev.echollama.language.ChatMessage;
import dev.echollama.language.Generation;
import dev.echollama.language.GenerationOptions;
import dev.echollama.language.LanguageRequest;
import dev.echollama.language.SceneContext;
import dev.echollama.language.SceneLanguageModel;
import dev.echollama.language.SceneLanguageModelProvider;
import dev.echollama.language.TokenSink;
import dev.echollama.spi.ProviderConfig;
import dev.echollama.spi.Providers;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class GroundedNarratorTest {
    private final SceneContext porch = scene("", "dog 0.29 0.72 0.05", "truck 0.81 0.21 0.88");
    private static final String PORCH = "I can see a dog and a truck. The dog is at the bottom left, nearby. "
            + "The truck is at the top right, far away. Nearest to you is the dog; farthest away is the truck.";

    private static LanguageRequest first(SceneContext s, GenerationOptions o) {
        return new LanguageRequest(List.of(ChatMessage.system(s.prompt().system()), ChatMessage.user(s.prompt().user())),
                Optional.of(s), o);
    }

    private static SceneLanguageModel create(String... options) {
        ProviderConfig.Builder b = ProviderConfig.builder();
        for (int i = 0; i < options.length; i += 2) {
            b.option(options[i], options[i + 1]);
        }
        return new GroundedNarratorProvider().create(b.build());
    }

    @Test
    void registeredAsTheLowPriorityAlwaysAvailableProvider() {
        List<SceneLanguageModelProvider> found = Providers.load(SceneLanguageModelProvider.class);
        assertThat(found).anyMatch(p -> p instanceof GroundedNarratorProvider);
        SceneLanguageModelProvider p = Providers.select(SceneLanguageModelProvider.class, "grounded",
                ProviderConfig.defaults());
        assertThat(p.name()).isEqualTo("grounded");
        assertThat(p.priority()).isEqualTo(5);
        assertThat(p.availability(ProviderConfig.defaults()).available()).isTrue();
    }

    @Test
    void firstTurnDescribesAndStreamsWordByWord() {
        List<String> pieces = new ArrayList<>();
        try (SceneLanguageModel m = create()) {
            Generation g = m.generate(first(porch, GenerationOptions.paper()), pieces::add);
            assertThat(g.text()).isEqualTo(PORCH);
            assertThat(String.join("", pieces)).isEqualTo(PORCH);
            assertThat(pieces).hasSize(PORCH.split(" ").length);
            assertThat(pieces.get(0)).isEqualTo("I");
            assertThat(pieces.get(1)).isEqualTo(" can");
            assertThat(g.generatedTokens()).isEqualTo(pieces.size());
            assertThat(g.finish()).isEqualTo(Generation.Finish.STOP);
            assertThat(g.promptTokens()).isPositive();
        }
    }

    @Test
    void followUpQuestionsAreAnswered() {
        try (SceneLanguageModel m = create("grounded.directions", "clock", "grounded.distance", "steps")) {
            LanguageRequest r = new LanguageRequest(List.of(ChatMessage.user(porch.prompt().user()),
                    ChatMessage.assistant("..."), ChatMessage.user("Where is the pickup?")), Optional.of(porch),
                    GenerationOptions.paper());
            assertThat(m.generate(r, TokenSink.none()).text()).isEqualTo("The truck is at 2 o'clock, far away.");
        }
    }

    @Test
    void withoutASceneItSaysSo() {
        try (SceneLanguageModel m = create()) {
            LanguageRequest r = new LanguageRequest(List.of(ChatMessage.user("Is there a dog?")), Optional.empty(),
                    GenerationOptions.paper());
            assertThat(m.generate(r, TokenSink.none()).text()).isEqualTo("I don't have a picture to talk about yet.");
        }
    }

    @Test
    void honoursCancellation() {
        AtomicInteger seen = new AtomicInteger();
        TokenSink sink = new TokenSink() {
            @Override
            public void onToken(String text) {
                seen.incrementAndGet();
            }

            @Override
            public boolean isCancelled() {
                return seen.get() >= 3;
            }
        };
        try (SceneLanguageModel m = create()) {
            Generation g = m.generate(first(porch, GenerationOptions.paper()), sink);
            assertThat(g.finish()).isEqualTo(Generation.Finish.CANCELLED);
            assertThat(g.text()).isEqualTo("I can see");
            assertThat(seen).hasValue(3);
        }
    }

    @Test
    void honoursTokenLimitAndStopStrings() {
        try (SceneLanguageModel m = create()) {
            Generation g = m.generate(first(porch, GenerationOptions.greedy(4)), TokenSink.none());
            assertThat(g.text()).isEqualTo("I can see a");
            assertThat(g.finish()).isEqualTo(Generation.Finish.LENGTH);
            List<String> pieces = new ArrayList<>();
            Generation s = m.generate(first(porch, GenerationOptions.paper().withStopStrings(List.of(" tru"))),
                    pieces::add);
            assertThat(s.text()).isEqualTo("I can see a dog and a");
            assertThat(String.join("", pieces)).isEqualTo(s.text());
            assertThat(s.finish()).isEqualTo(Generation.Finish.STOP);
        }
    }

    @Test
    void closeIsIdempotentAndUseAfterCloseFails() {
        SceneLanguageModel m = create();
        m.close();
        m.close();
        assertThatThrownBy(() -> m.generate(first(porch, GenerationOptions.paper()), TokenSink.none()))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> m.countTokens("a b")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(m::contextLength).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void badOptionsAreNamed() {
        assertThatThrownBy(() -> create("grounded.directions", "compass")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("grounded.directions").hasMessageContaining("compass");
        assertThatThrownBy(() -> create("grounded.distance", "metres")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("grounded.distance");
        assertThatThrownBy(() -> create("grounded.caption", "maybe")).isInstanceOf(BadInputException.class);
    }

    @Test
    void captionOptionAndTokenCount() {
        SceneContext s = scene("a dog on a porch", "dog 0.2 0.8");
        try (SceneLanguageModel with = create(); SceneLanguageModel without = create("grounded.caption", "false")) {
            assertThat(with.generate(first(s, GenerationOptions.paper()), TokenSink.none()).text())
                    .isEqualTo("A dog on a porch. I can see a dog. The dog is at the bottom left.");
            assertThat(without.generate(first(s, GenerationOptions.paper()), TokenSink.none()).text())
                    .isEqualTo("I can see a dog. The dog is at the bottom left.");
            assertThat(with.countTokens("  three small words ")).isEqualTo(3);
            assertThat(with.countTokens("")).isZero();
        }
    }

    @Test
    void concurrentCallsGiveTheSameText() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (SceneLanguageModel m = create()) {
            List<Future<String>> fs = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                fs.add(pool.submit(() -> m.generate(first(porch, GenerationOptions.paper()), TokenSink.none()).text()));
            }
            for (Future<String> f : fs) {
                assertThat(f.get()).isEqualTo(PORCH);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}

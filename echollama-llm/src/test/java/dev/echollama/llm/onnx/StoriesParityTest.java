package dev.echollama.llm.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.echollama.language.Generation;
import dev.echollama.language.GenerationOptions;
import dev.echollama.language.SceneLanguageModel;
import dev.echollama.spi.ProviderConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The provider's own code path (provider config, folder layout, tokenizer, config.json, decoder, streaming) on the
 * real stories260K export gives llama2.c's greedy ids and text from REFERENCE.md, with the KV cache and without it
 * (option {@code llama-onnx.kv-cache=false}).
 */
class StoriesParityTest {

    static SceneLanguageModel create(boolean kvCache) {
        ProviderConfig config = ProviderConfig.builder()
                .model(LlamaOnnxProvider.MODEL_ID, StoriesReference.folder())
                .option("llama-onnx.kv-cache", Boolean.toString(kvCache))
                .threads(1)
                .build();
        return new LlamaOnnxProvider().create(config);
    }

    static Stream<Arguments> cases() throws Exception {
        List<Arguments> args = new ArrayList<>();
        for (StoriesReference c : StoriesReference.all()) {
            args.add(Arguments.of(c, true));
            args.add(Arguments.of(c, false));
        }
        return args.stream();
    }

    @Test
    void referenceHasFourCasesOfSixtyIds() throws Exception {
        assertThat(StoriesReference.all()).hasSize(4)
                .allSatisfy(c -> assertThat(c.generatedIds()).hasSize(60));
    }

    @ParameterizedTest(name = "{0}, kv cache {1}")
    @MethodSource("cases")
    void greedyIdsAndTextEqualTheLlama2cReference(StoriesReference c, boolean kvCache) {
        try (LlamaOnnxModel model = (LlamaOnnxModel) create(kvCache)) {
            assertThat(model.contextLength()).isEqualTo(512); // config.json max_position_embeddings
            assertThat(model.stopTokenIds()).containsExactly(2); // config.json eos_token_id
            StringBuilder streamed = new StringBuilder();
            Completion done = model.complete(c.promptIds(), GenerationOptions.greedy(60), streamed::append);
            assertThat(done.ids()).containsExactly(c.generatedIds());
            assertThat(done.finish()).isEqualTo(Generation.Finish.LENGTH);
            assertThat(done.text()).isEqualTo(c.continuationText());
            assertThat(streamed.toString()).isEqualTo(c.continuationText());
            if (c.prompt() != null) {
                // the text path: the tokenizer's post-processor adds BOS, as llama2.c's encoder does
                assertThat(model.encode(c.prompt(), true)).containsExactly(c.promptIds());
                assertThat(model.complete(c.prompt(), GenerationOptions.greedy(60), text -> { }).ids())
                        .containsExactly(c.generatedIds());
            }
        }
    }

    @Test
    void aShorterBudgetIsAPrefixAndStopStringsCutTheText() throws Exception {
        StoriesReference once = StoriesReference.all().get(1);
        try (LlamaOnnxModel model = (LlamaOnnxModel) create(true)) {
            Completion ten = model.complete(once.promptIds(), GenerationOptions.greedy(10), t -> { });
            assertThat(ten.ids()).containsExactly(java.util.Arrays.copyOf(once.generatedIds(), 10));
            assertThat(once.continuationText()).startsWith(ten.text());

            StringBuilder streamed = new StringBuilder();
            Completion cut = model.complete(once.promptIds(),
                    GenerationOptions.greedy(60).withStopStrings(List.of("Lily")), streamed::append);
            assertThat(cut.text()).isEqualTo(", there was a little girl named ");
            assertThat(streamed.toString()).isEqualTo(cut.text());
            assertThat(cut.finish()).isEqualTo(Generation.Finish.STOP);
            assertThat(cut.ids().length).isLessThan(15);
        }
    }
}

package dev.echollama.llm.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.echollama.language.ChatMessage;
import dev.echollama.language.GenerationOptions;
import dev.echollama.language.LanguageRequest;
import dev.echollama.onnx.text.Llama3ChatTemplate;
import dev.echollama.onnx.text.TextTokenizer;
import dev.echollama.scene.ScenePromptBuilder;
import dev.echollama.spi.ProviderConfig;
import dev.echollama.testkit.onnx.ElementType;
import dev.echollama.testkit.onnx.LlamaSpec;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chat prompt the provider builds, checked against the two independent references: the rendered Llama 3.2
 * conversation quoted by a Meta maintainer (MODELS.md §4.4, byte for byte) and the ids DJL's tokenizer gave for
 * a user turn in PROVENANCE.md ({@code tokenizers/llama3}).
 */
class Llama3PromptTest {
    /** MODELS.md §4.4, verbatim (the typo "exaple" is the quote's). */
    static final String META_EXAMPLE = "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\n"
            + "Cutting Knowledge Date: December 2023\nToday Date: 26 Jul 2024\n\nYou are helpful assistant<|eot_id|>"
            + "<|start_header_id|>user<|end_header_id|>\n\nUser exaple message<|eot_id|>"
            + "<|start_header_id|>assistant<|end_header_id|>\n\nAssistant example message<|eot_id|>";
    static final String ASSISTANT_HEADER = "<|start_header_id|>assistant<|end_header_id|>\n\n";
    /** PROVENANCE.md, tokenizers/llama3: this text and its ids. */
    static final String PROVENANCE_TEXT = "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\n"
            + "Describe the scene: a dog next to a bicycle.<|eot_id|>";
    static final int[] PROVENANCE_IDS = {128000, 128006, 882, 128007, 271, 75885, 279, 6237, 25, 264, 5679, 1828,
        311, 264, 36086, 13, 128009};

    private static LlamaOnnxModel model;
    private static TextTokenizer llama3;

    @BeforeAll
    static void open(@TempDir Path dir) throws Exception {
        Path folder = SyntheticFolder.create(dir,
                LlamaSpec.defaults().toBuilder().layers(1).kvType(ElementType.FLOAT16).build());
        model = (LlamaOnnxModel) new LlamaOnnxProvider().create(ProviderConfig.builder()
                .model(LlamaOnnxProvider.MODEL_ID, folder).option("llama-onnx.date", "2024-07-26").build());
        llama3 = TextTokenizer.load(SyntheticFolder.tokenizerFolder());
    }

    @AfterAll
    static void close() {
        if (model != null) {
            model.close();
        }
        if (llama3 != null) {
            llama3.close();
        }
    }

    static LanguageRequest request(ChatMessage... messages) {
        return new LanguageRequest(List.of(messages), Optional.empty(), GenerationOptions.paper());
    }

    @Test
    void theProvidersPromptIsMetasRenderingByteForByte() {
        String prompt = model.promptText(request(ChatMessage.system("You are helpful assistant"),
                ChatMessage.user("User exaple message")));
        String upToTheUserTurn = META_EXAMPLE.substring(0, META_EXAMPLE.indexOf(ASSISTANT_HEADER));
        assertThat(prompt).isEqualTo(upToTheUserTurn + ASSISTANT_HEADER);
        // the whole quoted conversation, assistant turn included, from the same template
        assertThat(Llama3ChatTemplate.withDate(LocalDate.of(2024, 7, 26)).render(List.of(
                ChatMessage.system("You are helpful assistant"), ChatMessage.user("User exaple message"),
                ChatMessage.assistant("Assistant example message")), false)).isEqualTo(META_EXAMPLE);
    }

    @Test
    void theModelsTokenizerGivesTheProvenanceIdsAndOneBos() {
        assertThat(model.encode(PROVENANCE_TEXT, false)).containsExactly(PROVENANCE_IDS);
        assertThat(llama3.decode(Arrays.stream(PROVENANCE_IDS).asLongStream().toArray(), false))
                .isEqualTo(PROVENANCE_TEXT);

        int[] ids = model.promptIds(request(ChatMessage.user("Describe the scene: a dog next to a bicycle.")));
        assertThat(ids[0]).isEqualTo(128000);
        assertThat(Arrays.stream(ids).filter(id -> id == 128000).count()).as("BOS count").isEqualTo(1);
        int[] userTurn = Arrays.copyOfRange(PROVENANCE_IDS, 1, PROVENANCE_IDS.length);
        int[] assistantHeader = {128006, (int) llama3.tokenId("assistant").orElseThrow(), 128007, 271};
        int[] tail = Arrays.copyOfRange(ids, ids.length - userTurn.length - assistantHeader.length, ids.length);
        int[] expectedTail = new int[userTurn.length + assistantHeader.length];
        System.arraycopy(userTurn, 0, expectedTail, 0, userTurn.length);
        System.arraycopy(assistantHeader, 0, expectedTail, userTurn.length, assistantHeader.length);
        assertThat(tail).containsExactly(expectedTail);
        // no system message in the request: the paper's system prompt is rendered in the system block
        assertThat(llama3.decode(Arrays.stream(ids).asLongStream().toArray(), false))
                .startsWith("<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nCutting Knowledge Date: "
                        + "December 2023\nToday Date: 26 Jul 2024\n\n" + ScenePromptBuilder.PAPER_SYSTEM_PROMPT
                        + "<|eot_id|>");
    }

    @Test
    void countTokensUsesTheModelsTokenizerWithoutSpecialTokens() {
        assertThat(model.countTokens("Describe the scene: a dog next to a bicycle.")).isEqualTo(11);
        assertThat(model.countTokens("")).isZero();
    }
}

package dev.echollama.tts.orpheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.echollama.BadInputException;
import dev.echollama.onnx.text.TextTokenizer;
import dev.echollama.testkit.SharedModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Orpheus prompt (MODELS.md §5.2) with the real Llama-3 tokenizer of shared/models/tokenizers/llama3. */
class OrpheusPromptTest {
    private static TextTokenizer tokenizer;

    @BeforeAll
    static void load() {
        tokenizer = TextTokenizer.load(SharedModels.require("tokenizers/llama3/tokenizer.json").getParent());
    }

    @AfterAll
    static void close() {
        if (tokenizer != null) {
            tokenizer.close();
        }
    }

    @Test
    void taraHelloIsTheHandDerivedIdList() {
        // By hand, from MODELS.md §5.2 and the vocabulary/merges of tokenizers/llama3/tokenizer.json:
        //   128259                  start_of_human
        //   128000                  <|begin_of_text|> (the tokenizer's TemplateProcessing adds it)
        //   "tara: Hello" is pre-tokenized (Llama-3 regex) into "tara", ":", " Hello":
        //     "tara": not a vocabulary entry; BPE on t,a,r,a applies merge "a r" (rank 31) -> t,ar,a, then
        //             "ar a" (rank 12936, before "t ar" at 73499) -> t,ara; "t ara" is no merge:
        //             "t" = 83, "ara" = 5169
        //     ":"    = 25
        //     " Hello" = "ĠHello", one vocabulary entry: 22691
        //   128009                  end_of_text (<|eot_id|>)
        //   128260                  end_of_human
        //   128261                  start_of_ai
        //   128257                  start_of_speech
        int[] expected = {128259, 128000, 83, 5169, 25, 22691, 128009, 128260, 128261, 128257};
        assertThat(OrpheusPrompt.ids(tokenizer, "tara", "Hello")).containsExactly(expected);
    }

    @Test
    void controlIdsMatchTheNotebookOffsets() {
        // tokeniser_length = 128256; start_of_speech +1, end_of_speech +2, start_of_human +3, end_of_human +4,
        // start_of_ai +5, end_of_ai +6, audio_tokens_start +10 (MODELS.md §5.2)
        assertThat(OrpheusPrompt.START_OF_SPEECH).isEqualTo(128256 + 1);
        assertThat(OrpheusPrompt.END_OF_SPEECH).isEqualTo(128256 + 2);
        assertThat(OrpheusPrompt.START_OF_HUMAN).isEqualTo(128256 + 3);
        assertThat(OrpheusPrompt.END_OF_HUMAN).isEqualTo(128256 + 4);
        assertThat(OrpheusPrompt.START_OF_AI).isEqualTo(128256 + 5);
        assertThat(OrpheusPrompt.END_OF_AI).isEqualTo(128256 + 6);
        assertThat(SnacFrameAssembler.AUDIO_TOKEN_OFFSET).isEqualTo(128256 + 10);
        assertThat(OrpheusPrompt.MIN_VOCAB).isEqualTo(156938);
    }

    @Test
    void emotionTagsArePassedThroughAsText() {
        int[] ids = OrpheusPrompt.ids(tokenizer, "tara", "Hello <laugh> there");
        // " <laugh>" is plain text to the tokenizer: "Ġ<" 366, "la" 4355, "ugh" 7595, ">" 29; " there" 1070
        assertThat(ids).containsExactly(128259, 128000, 83, 5169, 25, 22691, 366, 4355, 7595, 29, 1070, 128009,
                128260, 128261, 128257);
        assertThat(tokenizer.decode(new long[] {ids[6], ids[7], ids[8], ids[9]}, false)).isEqualTo(" <laugh>");
    }

    @Test
    void specialTokensTypedInTheTextCannotChangeTheLayout() {
        int[] ids = OrpheusPrompt.ids(tokenizer, "tara", "Hello<|eot_id|><|begin_of_text|>");
        assertThat(ids).containsExactly(128259, 128000, 83, 5169, 25, 22691, 128009, 128260, 128261, 128257);
    }

    @Test
    void voicesAreTheEightOfTheReadme() {
        assertThat(OrpheusPrompt.VOICES).containsExactly("tara", "leah", "jess", "leo", "dan", "mia", "zac", "zoe");
        assertThat(OrpheusPrompt.checkVoice(" Zoe ")).isEqualTo("zoe");
        assertThatThrownBy(() -> OrpheusPrompt.checkVoice("julia")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("tara").hasMessageContaining("julia");
    }
}

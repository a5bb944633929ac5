package dev.echollama.onnx.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.echollama.BadInputException;
import dev.echollama.language.ChatMessage;
import dev.echollama.testkit.SharedModels;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromptTemplatesTest {
    static final Llama3ChatTemplate JULY_26 = Llama3ChatTemplate.withDate(LocalDate.of(2024, 7, 26));

    @Test
    void llama3RendersTheMetaExampleByteForByte() {
        // MODELS.md §4.4, quoted from the Meta maintainer thread (meta-llama/Llama-3.2-1B-Instruct discussion 14).
        String expected = "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nCutting Knowledge Date: "
                + "December 2023\nToday Date: 26 Jul 2024\n\nYou are helpful assistant<|eot_id|><|start_header_id|>"
                + "user<|end_header_id|>\n\nUser exaple message<|eot_id|><|start_header_id|>assistant<|end_header_id|>"
                + "\n\nAssistant example message<|eot_id|>";
        String rendered = JULY_26.render(List.of(ChatMessage.system("You are helpful assistant"),
                ChatMessage.user("User exaple message"), ChatMessage.assistant("Assistant example message")), false);
        assertThat(rendered).isEqualTo(expected);
    }

    @Test
    void llama3AlwaysWritesTheSystemBlockAndTheGenerationPrompt() {
        String rendered = JULY_26.render(List.of(ChatMessage.user("  Where is the door?\n")), true);
        assertThat(rendered).isEqualTo("<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\n"
                + "Cutting Knowledge Date: December 2023\nToday Date: 26 Jul 2024\n\n<|eot_id|>"
                + "<|start_header_id|>user<|end_header_id|>\n\nWhere is the door?<|eot_id|>"
                + "<|start_header_id|>assistant<|end_header_id|>\n\n");
    }

    @Test
    void llama3DateIsZeroPaddedEnglishAndFollowsTheClock() {
        assertThat(Llama3ChatTemplate.dateString(LocalDate.of(2024, 9, 5))).isEqualTo("05 Sep 2024");
        assertThat(Llama3ChatTemplate.dateString(LocalDate.of(2025, 12, 31))).isEqualTo("31 Dec 2025");
        Clock clock = Clock.fixed(Instant.parse("2025-01-01T02:00:00Z"), ZoneId.of("America/New_York"));
        assertThat(Llama3ChatTemplate.withClock(clock).render(List.of(), false))
                .contains("Today Date: 31 Dec 2024\n\n"); // still the 31st in New York
        assertThat(Llama3ChatTemplate.today().render(List.of(), false))
                .contains("Today Date: " + Llama3ChatTemplate.dateString(LocalDate.now()));
    }

    @Test
    void llama3TrimsLikePythonAndKeepsLaterSystemMessagesAsTurns() {
        String rendered = JULY_26.render(List.of(ChatMessage.system("\u00a0 Be brief.\t"),
                ChatMessage.user("hi"), ChatMessage.system("Now be verbose.")), false);
        assertThat(rendered).contains("Today Date: 26 Jul 2024\n\nBe brief.<|eot_id|>")
                .endsWith("<|start_header_id|>system<|end_header_id|>\n\nNow be verbose.<|eot_id|>");
        assertThatThrownBy(() -> JULY_26.render(null, true)).isInstanceOf(BadInputException.class);
    }

    @Test
    void llama3RenderingTokenizesToTheProvenanceIdsAfterTheSystemBlock() {
        {
            TextTokenizer t = SharedTokenizers.llama3();
            long[] ids = t.encode(JULY_26.render(
                    List.of(ChatMessage.user("Describe the scene: a dog next to a bicycle.")), false), false);
            long[] chat = TextTokenizerTest.LLAMA3_CHAT_IDS;
            assertThat(ids).startsWith(128000, 128006, t.tokenId("system").orElseThrow(), 128007, 271);
            assertThat(ids).endsWith(Arrays.copyOfRange(chat, 1, chat.length));
            assertThat(Arrays.stream(ids).filter(id -> id == 128000).count()).isEqualTo(1); // one BOS only
        }
    }

    @Test
    void moondreamPrompt() {
        assertThat(MoondreamPrompt.question("What is in front of me?"))
                .isEqualTo("<image>\n\nQuestion: What is in front of me?\n\nAnswer:");
        assertThat(MoondreamPrompt.question("Question: Where?\n\nAnswer: Left.\n\n", "And now?"))
                .isEqualTo("<image>\n\nQuestion: Where?\n\nAnswer: Left.\n\nQuestion: And now?\n\nAnswer:");
        assertThat(MoondreamPrompt.BOS_ID).isEqualTo(50256);
        assertThatThrownBy(() -> MoondreamPrompt.question(" ")).isInstanceOf(BadInputException.class);
    }

    @Test
    void whisperMultilingualPromptIds() {
        WhisperPrompt w = WhisperPrompt.MULTILINGUAL;
        assertThat(w.prompt("en", WhisperPrompt.Task.TRANSCRIBE, false)).containsExactly(50258, 50259, 50359, 50363);
        assertThat(w.prompt(false)).containsExactly(50258, 50259, 50359, 50363);
        assertThat(w.prompt("ja", WhisperPrompt.Task.TRANSCRIBE, false)).containsExactly(50258, 50266, 50359, 50363);
        assertThat(w.prompt("de", WhisperPrompt.Task.TRANSLATE, true)).containsExactly(50258, 50261, 50358);
        assertThat(w.endOfText()).isEqualTo(50257);
        assertThat(w.startOfLm()).isEqualTo(50360);
        assertThat(w.startOfPrevious()).isEqualTo(50361);
        assertThat(w.noSpeech()).isEqualTo(50362);
        assertThat(w.timestampBegin()).isEqualTo(50364);
        assertThat(w.language("su")).isEqualTo(50357); // the 99th language, just before <|translate|>
        assertThat(w.beginSuppressTokens()).containsExactly(220, 50257);
        assertThatThrownBy(() -> w.language("yue")).isInstanceOf(BadInputException.class); // large-v3 only
        assertThatThrownBy(() -> w.language("xx")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("no language 'xx'");
        // large-v3 has 100 languages: everything after the languages moves up by one.
        assertThat(WhisperPrompt.of(true, 100).noTimestamps()).isEqualTo(50364);
        assertThat(WhisperPrompt.of(true, 100).language("yue")).isEqualTo(50358);
    }

    @Test
    void whisperEnglishOnlyPromptIds() {
        WhisperPrompt en = WhisperPrompt.ENGLISH_ONLY;
        assertThat(en.prompt(false)).containsExactly(50257, 50362);
        assertThat(en.prompt(true)).containsExactly(50257);
        assertThat(en.endOfText()).isEqualTo(50256);
        assertThat(en.language("en")).isEqualTo(50258);
        assertThat(en.translate()).isEqualTo(50357);
        assertThat(en.transcribe()).isEqualTo(50358);
        assertThat(en.startOfPrevious()).isEqualTo(50360);
        assertThat(en.noSpeech()).isEqualTo(50361);
        assertThat(en.timestampBegin()).isEqualTo(50363);
        assertThat(en.beginSuppressTokens()).containsExactly(220, 50256);
        assertThatThrownBy(() -> en.prompt("en", WhisperPrompt.Task.TRANSCRIBE, false))
                .isInstanceOf(BadInputException.class);
    }
}

package dev.echollama.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.echollama.BadInputException;
import dev.echollama.language.ChatMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

class Llama3ChatTemplateTest {

    /** The rendering quoted by a Meta maintainer (MODELS.md §4.4), typo included. */
    @Test
    void matchesMetasExample() {
        String expected = "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nCutting Knowledge Date: "
                + "December 2023\nToday Date: 26 Jul 2024\n\nYou are helpful assistant<|eot_id|><|start_header_id|>"
                + "user<|end_header_id|>\n\nUser exaple message<|eot_id|><|start_header_id|>assistant<|end_header_id|>"
                + "\n\nAssistant example message<|eot_id|>";
        String got = Llama3ChatTemplate.standard().render(List.of(ChatMessage.system("You are helpful assistant"),
                ChatMessage.user("User exaple message"), ChatMessage.assistant("Assistant example message")),
                true, false);
        assertThat(got).isEqualTo(expected);
    }

    @Test
    void systemBlockIsAlwaysThereAndBodiesAreTrimmed() {
        String got = Llama3ChatTemplate.withDate("25 Nov 2026").render(List.of(ChatMessage.user("  Hi?\n")), false,
                true);
        assertThat(got).isEqualTo("<|start_header_id|>system<|end_header_id|>\n\nCutting Knowledge Date: December "
                + "2023\nToday Date: 25 Nov 2026\n\n<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nHi?"
                + "<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n");
        assertThat(Llama3ChatTemplate.STOP_IDS).containsExactly(128001, 128008, 128009);
        assertThatThrownBy(() -> Llama3ChatTemplate.withDate("a\nb")).isInstanceOf(BadInputException.class);
    }
}

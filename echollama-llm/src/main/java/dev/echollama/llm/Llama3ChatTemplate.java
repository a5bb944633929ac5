package dev.echollama.llm;

import dev.echollama.BadInputException;
import dev.echollama.language.ChatMessage;
import java.util.List;

/**
 * Renders messages in the Llama 3.1 / 3.2 chat format, as the model's own {@code chat_template.jinja} does: the
 * system block always comes first and carries "Cutting Knowledge Date: December 2023" and "Today Date: …" (with an
 * empty system message when the conversation has none); every message body is trimmed; the generation prompt is
 * the assistant header. Special tokens: {@code <|begin_of_text|>} 128000, {@code <|start_header_id|>} 128006,
 * {@code <|end_header_id|>} 128007, {@code <|eot_id|>} 128009; generation ends at 128001, 128008 or 128009.
 *
 * <p>The date defaults to the template's own fallback, {@value #DEFAULT_DATE}, so that prompts (and greedy outputs)
 * are reproducible. Immutable and thread-safe.
 */
public final class Llama3ChatTemplate {
    public static final String BEGIN_OF_TEXT = "<|begin_of_text|>";
    public static final String START_HEADER = "<|start_header_id|>";
    public static final String END_HEADER = "<|end_header_id|>";
    public static final String EOT = "<|eot_id|>";
    /** The ids that end an assistant turn: end_of_text, eom_id, eot_id. */
    public static final List<Integer> STOP_IDS = List.of(128001, 128008, 128009);
    /** The fallback {@code date_string} of the Llama 3.2 template. */
    public static final String DEFAULT_DATE = "26 Jul 2024";

    private final String date;

    private Llama3ChatTemplate(String date) {
        this.date = date;
    }

    /** With "Today Date: 26 Jul 2024". */
    public static Llama3ChatTemplate standard() {
        return new Llama3ChatTemplate(DEFAULT_DATE);
    }

    /** With another "Today Date" line, such as {@code "25 Nov 2026"} (the template writes {@code %d %b %Y}). */
    public static Llama3ChatTemplate withDate(String date) {
        if (date == null || date.isBlank() || date.contains("\n")) {
            throw new BadInputException("template date must be one non-blank line, got '" + date + "'");
        }
        return new Llama3ChatTemplate(date.strip());
    }

    /**
     * The prompt text.
     *
     * @param withBos         start with {@code <|begin_of_text|>}; leave it out when the engine adds BOS itself
     *                        (llama.cpp does for Llama 3 GGUF files), or the prompt would start with two
     * @param generationPrompt end with the assistant header so that the model writes the reply
     */
    public String render(List<ChatMessage> messages, boolean withBos, boolean generationPrompt) {
        if (messages == null) {
            throw new BadInputException("messages are null");
        }
        StringBuilder sb = new StringBuilder(256);
        if (withBos) {
            sb.append(BEGIN_OF_TEXT);
        }
        int first = 0;
        String system = "";
        if (!messages.isEmpty() && messages.get(0).role() == ChatMessage.Role.SYSTEM) {
            system = messages.get(0).content().strip();
            first = 1;
        }
        sb.append(START_HEADER).append("system").append(END_HEADER).append("\n\n")
                .append("Cutting Knowledge Date: December 2023\n")
                .append("Today Date: ").append(date).append("\n\n")
                .append(system).append(EOT);
        for (ChatMessage m : messages.subList(first, messages.size())) {
            sb.append(START_HEADER).append(role(m.role())).append(END_HEADER).append("\n\n")
                    .append(m.content().strip()).append(EOT);
        }
        if (generationPrompt) {
            sb.append(START_HEADER).append("assistant").append(END_HEADER).append("\n\n");
        }
        return sb.toString();
    }

    private static String role(ChatMessage.Role r) {
        return switch (r) {
            case SYSTEM -> "system";
            case USER -> "user";
            case ASSISTANT -> "assistant";
        };
    }

    @Override
    public String toString() {
        return "Llama3ChatTemplate[date=" + date + "]";
    }
}

package dev.echollama.onnx.text;

import dev.echollama.BadInputException;
import dev.echollama.language.ChatMessage;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The Llama 3.1 / 3.2 Instruct chat template, rendered in Java (no Jinja), byte-for-byte as the official
 * {@code chat_template} renders plain conversations (MODELS.md §4.4):
 *
 * <pre>
 * &lt;|begin_of_text|&gt;&lt;|start_header_id|&gt;system&lt;|end_header_id|&gt;\n\n
 * Cutting Knowledge Date: December 2023\nToday Date: 26 Jul 2024\n\n{system}&lt;|eot_id|&gt;
 * &lt;|start_header_id|&gt;user&lt;|end_header_id|&gt;\n\n{user}&lt;|eot_id|&gt; ...
 * [&lt;|start_header_id|&gt;assistant&lt;|end_header_id|&gt;\n\n]      (generation prompt)
 * </pre>
 *
 * <ul>
 *   <li>The system block with the date preamble is always there; its text is the first message's content if
 *       that message is a system message, else empty. A system message elsewhere is rendered as an ordinary
 *       {@code system} turn, as the template does.</li>
 *   <li>Contents are trimmed of leading and trailing whitespace (Jinja's {@code trim}).</li>
 *   <li>The date is {@code "%d %b %Y"} in English ({@code 05 Sep 2024}) of the template's clock, in its zone.</li>
 * </ul>
 * The text starts with {@code <|begin_of_text|>}: tokenize it with {@code addSpecialTokens = false}. Tool calls
 * and the {@code ipython} role are not supported. Immutable and thread-safe.
 */
public final class Llama3ChatTemplate {
    public static final String BEGIN_OF_TEXT = "<|begin_of_text|>";
    public static final String START_HEADER = "<|start_header_id|>";
    public static final String END_HEADER = "<|end_header_id|>";
    public static final String END_OF_TURN = "<|eot_id|>";
    /** The line the template writes before the date; the models were trained with it. */
    public static final String KNOWLEDGE_CUTOFF = "Cutting Knowledge Date: December 2023";

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd MMM yyyy", Locale.ENGLISH);

    private final Clock clock;

    private Llama3ChatTemplate(Clock clock) {
        this.clock = clock;
    }

    /** Dated with today's date in the system time zone at each render. */
    public static Llama3ChatTemplate today() {
        return new Llama3ChatTemplate(Clock.systemDefaultZone());
    }

    /** Dated with {@code clock}'s date at each render. */
    public static Llama3ChatTemplate withClock(Clock clock) {
        if (clock == null) {
            throw new BadInputException("clock is null");
        }
        return new Llama3ChatTemplate(clock);
    }

    /** Always dated {@code date} (tests, reproducible prompts). */
    public static Llama3ChatTemplate withDate(LocalDate date) {
        if (date == null) {
            throw new BadInputException("date is null");
        }
        ZoneId utc = ZoneId.of("UTC");
        return new Llama3ChatTemplate(Clock.fixed(date.atStartOfDay(utc).toInstant(), utc));
    }

    /** {@code 26 Jul 2024}: strftime's {@code %d %b %Y} in the C locale. */
    public static String dateString(LocalDate date) {
        return DATE.format(date);
    }

    /**
     * Renders {@code messages}.
     *
     * @param addGenerationPrompt whether to end with the assistant header, so that the model writes the reply
     */
    public String render(List<ChatMessage> messages, boolean addGenerationPrompt) {
        if (messages == null) {
            throw new BadInputException("messages are null");
        }
        StringBuilder sb = new StringBuilder(256);
        sb.append(BEGIN_OF_TEXT);
        int first = 0;
        String system = "";
        if (!messages.isEmpty() && messages.get(0) != null && messages.get(0).role() == ChatMessage.Role.SYSTEM) {
            system = trim(messages.get(0).content());
            first = 1;
        }
        header(sb, "system");
        sb.append(KNOWLEDGE_CUTOFF).append('\n')
                .append("Today Date: ").append(dateString(LocalDate.now(clock))).append("\n\n")
                .append(system).append(END_OF_TURN);
        for (int i = first; i < messages.size(); i++) {
            ChatMessage m = messages.get(i);
            if (m == null) {
                throw new BadInputException("message " + i + " is null");
            }
            header(sb, m.role().name().toLowerCase(Locale.ROOT));
            sb.append(trim(m.content())).append(END_OF_TURN);
        }
        if (addGenerationPrompt) {
            header(sb, "assistant");
        }
        return sb.toString();
    }

    private static void header(StringBuilder sb, String role) {
        sb.append(START_HEADER).append(role).append(END_HEADER).append("\n\n");
    }

    /** Python's {@code str.strip()}: Unicode whitespace, including no-break spaces and U+0085. */
    static String trim(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isPythonSpace(s.charAt(start))) {
            start++;
        }
        while (end > start && isPythonSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    private static boolean isPythonSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u0085';
    }
}

package dev.echollama.onnx.text;

import dev.echollama.BadInputException;

/**
 * Moondream2's question-answering prompt (vikhyat/moondream 2024-05 {@code answer_question}, MODELS.md §3.5):
 * {@code "<image>\n\n{chatHistory}Question: {question}\n\nAnswer:"}.
 *
 * <p>The {@value #IMAGE_TOKEN} marker is where the 729 image-feature rows are spliced in place of its embedding;
 * tokenize the text around it with {@code addSpecialTokens = false} and put BOS ({@value #BOS_ID},
 * {@code <|endoftext|>}) in front of everything. Stateless and thread-safe.
 */
public final class MoondreamPrompt {
    /** Marks the single position of the image features. */
    public static final String IMAGE_TOKEN = "<image>";
    /** {@code <|endoftext|>}: BOS, EOS and padding of the Moondream2 tokenizer. */
    public static final long BOS_ID = 50256;

    private MoondreamPrompt() {
    }

    /** {@code "<image>\n\nQuestion: {question}\n\nAnswer:"}. */
    public static String question(String question) {
        return question("", question);
    }

    /**
     * With earlier turns: {@code chatHistory} is inserted verbatim before the question (upstream passes it as a
     * ready string, e.g. {@code "Question: ...\n\nAnswer: ...\n\n"}).
     */
    public static String question(String chatHistory, String question) {
        if (chatHistory == null) {
            throw new BadInputException("chat history is null (use \"\" for none)");
        }
        if (question == null || question.isBlank()) {
            throw new BadInputException("question is empty");
        }
        return IMAGE_TOKEN + "\n\n" + chatHistory + "Question: " + question + "\n\nAnswer:";
    }
}

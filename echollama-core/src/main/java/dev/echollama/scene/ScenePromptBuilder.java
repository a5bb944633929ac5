package dev.echollama.scene;

import dev.echollama.BadInputException;

/**
 * Builds the paper's §6.1 prompt from a caption and a matrix:
 *
 * <pre>
 * Image Description: {caption}
 * This grid-based object detection matrix represents detected objects in different regions of the image. {matrix}
 * Describe this place in detail.
 * </pre>
 *
 * with the paper's system prompt ({@link #PAPER_SYSTEM_PROMPT}). Immutable and thread-safe.
 */
public final class ScenePromptBuilder {

    /** Paper §6.1, verbatim. */
    public static final String PAPER_SYSTEM_PROMPT = "You are a visual understanding and interpretation assistant. "
            + "You will receive an input consisting of a natural language description of an image along with a "
            + "grid-based object detection matrix, which contains object names, counts, and their spatial "
            + "positions. Your task is to give information and answer questions about places.";

    /** The closing instruction of the first turn. */
    public static final String DESCRIBE_INSTRUCTION = "Describe this place in detail.";

    private static final String MATRIX_INTRO = "This grid-based object detection matrix represents detected "
            + "objects in different regions of the image. ";

    private final String systemPrompt;
    private final MatrixFormatter formatter;

    private ScenePromptBuilder(String systemPrompt, MatrixFormatter formatter) {
        this.systemPrompt = systemPrompt;
        this.formatter = formatter;
    }

    /** The paper's system prompt and the standard matrix text. */
    public static ScenePromptBuilder paper() {
        return new ScenePromptBuilder(PAPER_SYSTEM_PROMPT, MatrixFormatter.standard());
    }

    /** A copy that renders the matrix with {@code formatter}. */
    public ScenePromptBuilder withFormatter(MatrixFormatter formatter) {
        if (formatter == null) {
            throw new BadInputException("formatter is null");
        }
        return new ScenePromptBuilder(systemPrompt, formatter);
    }

    /** A copy with another system prompt. */
    public ScenePromptBuilder withSystemPrompt(String systemPrompt) {
        if (systemPrompt == null || systemPrompt.isBlank()) {
            throw new BadInputException("system prompt is blank");
        }
        return new ScenePromptBuilder(systemPrompt, formatter);
    }

    public MatrixFormatter formatter() {
        return formatter;
    }

    public String systemPrompt() {
        return systemPrompt;
    }

    /** The prompt for this caption (may be empty) and matrix. */
    public ScenePrompt build(String caption, SceneMatrix matrix) {
        if (caption == null || matrix == null) {
            throw new BadInputException("caption and matrix must not be null");
        }
        String user = "Image Description: " + caption + "\n" + MATRIX_INTRO + formatter.format(matrix) + "\n"
                + DESCRIBE_INSTRUCTION;
        return new ScenePrompt(systemPrompt, user);
    }
}

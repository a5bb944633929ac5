package dev.echollama.vision;

import dev.echollama.BadInputException;

/**
 * A free-text description of an image.
 *
 * @param text   one or more sentences, never null (may be empty when a captioner has nothing to say)
 * @param source the captioner that wrote it, for provenance ({@code moondream2}, {@code grounded})
 */
public record Caption(String text, String source) {
    public Caption {
        if (text == null) {
            throw new BadInputException("caption text is null");
        }
        if (source == null || source.isBlank()) {
            throw new BadInputException("caption source is blank");
        }
        text = text.strip();
    }
}

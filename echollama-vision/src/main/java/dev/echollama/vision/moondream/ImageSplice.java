package dev.echollama.vision.moondream;

/**
 * Puts the vision encoder's rows into the text embeddings where the single {@code <image>} token stands
 * (MODELS.md §3.5; transformers.js {@code _merge_input_ids_with_image_features}, upstream moondream's
 * {@code input_embeds}): {@code [E[0..at), image rows, E[at..n)]}. The text embeddings passed here do not hold a
 * row for {@code <image>} itself (its id, -200, has no embedding), so nothing is removed.
 */
final class ImageSplice {
    private ImageSplice() {
    }

    /**
     * @param text      {@code textRows × hidden} floats, row-major
     * @param at        the row index at which the image rows start, in {@code [0, textRows]}
     * @param image     {@code imageRows × hidden} floats
     * @return {@code (textRows + imageRows) × hidden} floats
     */
    static float[] insert(float[] text, int textRows, int hidden, int at, float[] image, int imageRows) {
        if (text.length != (long) textRows * hidden) {
            throw new IllegalArgumentException("text embeddings must hold " + textRows + " x " + hidden
                    + " floats, got " + text.length);
        }
        if (image.length != (long) imageRows * hidden) {
            throw new IllegalArgumentException("image features must hold " + imageRows + " x " + hidden
                    + " floats, got " + image.length);
        }
        if (at < 0 || at > textRows) {
            throw new IllegalArgumentException("splice position " + at + " outside [0, " + textRows + "]");
        }
        float[] out = new float[Math.multiplyExact(textRows + imageRows, hidden)];
        int head = at * hidden;
        System.arraycopy(text, 0, out, 0, head);
        System.arraycopy(image, 0, out, head, image.length);
        System.arraycopy(text, head, out, head + image.length, text.length - head);
        return out;
    }
}

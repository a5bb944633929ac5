package dev.echollama.llm.onnx;

import dev.echollama.BadInputException;
import dev.echollama.language.Generation;
import java.util.Arrays;

/**
 * The outcome of a raw {@link LlamaOnnxModel#complete completion}: the token ids as the model saw and produced
 * them, and the text the sink was given.
 *
 * @param promptIds the prompt ids as given
 * @param ids       the generated ids, without the stop id that ended them
 * @param text      the generated text as streamed: the continuation of the prompt's text (a leading space that
 *                  the tokenizer's decoder would strip from a lone first token is kept), cut before a stop string
 * @param finish    STOP (a stop id or stop string), LENGTH (max new tokens or the context window) or CANCELLED
 */
public record Completion(int[] promptIds, int[] ids, String text, Generation.Finish finish) {

    public Completion {
        if (promptIds == null || ids == null || text == null || finish == null) {
            throw new BadInputException("completion fields must not be null");
        }
        promptIds = promptIds.clone();
        ids = ids.clone();
    }

    @Override
    public int[] promptIds() {
        return promptIds.clone();
    }

    @Override
    public int[] ids() {
        return ids.clone();
    }

    /** As core's {@link Generation}: the text, prompt and generated token counts, and the finish reason. */
    public Generation toGeneration() {
        return new Generation(text, promptIds.length, ids.length, finish);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Completion c && Arrays.equals(promptIds, c.promptIds) && Arrays.equals(ids, c.ids)
                && text.equals(c.text) && finish == c.finish;
    }

    @Override
    public int hashCode() {
        return (31 * Arrays.hashCode(promptIds) + Arrays.hashCode(ids)) * 31 + text.hashCode() + finish.hashCode();
    }

    @Override
    public String toString() {
        return "Completion[promptIds=" + promptIds.length + " ids, ids=" + Arrays.toString(ids) + ", text="
                + text + ", finish=" + finish + "]";
    }
}

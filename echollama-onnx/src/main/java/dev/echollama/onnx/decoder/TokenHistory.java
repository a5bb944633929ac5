package dev.echollama.onnx.decoder;

import java.util.function.IntConsumer;

/**
 * The token ids one row has seen so far: the prompt (when it was given as ids) followed by the generated ids.
 * A read-only view, valid only during the {@link LogitsProcessor} call it is passed to.
 */
public interface TokenHistory {

    /** Number of prompt ids at the start of the history (0 when the prompt was given as embeddings). */
    int promptLength();

    /** Total number of ids: prompt plus generated. */
    int size();

    /** The id at {@code index} (0-based, prompt first). */
    int get(int index);

    /** How many ids have been generated so far; the token about to be sampled has this generation index. */
    default int generatedCount() {
        return size() - promptLength();
    }

    /** Calls {@code action} once for every distinct id in the history, in order of first appearance. */
    void forEachDistinct(IntConsumer action);

    /** An empty history (no prompt, nothing generated). */
    static TokenHistory empty() {
        return IntHistory.of(new int[0]);
    }

    /** A history holding {@code promptIds} as its prompt and nothing generated. */
    static TokenHistory ofPrompt(int... promptIds) {
        return IntHistory.of(promptIds.clone());
    }
}

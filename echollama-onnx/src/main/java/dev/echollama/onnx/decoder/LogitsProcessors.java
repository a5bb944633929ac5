package dev.echollama.onnx.decoder;

import dev.echollama.BadInputException;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * The small stock {@link LogitsProcessor}s: suppressed tokens, tokens suppressed at one generation index (Whisper's
 * {@code begin_suppress_tokens}), forced tokens, and the CTRL repetition penalty. All are stateless and thread-safe.
 * Token ids outside the vocabulary of a given row are ignored, so one processor can serve vocabularies of
 * different sizes.
 */
public final class LogitsProcessors {

    private LogitsProcessors() {
    }

    /** Forbids {@code ids} at every step (Whisper's {@code suppress_tokens}). */
    public static LogitsProcessor suppress(int... ids) {
        int[] copy = checkIds(ids);
        return (logits, history) -> forbid(logits, copy);
    }

    /**
     * Forbids {@code ids} for the first generated token only (Whisper's {@code begin_suppress_tokens}, e.g.
     * {@code [220, eot]} so that a transcript never starts with a blank or ends empty).
     */
    public static LogitsProcessor suppressAtBegin(int... ids) {
        return suppressAt(0, ids);
    }

    /** Forbids {@code ids} when the token with generation index {@code generatedIndex} is sampled. */
    public static LogitsProcessor suppressAt(int generatedIndex, int... ids) {
        if (generatedIndex < 0) {
            throw new BadInputException("generation index must be >= 0, got " + generatedIndex);
        }
        int[] copy = checkIds(ids);
        return (logits, history) -> {
            if (history.generatedCount() == generatedIndex) {
                forbid(logits, copy);
            }
        };
    }

    /**
     * Forces a token at given generation indexes: when the token with generation index {@code i} is sampled and
     * {@code forced} maps {@code i} to an id, every other id is forbidden. Indexes count generated tokens (0 = the
     * first token after the prompt), unlike Hugging Face's {@code forced_decoder_ids}, which count from the decoder
     * start token: HF's {@code [[1, x]]} after a one-token prompt is {@code Map.of(0, x)} here.
     */
    public static LogitsProcessor force(Map<Integer, Integer> forced) {
        TreeMap<Integer, Integer> copy = new TreeMap<>();
        forced.forEach((index, id) -> {
            if (index == null || id == null || index < 0 || id < 0) {
                throw new BadInputException("forced tokens need index >= 0 and id >= 0, got " + index + " -> " + id);
            }
            copy.put(index, id);
        });
        return (logits, history) -> {
            Integer id = copy.get(history.generatedCount());
            if (id != null && id < logits.length) {
                float keep = logits[id];
                Arrays.fill(logits, Float.NEGATIVE_INFINITY);
                // Keep a finite value even when an earlier processor forbade it: forcing wins.
                logits[id] = Float.isFinite(keep) ? keep : 0f;
            }
        };
    }

    /** Forces {@code ids[j]} at generation index {@code startIndex + j}. */
    public static LogitsProcessor forceSequence(int startIndex, int... ids) {
        Map<Integer, Integer> map = new TreeMap<>();
        for (int j = 0; j < ids.length; j++) {
            map.put(startIndex + j, ids[j]);
        }
        return force(map);
    }

    /**
     * CTRL repetition penalty (Keskar et al. 2019, as in Hugging Face {@code RepetitionPenaltyLogitsProcessor}):
     * every id already in the history (prompt included) has a positive logit divided by {@code penalty} and a
     * negative one multiplied by it. {@code penalty} 1 is a no-op.
     */
    public static LogitsProcessor repetitionPenalty(double penalty) {
        if (!(penalty >= 1) || Double.isInfinite(penalty)) {
            throw new BadInputException("repetition penalty must be >= 1 and finite, got " + penalty);
        }
        float p = (float) penalty;
        return (logits, history) -> history.forEachDistinct(id -> {
            if (id < logits.length) {
                float l = logits[id];
                logits[id] = l > 0 ? l / p : l * p;
            }
        });
    }

    private static void forbid(float[] logits, int[] ids) {
        for (int id : ids) {
            if (id < logits.length) {
                logits[id] = Float.NEGATIVE_INFINITY;
            }
        }
    }

    private static int[] checkIds(int[] ids) {
        for (int id : ids) {
            if (id < 0) {
                throw new BadInputException("token ids must be >= 0, got " + id);
            }
        }
        return ids.clone();
    }
}

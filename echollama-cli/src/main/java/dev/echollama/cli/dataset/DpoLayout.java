package dev.echollama.cli.dataset;

/**
 * How a {@link DpoRecord} is written as one JSON line. Both layouts carry the same seven keys, in this order:
 * {@code system, prompt, chosen, rejected, image, matrix, caption}.
 */
public enum DpoLayout {
    /**
     * Every value a string. Axolotl's {@code llama3.prompt_pairs} DPO type reads {@code system}, {@code prompt},
     * {@code chosen} and {@code rejected} as they are and adds the Llama 3 chat headers itself; TRL reads
     * {@code prompt} / {@code chosen} / {@code rejected} as its "standard" preference format (no chat template is
     * applied to standard data, and the {@code system} column is not used).
     */
    STANDARD,
    /**
     * TRL's "conversational" preference format: {@code prompt} is the list
     * {@code [{"role":"system",...},{"role":"user",...}]}, {@code chosen} and {@code rejected} are one-message
     * lists {@code [{"role":"assistant","content":...}]}; TRL applies the model's chat template. The other keys stay
     * strings.
     */
    CONVERSATIONAL
}

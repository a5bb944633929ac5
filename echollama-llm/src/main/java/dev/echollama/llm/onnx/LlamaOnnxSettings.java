package dev.echollama.llm.onnx;

import dev.echollama.BadInputException;
import dev.echollama.onnx.OnnxSessionConfig;
import dev.echollama.onnx.text.Llama3ChatTemplate;
import java.util.Locale;

/**
 * How {@link LlamaOnnxModel#open} loads and runs a model. Immutable; start from {@link #defaults()} and use the
 * {@code with*} methods, which validate and name the wrong value.
 *
 * @param variant       {@code auto} (default: the most faithful export present, in the order fp32, fp16, q4f16,
 *                      q4, quantized, int8, uint8, bnb4) or one of those names; ignored when the model path is an
 *                      {@code .onnx} file
 * @param contextLength the context window in tokens; 0 (default) takes {@code max_position_embeddings} from
 *                      config.json, capped at {@link #DEFAULT_CONTEXT_CAP}. A positive value may not exceed
 *                      {@code max_position_embeddings}
 * @param kvCache       true (default): prefill once, then one token per run with the KV cache; false: every step
 *                      runs the whole sequence again (slow; a reference for checking an export)
 * @param session       the ONNX Runtime session settings (device, threads)
 * @param template      the Llama 3 chat template (its date line); {@link Llama3ChatTemplate#today()} by default
 */
public record LlamaOnnxSettings(String variant, int contextLength, boolean kvCache, OnnxSessionConfig session,
                                Llama3ChatTemplate template) {

    /**
     * The default context cap: Llama 3.2 declares 131,072 positions, whose float16 KV cache alone would take 4 GiB
     * per conversation; the paper's prompts and replies fit in well under 2,000. 8,192 is Llama 3's original
     * (pre-RoPE-scaling) window.
     */
    public static final int DEFAULT_CONTEXT_CAP = 8192;

    /** The variant value that picks the best export present. */
    public static final String AUTO = "auto";

    public LlamaOnnxSettings {
        if (variant == null || variant.isBlank()) {
            variant = AUTO;
        }
        variant = variant.strip().toLowerCase(Locale.ROOT);
        if (!variant.equals(AUTO)) {
            Variant.parse("variant", variant);
        }
        if (contextLength < 0) {
            throw new BadInputException("contextLength must be 0 (from config.json) or positive, got " + contextLength);
        }
        if (session == null) {
            throw new BadInputException("session config is null");
        }
        if (template == null) {
            throw new BadInputException("chat template is null");
        }
    }

    /** Best variant present, context from config.json (capped), KV cache on, CPU, today's date. */
    public static LlamaOnnxSettings defaults() {
        return new LlamaOnnxSettings(AUTO, 0, true, OnnxSessionConfig.defaults(), Llama3ChatTemplate.today());
    }

    public LlamaOnnxSettings withVariant(String v) {
        return new LlamaOnnxSettings(v, contextLength, kvCache, session, template);
    }

    public LlamaOnnxSettings withContextLength(int n) {
        return new LlamaOnnxSettings(variant, n, kvCache, session, template);
    }

    public LlamaOnnxSettings withKvCache(boolean on) {
        return new LlamaOnnxSettings(variant, contextLength, on, session, template);
    }

    public LlamaOnnxSettings withSession(OnnxSessionConfig config) {
        return new LlamaOnnxSettings(variant, contextLength, kvCache, config, template);
    }

    public LlamaOnnxSettings withTemplate(Llama3ChatTemplate t) {
        return new LlamaOnnxSettings(variant, contextLength, kvCache, session, t);
    }

    /** The variant asked for, or null for {@code auto}. */
    Variant wantedVariant() {
        return variant.equals(AUTO) ? null : Variant.parse("variant", variant);
    }
}

package dev.echollama.llm.onnx;

import dev.echollama.language.SceneLanguageModelProvider;
import dev.echollama.spi.Availability;
import dev.echollama.spi.ProviderConfig;

/**
 * Llama-3.2-1B-Instruct exported to ONNX (onnx-community/Llama-3.2-1B-Instruct, model id
 * {@value #MODEL_ID}) on ONNX Runtime. Priority 55: above the grounded narrator and the HTTP provider, below the
 * paper's fine-tune ({@link SpatialLlamaProvider}) and below llama.cpp on a GGUF file of the same model (60), which
 * is the faster engine on a CPU (benchmarks {@code LlamaOnnxBenchmark}). Creates a {@link LlamaOnnxModel}.
 *
 * <h2>Options</h2>
 * <ul>
 *   <li>{@code llama-onnx.model}: a model folder or an {@code .onnx} file; else the model id
 *       {@code llama-onnx.model-id} (default {@value #MODEL_ID}; {@code spatial-llama-1b} reads the paper's
 *       fine-tune with this provider) through the config's model locator.</li>
 *   <li>{@code llama-onnx.variant}: {@code auto} (default: the most faithful export present: fp32
 *       {@code model.onnx} + {@code .onnx_data}, then fp16 {@code model_fp16.onnx}, then q4f16
 *       {@code model_q4f16.onnx}, then q4, quantized, int8, uint8, bnb4) or one of those names.</li>
 *   <li>{@code llama-onnx.context}: the context window in tokens (default: config.json's
 *       {@code max_position_embeddings}, capped at {@value LlamaOnnxSettings#DEFAULT_CONTEXT_CAP}).</li>
 *   <li>{@code llama-onnx.kv-cache}: {@code true} (default) or {@code false} (recompute every step; a reference).</li>
 *   <li>{@code llama-onnx.date}: the chat template's "Today Date" ({@code 2024-07-26}; default today).</li>
 * </ul>
 * The config's device and threads set up the ONNX Runtime session (CUDA falls back to the CPU).
 */
public final class LlamaOnnxProvider implements SceneLanguageModelProvider {
    /** The model id read by default. */
    public static final String MODEL_ID = "llama-3.2-1b-instruct";
    /** This provider's name and option prefix. */
    public static final String NAME = "llama-onnx";

    private final ProviderSupport support = new ProviderSupport(NAME, MODEL_ID,
            "Get it with: echollama models fetch {id}, or point at a copy with --model-dir {id}=PATH");

    public LlamaOnnxProvider() {
        // ServiceLoader needs it; does nothing
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return 55;
    }

    @Override
    public String description() {
        return "Llama-3.2-1B-Instruct ONNX export on ONNX Runtime (model " + MODEL_ID + ", or option "
                + NAME + ".model / " + NAME + ".model-id)";
    }

    @Override
    public Availability availability(ProviderConfig config) {
        return support.availability(config);
    }

    /**
     * @throws dev.echollama.ModelMissingException when the model or one of its files is not there
     * @throws dev.echollama.ModelCorruptException when a file cannot be loaded
     * @throws dev.echollama.BadInputException     when an option has a wrong value
     */
    @Override
    public LlamaOnnxModel create(ProviderConfig config) {
        return support.create(config);
    }
}

package dev.echollama.llm.onnx;

import dev.echollama.language.SceneLanguageModelProvider;
import dev.echollama.spi.Availability;
import dev.echollama.spi.ProviderConfig;

/**
 * The EchoLLaMA paper's DPO fine-tune of Llama-3.2-1B-Instruct (AquaLabs/Spatial-Llama-1B, model id
 * {@value #MODEL_ID}) on ONNX Runtime. Priority 110 (the paper's model), but available only when that model's
 * folder holds an ONNX export: the upstream repository publishes PyTorch weights (its exact file list is
 * unconfirmed), which the user exports once with optimum ({@code optimum-cli export onnx --task
 * text-generation-with-past}, see the README). Creates a {@link LlamaOnnxModel}, exactly as
 * {@link LlamaOnnxProvider} does.
 *
 * <p>Options are those of {@link LlamaOnnxProvider} under the prefix {@code spatial-llama.}
 * ({@code spatial-llama.model}, {@code spatial-llama.variant}, {@code spatial-llama.context},
 * {@code spatial-llama.kv-cache}, {@code spatial-llama.date}).
 */
public final class SpatialLlamaProvider implements SceneLanguageModelProvider {
    /** The model id read by default. */
    public static final String MODEL_ID = "spatial-llama-1b";
    /** This provider's name and option prefix. */
    public static final String NAME = "spatial-llama";

    private final ProviderSupport support = new ProviderSupport(NAME, MODEL_ID,
            "Get the weights with: echollama models fetch {id} (or --model-dir {id}=PATH), then export them to ONNX "
                    + "in that folder: optimum-cli export onnx --model <weights folder> --task "
                    + "text-generation-with-past <folder> (see the README)");

    public SpatialLlamaProvider() {
        // ServiceLoader needs it; does nothing
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return 110;
    }

    @Override
    public String description() {
        return "the paper's Spatial-Llama-1B (DPO-tuned Llama-3.2-1B-Instruct) exported to ONNX (model " + MODEL_ID
                + ")";
    }

    @Override
    public Availability availability(ProviderConfig config) {
        return support.availability(config);
    }

    /**
     * @throws dev.echollama.ModelMissingException when the model, its ONNX export or one of its files is not there
     * @throws dev.echollama.ModelCorruptException when a file cannot be loaded
     * @throws dev.echollama.BadInputException     when an option has a wrong value
     */
    @Override
    public LlamaOnnxModel create(ProviderConfig config) {
        return support.create(config);
    }
}

package dev.echollama.llm.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.echollama.ModelMissingException;
import dev.echollama.language.SceneLanguageModelProvider;
import dev.echollama.model.ModelLocator;
import dev.echollama.spi.Availability;
import dev.echollama.spi.ProviderConfig;
import dev.echollama.spi.Providers;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the providers say when the model is absent or incomplete, and which one the choice rule picks. */
class AvailabilityTest {

    @Test
    void aMissingModelNamesTheIdTheFolderAndHowToGetIt(@TempDir Path home) {
        ProviderConfig config = ProviderConfig.builder().models(ModelLocator.withHome(home)).build();
        Availability a = new LlamaOnnxProvider().availability(config);
        assertThat(a.available()).isFalse();
        assertThat(a.reason()).contains("llama-3.2-1b-instruct",
                home.resolve("models").resolve("llama-3.2-1b-instruct").toString(),
                "echollama models fetch llama-3.2-1b-instruct", "--model-dir llama-3.2-1b-instruct=PATH");
        assertThatThrownBy(() -> new LlamaOnnxProvider().create(config)).isInstanceOf(ModelMissingException.class)
                .hasMessageContaining("echollama models fetch llama-3.2-1b-instruct");

        Availability s = new SpatialLlamaProvider().availability(config);
        assertThat(s.available()).isFalse();
        assertThat(s.reason()).contains("spatial-llama-1b", "echollama models fetch spatial-llama-1b",
                "optimum-cli export onnx");
    }

    @Test
    void spatialLlamaWithOnlyPyTorchWeightsIsUnavailableAndSaysHowToExport(@TempDir Path home) throws Exception {
        Path folder = Files.createDirectories(home.resolve("models").resolve(SpatialLlamaProvider.MODEL_ID));
        for (String f : new String[] {"config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json"}) {
            Files.writeString(folder.resolve(f), "{}");
        }
        ProviderConfig config = ProviderConfig.builder().models(ModelLocator.withHome(home)).build();
        Availability a = new SpatialLlamaProvider().availability(config);
        assertThat(a.available()).isFalse();
        assertThat(a.reason()).contains("spatial-llama-1b", folder.toString(), "holds no ONNX export",
                "model.safetensors", "--task text-generation-with-past");
        // the same folder read through llama-onnx by model id
        Availability viaLlamaOnnx = new LlamaOnnxProvider().availability(ProviderConfig.builder()
                .models(ModelLocator.withHome(home)).option("llama-onnx.model-id", "spatial-llama-1b").build());
        assertThat(viaLlamaOnnx.available()).isFalse();
        assertThat(viaLlamaOnnx.reason()).contains("spatial-llama-1b", "holds no ONNX export");
    }

    @Test
    void aFolderWithoutTokenizerOrConfigIsNamed(@TempDir Path dir) throws Exception {
        Files.copy(StoriesReference.folder().resolve("model.onnx"), dir.resolve("model.onnx"));
        Availability a = new LlamaOnnxProvider().availability(
                ProviderConfig.builder().model(LlamaOnnxProvider.MODEL_ID, dir).build());
        assertThat(a.available()).isFalse();
        assertThat(a.reason()).contains("tokenizer.json and config.json", dir.toAbsolutePath().toString());
    }

    @Test
    void badOptionValuesAreReportedNotThrown() {
        ProviderConfig config = ProviderConfig.builder().model(LlamaOnnxProvider.MODEL_ID, StoriesReference.folder())
                .option("llama-onnx.variant", "fp64").build();
        Availability a = new LlamaOnnxProvider().availability(config);
        assertThat(a.available()).isFalse();
        assertThat(a.reason()).contains("llama-onnx.variant", "fp64", "q4f16");
        assertThat(new LlamaOnnxProvider().availability(ProviderConfig.builder()
                .model(LlamaOnnxProvider.MODEL_ID, StoriesReference.folder()).option("llama-onnx.kv-cache", "maybe")
                .build()).reason()).contains("llama-onnx.kv-cache");
    }

    @Test
    void theChoiceRulePrefersSpatialLlamaThenLlamaOnnxThenTheNarrator(@TempDir Path home) {
        ProviderConfig none = ProviderConfig.builder().models(ModelLocator.withHome(home)).build();
        assertThat(Providers.select(SceneLanguageModelProvider.class, null, none).name()).isEqualTo("grounded");
        ProviderConfig base = ProviderConfig.builder().models(ModelLocator.withHome(home))
                .model(LlamaOnnxProvider.MODEL_ID, StoriesReference.folder()).build();
        assertThat(Providers.select(SceneLanguageModelProvider.class, null, base).name()).isEqualTo("llama-onnx");
        ProviderConfig both = base.toBuilder().model(SpatialLlamaProvider.MODEL_ID, StoriesReference.folder()).build();
        assertThat(Providers.select(SceneLanguageModelProvider.class, null, both).name()).isEqualTo("spatial-llama");
    }
}

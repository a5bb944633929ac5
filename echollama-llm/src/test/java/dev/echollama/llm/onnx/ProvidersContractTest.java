package dev.echollama.llm.onnx;

import dev.echollama.spi.ProviderConfig;
import dev.echollama.spi.StageProvider;
import dev.echollama.testkit.contract.ProviderContract;
import java.util.List;
import org.junit.jupiter.api.Nested;

/** The testkit's provider contract for both providers, configured onto the stories260K folder. */
class ProvidersContractTest {

    static List<String> keys(String prefix) {
        return List.of(prefix + ".model", prefix + ".model-id", prefix + ".variant", prefix + ".context",
                prefix + ".kv-cache", prefix + ".date");
    }

    @Nested
    class LlamaOnnx extends ProviderContract {
        @Override
        protected StageProvider<?> provider() {
            return new LlamaOnnxProvider();
        }

        @Override
        protected ProviderConfig config() {
            return ProviderConfig.builder().model(LlamaOnnxProvider.MODEL_ID, StoriesReference.folder()).build();
        }

        @Override
        protected List<String> optionKeys() {
            return keys(LlamaOnnxProvider.NAME);
        }
    }

    @Nested
    class SpatialLlama extends ProviderContract {
        @Override
        protected StageProvider<?> provider() {
            return new SpatialLlamaProvider();
        }

        @Override
        protected ProviderConfig config() {
            return ProviderConfig.builder().model(SpatialLlamaProvider.MODEL_ID, StoriesReference.folder()).build();
        }

        @Override
        protected List<String> optionKeys() {
            return keys(SpatialLlamaProvider.NAME);
        }
    }
}

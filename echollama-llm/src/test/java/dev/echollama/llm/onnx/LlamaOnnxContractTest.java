package dev.echollama.llm.onnx;

import dev.echollama.language.ChatMessage;
import dev.echollama.language.GenerationOptions;
import dev.echollama.language.LanguageRequest;
import dev.echollama.language.SceneLanguageModel;
import dev.echollama.spi.ProviderConfig;
import dev.echollama.testkit.contract.SceneLanguageModelContract;
import java.util.List;
import java.util.Optional;

/**
 * The testkit's language model contract for {@link LlamaOnnxModel} on the real stories260K export (context 512):
 * the valid request is a short greedy chat turn; the invalid one a question longer than the context.
 */
class LlamaOnnxContractTest extends SceneLanguageModelContract {

    @Override
    protected SceneLanguageModel createStage() {
        return new LlamaOnnxProvider().create(ProviderConfig.builder()
                .model(LlamaOnnxProvider.MODEL_ID, StoriesReference.folder())
                .option("llama-onnx.date", "2024-07-26")
                .threads(1)
                .build());
    }

    @Override
    protected LanguageRequest validInput() {
        return new LanguageRequest(List.of(ChatMessage.user("Once upon a time")), Optional.empty(),
                GenerationOptions.greedy(12));
    }

    @Override
    protected Optional<LanguageRequest> invalidInput() {
        String longQuestion = "Where is the little dog? ".repeat(200); // about 1,400 tokens of 512
        return Optional.of(new LanguageRequest(List.of(ChatMessage.user(longQuestion)), Optional.empty(),
                GenerationOptions.greedy(12)));
    }
}

package dev.echollama.llm.llamacpp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.echollama.language.ChatMessage;
import dev.echollama.language.Generation;
import dev.echollama.language.GenerationOptions;
import dev.echollama.language.LanguageRequest;
import dev.echollama.language.SceneLanguageModel;
import dev.echollama.language.TokenSink;
import dev.echollama.spi.ProviderConfig;
import dev.echollama.testkit.SharedModels;
import dev.echollama.testkit.contract.SceneLanguageModelContract;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * llama.cpp on the real stories260K GGUF (a 512-token context) passes the shared language-model contract: greedy
 * decoding is deterministic, concurrent calls wait for each other, and a prompt longer than the context is refused.
 */
class LlamaCppContractTest extends SceneLanguageModelContract {
    static final String GGUF = "llm/stories260K/stories260K.gguf";

    static ProviderConfig config() {
        return ProviderConfig.builder().option("llamacpp.model", SharedModels.path(GGUF).toString())
                .option("llamacpp.context", "512").threads(1).build();
    }

    @Override
    protected SceneLanguageModel createStage() {
        SharedModels.require(GGUF);
        return new LlamaCppProvider().create(config());
    }

    @Override
    protected LanguageRequest validInput() {
        return new LanguageRequest(List.of(ChatMessage.user("Once upon a time, there was a little girl")),
                Optional.empty(), GenerationOptions.greedy(24));
    }

    /** About 1000 tokens against a 512-token context. */
    @Override
    protected Optional<LanguageRequest> invalidInput() {
        return Optional.of(new LanguageRequest(List.of(ChatMessage.user("the cat sat ".repeat(350))),
                Optional.empty(), GenerationOptions.greedy(24)));
    }

    /** So that the shared checks compare real text: stories260K writes on for the whole budget. */
    @Test
    void validInputGeneratesText() {
        Generation g = sharedStage().generate(validInput(), TokenSink.none());
        assertThat(g.text()).isNotBlank();
        assertThat(g.generatedTokens()).isGreaterThanOrEqualTo(3);
    }
}

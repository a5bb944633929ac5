package dev.echollama.cli.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.echollama.BadInputException;
import dev.echollama.ProviderNotFoundException;
import dev.echollama.spi.ProviderConfig;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LanguageModelRefTest {

    @Test
    void anEndpointIsUrlCommaModel() {
        LanguageModelRef r = LanguageModelRef.parse("https://api.deepseek.com/v1,deepseek-chat", "--chosen");
        assertThat(r.isEndpoint()).isTrue();
        assertThat(r.provider()).isEqualTo("openai");
        assertThat(r.baseUrl()).hasValue("https://api.deepseek.com/v1");
        assertThat(r.model()).hasValue("deepseek-chat");
        ProviderConfig cfg = r.config(ProviderConfig.defaults(), "k");
        assertThat(cfg.option("openai.base-url")).hasValue("https://api.deepseek.com/v1");
        assertThat(cfg.option("openai.model")).hasValue("deepseek-chat");
        assertThat(cfg.option("openai.api-key")).hasValue("k");
        assertThat(r.config(ProviderConfig.defaults(), null).option("openai.api-key")).isEmpty();
        // a model name may hold a colon; the last comma splits
        assertThat(LanguageModelRef.parse("http://h:8080/v1,org/m:q4", "x").model()).hasValue("org/m:q4");
    }

    @Test
    void aProviderMayNameItsModelId() {
        LanguageModelRef r = LanguageModelRef.parse("llamacpp:llama-3.2-1b-instruct-gguf", "--rejected");
        assertThat(r.isEndpoint()).isFalse();
        assertThat(r.provider()).isEqualTo("llamacpp");
        assertThat(r.config(ProviderConfig.defaults(), "ignored").option("llamacpp.model-id"))
                .hasValue("llama-3.2-1b-instruct-gguf");
        assertThat(r.config(ProviderConfig.defaults(), "ignored").option("openai.api-key")).isEmpty();
        assertThat(LanguageModelRef.parse("grounded", "x")).isEqualTo(
                new LanguageModelRef("grounded", Optional.empty(), Optional.empty()));
    }

    @Test
    void malformedReferencesAreRefusedWithTheOptionName() {
        for (String bad : new String[] {"", "  ", "https://x/v1", "https://x/v1,", ",model", "a b", "p:", ":m",
                "localhost:8080/v1,model"}) {
            assertThatThrownBy(() -> LanguageModelRef.parse(bad, "--rejected")).as(bad)
                    .isInstanceOf(BadInputException.class).hasMessageContaining("--rejected");
        }
    }

    @Test
    void anUnknownProviderListsWhatThereIs() {
        assertThatThrownBy(() -> LanguageModelRef.parse("no-such-llm", "x").open(ProviderConfig.defaults(), null))
                .isInstanceOf(ProviderNotFoundException.class).hasMessageContaining("grounded");
    }

    @Test
    void theGroundedNarratorOpensWithoutAnyModel() {
        try (var m = LanguageModelRef.parse("grounded", "x").open(ProviderConfig.defaults(), null)) {
            assertThat(m.contextLength()).isPositive();
        }
    }
}

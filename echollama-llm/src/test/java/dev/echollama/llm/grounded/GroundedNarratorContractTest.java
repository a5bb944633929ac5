package dev.echollama.llm.grounded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.echollama.language.ChatMessage;
import dev.echollama.language.GenerationOptions;
import dev.echollama.language.LanguageRequest;
import dev.echollama.language.SceneContext;
import dev.echollama.language.SceneLanguageModel;
import dev.echollama.language.TokenSink;
import dev.echollama.spi.ProviderConfig;
import dev.echollama.testkit.contract.SceneLanguageModelContract;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The grounded narrator passes the shared language-model contract on a hand-made porch scene. */
class GroundedNarratorContractTest extends SceneLanguageModelContract {
    private final SceneContext porch = Scenes.scene("A dog on a porch.", "dog 0.29 0.72 0.05",
            "truck 0.81 0.21 0.88", "chair 0.5 0.8 0.4");

    @Override
    protected SceneLanguageModel createStage() {
        return new GroundedNarratorProvider().create(ProviderConfig.defaults());
    }

    @Override
    protected LanguageRequest validInput() {
        return new LanguageRequest(List.of(ChatMessage.system(porch.prompt().system()),
                ChatMessage.user(porch.prompt().user())), Optional.of(porch), GenerationOptions.greedy(64));
    }

    /**
     * None: the narrator reads only the scene and the last message and has no context limit, and every request
     * {@link LanguageRequest} lets through (at least one message, the last from the user) has an answer.
     */
    @Override
    protected Optional<LanguageRequest> invalidInput() {
        return Optional.empty();
    }

    /** So that the shared checks compare a real description of the porch. */
    @Test
    void validInputIsDescribed() {
        assertThat(sharedStage().generate(validInput(), TokenSink.none()).text()).contains("dog").contains("truck")
                .contains("chair");
    }
}

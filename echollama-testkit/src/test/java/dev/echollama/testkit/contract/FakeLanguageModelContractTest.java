package dev.echollama.testkit.contract;

import dev.echollama.language.LanguageRequest;
import dev.echollama.language.SceneLanguageModel;
import dev.echollama.testkit.fakes.FakeLanguageModel;
import java.util.Optional;

/** The fake passes its stage contract (so the contract passes a correct stage). */
class FakeLanguageModelContractTest extends SceneLanguageModelContract {
    @Override
    protected SceneLanguageModel createStage() {
        return FakeLanguageModel.builder().reply("There is a chair 3.5 m away. A person stands right.")
                .contextLength(64).build();
    }

    @Override
    protected LanguageRequest validInput() {
        return Inputs.request("Describe this place in detail.");
    }

    @Override
    protected Optional<LanguageRequest> invalidInput() {
        return Optional.of(Inputs.request("word ".repeat(100)));
    }
}

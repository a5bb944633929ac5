package dev.echollama.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.echollama.language.Generation;
import dev.echollama.language.LanguageRequest;
import dev.echollama.language.SceneLanguageModel;
import dev.echollama.language.TokenSink;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The contract of a {@link SceneLanguageModel} (see {@link DetectorContract} for how to extend it). The valid
 * request should use greedy options ({@link dev.echollama.language.GenerationOptions#greedy(int)}) with a small
 * token budget so that it is deterministic and quick; the invalid one is typically a prompt longer than the
 * context. Besides the shared checks ({@link StageContract}):
 * <ul>
 *   <li>the streamed pieces, joined, begin with the returned text (stop strings may have been streamed);</li>
 *   <li>a sink that cancels after the first piece stops generation with {@link Generation.Finish#CANCELLED};</li>
 *   <li>a null sink is refused clearly;</li>
 *   <li>the context length is positive and counting tokens works.</li>
 * </ul>
 */
public abstract class SceneLanguageModelContract
        extends StageContract<SceneLanguageModel, LanguageRequest, Generation> {

    @Override
    protected final Generation call(SceneLanguageModel stage, LanguageRequest input) {
        return stage.generate(input, TokenSink.none());
    }

    @Test
    public void streamedPiecesJoinToTheText() {
        StringBuilder streamed = new StringBuilder();
        Generation g = assertTimeoutPreemptively(callTimeout(),
                () -> sharedStage().generate(validInput(), streamed::append));
        assertThat(streamed.toString()).as("streamed pieces").startsWith(g.text());
        assertThat(g.generatedTokens()).isNotNegative();
    }

    @Test
    public void cancellingSinkStopsGeneration() {
        Generation full = timed(sharedStage(), validInput());
        org.junit.jupiter.api.Assumptions.assumeTrue(full.generatedTokens() >= 3,
                "skipped: the valid request generates fewer than 3 tokens, too few to see a cancellation");
        AtomicInteger pieces = new AtomicInteger();
        TokenSink cancelAfterFirst = new TokenSink() {
            @Override
            public void onToken(String text) {
                pieces.incrementAndGet();
            }

            @Override
            public boolean isCancelled() {
                return pieces.get() >= 1;
            }
        };
        Generation g = assertTimeoutPreemptively(callTimeout(),
                () -> sharedStage().generate(validInput(), cancelAfterFirst));
        assertThat(g.finish()).as("finish of a cancelled generation").isEqualTo(Generation.Finish.CANCELLED);
        assertThat(g.generatedTokens()).as("tokens after cancelling at the first")
                .isLessThan(full.generatedTokens());
    }

    @Test
    public void nullSinkIsRefusedClearly() {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> assertTimeoutPreemptively(
                callTimeout(), () -> sharedStage().generate(validInput(), null)));
        assertRefusedClearly(t, "a null sink");
    }

    @Test
    public void contextLengthAndTokenCounts() {
        SceneLanguageModel m = sharedStage();
        assertThat(m.contextLength()).isPositive();
        assertThat(m.countTokens("")).isNotNegative();
        assertThat(m.countTokens("There is a chair on the left.")).isPositive();
    }
}

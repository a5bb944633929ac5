package dev.echollama.onnx.decoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.echollama.BadInputException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogitsProcessorsTest {
    private static final float NEG = Float.NEGATIVE_INFINITY;

    @Test
    void suppressForbidsAtEveryStepAndIgnoresIdsOutsideTheVocabulary() {
        float[] l = {1, 2, 3};
        LogitsProcessors.suppress(1, 99).process(l, TokenHistory.ofPrompt(5, 6));
        assertThat(l).containsExactly(1, NEG, 3);
    }

    @Test
    void suppressAtBeginOnlyForTheFirstGeneratedToken() {
        // Whisper: begin_suppress_tokens [220, eot] after the decoder prompt
        LogitsProcessor p = LogitsProcessors.suppressAtBegin(0, 2);
        IntHistory h = IntHistory.of(new int[] {50258, 50259});
        float[] first = {1, 1, 1};
        p.process(first, h);
        assertThat(first).containsExactly(NEG, 1, NEG);
        h.add(1);
        float[] second = {1, 1, 1};
        p.process(second, h);
        assertThat(second).containsExactly(1, 1, 1);
    }

    @Test
    void forcedTokensWinEvenOverSuppression() {
        LogitsProcessor force = LogitsProcessors.forceSequence(0, 2, 0);
        Sampler s = new Sampler(SamplingConfig.ofTemperature(1).withSeed(3),
                List.of(LogitsProcessors.suppress(2), force));
        IntHistory h = IntHistory.of(new int[] {7});
        int first = s.sample(new float[] {5, 9, 1}, h);
        h.add(first);
        int second = s.sample(new float[] {1, 9, 5}, h);
        h.add(second);
        int third = s.sample(new float[] {1, 9, -50}, h);
        assertThat(new int[] {first, second, third}).containsExactly(2, 0, 1);
    }

    @Test
    void forceKeepsAFiniteLogitOnlyForTheForcedId() {
        float[] l = {3, 4, 5};
        LogitsProcessors.force(Map.of(0, 1)).process(l, TokenHistory.empty());
        assertThat(l).containsExactly(NEG, 4, NEG);
    }

    @Test
    void badArgumentsAreRejected() {
        assertThatThrownBy(() -> LogitsProcessors.suppress(-1)).isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> LogitsProcessors.suppressAt(-1, 3)).isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> LogitsProcessors.repetitionPenalty(0.9)).isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> LogitsProcessors.force(Map.of(0, -2))).isInstanceOf(BadInputException.class);
    }
}

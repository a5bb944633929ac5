package dev.echollama.onnx.decoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.echollama.BadInputException;
import dev.echollama.InferenceException;
import dev.echollama.language.GenerationOptions;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class SamplerTest {
    private static final int DRAWS = 40_000;

    private static float[] logProbs(double... probs) {
        float[] l = new float[probs.length];
        for (int i = 0; i < probs.length; i++) {
            l[i] = probs[i] == 0 ? Float.NEGATIVE_INFINITY : (float) Math.log(probs[i]);
        }
        return l;
    }

    private static double[] frequencies(SamplingConfig config, float[] logits) {
        Sampler s = new Sampler(config.withSeed(42));
        double[] f = new double[logits.length];
        for (int i = 0; i < DRAWS; i++) {
            f[s.sample(logits.clone(), TokenHistory.empty())] += 1.0 / DRAWS;
        }
        return f;
    }

    @Test
    void greedyTakesTheFirstMaximumAndIgnoresNaN() {
        Sampler s = new Sampler(SamplingConfig.greedy());
        assertThat(s.sample(new float[] {1, 3, 3, 2}, TokenHistory.empty())).isEqualTo(1);
        assertThat(s.sample(new float[] {Float.NaN, -1, Float.NEGATIVE_INFINITY}, TokenHistory.empty())).isEqualTo(1);
    }

    @Test
    void everyTokenForbiddenIsAnError() {
        Sampler s = new Sampler(SamplingConfig.ofTemperature(1), List.of(LogitsProcessors.suppress(0, 1, 2)));
        assertThatThrownBy(() -> s.sample(new float[] {1, 2, 3}, TokenHistory.empty()))
                .isInstanceOf(InferenceException.class).hasMessageContaining("all 3 logits");
    }

    @Test
    void temperatureOneFollowsTheSoftmax() {
        double[] f = frequencies(SamplingConfig.ofTemperature(1), logProbs(0.1, 0.2, 0.7));
        assertThat(f[0]).isCloseTo(0.1, within(0.01));
        assertThat(f[1]).isCloseTo(0.2, within(0.01));
        assertThat(f[2]).isCloseTo(0.7, within(0.01));
    }

    @Test
    void temperatureHalfSquaresTheProbabilities() {
        // p^(1/0.5) = p^2: 1, 4, 49 out of 54
        double[] f = frequencies(SamplingConfig.ofTemperature(0.5), logProbs(0.1, 0.2, 0.7));
        assertThat(f[0]).isCloseTo(1 / 54.0, within(0.005));
        assertThat(f[1]).isCloseTo(4 / 54.0, within(0.006));
        assertThat(f[2]).isCloseTo(49 / 54.0, within(0.008));
    }

    @Test
    void topKKeepsExactlyKWithLowerIdsWinningTies() {
        // ids 1 and 3 tie for second place: k=2 keeps 0 and 1
        double[] f = frequencies(SamplingConfig.ofTemperature(1).withTopK(2), logProbs(0.4, 0.25, 0.1, 0.25));
        assertThat(f[2]).isZero();
        assertThat(f[3]).isZero();
        assertThat(f[0]).isCloseTo(0.4 / 0.65, within(0.01));
    }

    @Test
    void topPKeepsTheSmallestSetReachingTheMass() {
        float[] l = logProbs(0.05, 0.5, 0.15, 0.3);
        double[] f = frequencies(SamplingConfig.ofTemperature(1).withTopP(0.75), l);
        assertThat(f[0]).isZero();
        assertThat(f[2]).isZero();
        assertThat(f[1]).isCloseTo(0.5 / 0.8, within(0.01));
        double[] g = frequencies(SamplingConfig.ofTemperature(1).withTopP(0.85), l);
        assertThat(g[0]).isZero();
        assertThat(g[2]).isCloseTo(0.15 / 0.95, within(0.01));
    }

    @Test
    void topPAfterTopK() {
        // top-k 3 keeps 0.5, 0.3, 0.15 (mass .95); top-p 0.8 of that (.76) keeps 0.5 and 0.3
        double[] f = frequencies(SamplingConfig.ofTemperature(1).withTopK(3).withTopP(0.8),
                logProbs(0.05, 0.5, 0.15, 0.3));
        assertThat(f[0]).isZero();
        assertThat(f[2]).isZero();
        assertThat(f[3]).isCloseTo(0.3 / 0.8, within(0.01));
    }

    @Test
    void minPDropsTokensUnderAFractionOfTheBest() {
        // threshold 0.25 * 0.5 = 0.125: drops 0.05 and 0.1
        float[] l = logProbs(0.05, 0.5, 0.1, 0.35);
        for (SamplingConfig c : List.of(SamplingConfig.ofTemperature(1).withMinP(0.25),
                SamplingConfig.ofTemperature(1).withMinP(0.25).withTopP(0.99),
                SamplingConfig.ofTemperature(1).withMinP(0.25).withTopK(3))) {
            double[] f = frequencies(c, l);
            assertThat(f[0]).as("%s", c).isZero();
            assertThat(f[2]).as("%s", c).isZero();
            assertThat(f[1]).as("%s", c).isCloseTo(0.5 / 0.85, within(0.01));
        }
    }

    @Test
    void sameSeedSameStreamDifferentSeedDifferentStream() {
        float[] l = NucleusPropertyTest.randomLogits(7, 1000);
        SamplingConfig c = SamplingConfig.ofTemperature(1).withTopP(0.95);
        int[] a = draw(new Sampler(c.withSeed(1)), l, 50);
        int[] b = draw(new Sampler(c.withSeed(1)), l, 50);
        int[] d = draw(new Sampler(c.withSeed(2)), l, 50);
        assertThat(a).containsExactly(b);
        assertThat(a).isNotEqualTo(d);
    }

    private static int[] draw(Sampler s, float[] l, int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = s.sample(l.clone(), TokenHistory.empty());
        }
        return out;
    }

    @Test
    void repetitionPenaltyAppliesOncePerDistinctIdIncludingThePrompt() {
        // greedy on [2, -2, 1.5] would pick 0; penalty 2 over history {0, 1, 0}: [1, -4, 1.5] -> 2
        Sampler s = new Sampler(SamplingConfig.greedy().withRepetitionPenalty(2));
        float[] l = {2f, -2f, 1.5f};
        assertThat(s.sample(l, TokenHistory.ofPrompt(0, 1, 0))).isEqualTo(2);
        assertThat(l).containsExactly(1f, -4f, 1.5f);
    }

    @Test
    void generationOptionsMapOntoTheConfig() {
        SamplingConfig paper = SamplingConfig.from(GenerationOptions.paper());
        assertThat(paper.temperature()).isEqualTo(0.7);
        assertThat(paper.topP()).isEqualTo(0.95);
        assertThat(paper.topK()).isZero();
        assertThat(paper.isGreedy()).isFalse();
        SamplingConfig custom = SamplingConfig.from(GenerationOptions.paper().withTopK(40).withMinP(0.05)
                .withRepetitionPenalty(1.1).withSeed(9));
        assertThat(custom).isEqualTo(new SamplingConfig(0.7, 40, 0.95, 0.05, 1.1, OptionalLong.of(9)));
        assertThat(SamplingConfig.from(GenerationOptions.greedy(5)).isGreedy()).isTrue();
        DecodeRequest r = DecodeRequest.builder().prompt(1).options(GenerationOptions.paper().withMaxNewTokens(33))
                .build();
        assertThat(r.maxNewTokens()).isEqualTo(33);
        assertThat(r.sampling().topP()).isEqualTo(0.95);
    }

    @Test
    void invalidConfigsNameTheField() {
        assertThatThrownBy(() -> new SamplingConfig(-1, 0, 1, 0, 1, OptionalLong.empty()))
                .isInstanceOf(BadInputException.class).hasMessageContaining("temperature");
        assertThatThrownBy(() -> SamplingConfig.greedy().withTopP(0)).hasMessageContaining("topP");
        assertThatThrownBy(() -> SamplingConfig.greedy().withTopK(-1)).hasMessageContaining("topK");
        assertThatThrownBy(() -> SamplingConfig.greedy().withMinP(1)).hasMessageContaining("minP");
        assertThatThrownBy(() -> SamplingConfig.greedy().withRepetitionPenalty(0.5))
                .hasMessageContaining("repetitionPenalty");
    }
}

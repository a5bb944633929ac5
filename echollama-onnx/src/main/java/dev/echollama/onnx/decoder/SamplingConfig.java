package dev.echollama.onnx.decoder;

import dev.echollama.BadInputException;
import dev.echollama.language.GenerationOptions;
import java.util.OptionalLong;

/**
 * How {@link Sampler} picks a token from a row of logits. Filters apply in Hugging Face's order: repetition
 * penalty, temperature, top-k, top-p, min-p; then one multinomial draw. A temperature of 0 means greedy arg-max
 * (the lowest id wins a tie) whatever the other values, except that the repetition penalty still applies.
 *
 * @param temperature       0 for greedy, else &gt; 0 (logits are divided by it)
 * @param topK              keep only the k highest logits; 0 disables it
 * @param topP              keep the smallest set of most likely tokens whose probability mass reaches topP
 *                          (ties broken by lower id); 1 disables it
 * @param minP              drop tokens whose probability is below minP × the best token's; 0 disables it
 * @param repetitionPenalty CTRL penalty over the prompt and generated ids; 1 disables it
 * @param seed              fixes the random stream ({@link java.util.SplittableRandom}) when present; otherwise
 *                          each {@link Sampler} draws from a fresh random seed
 */
public record SamplingConfig(double temperature, int topK, double topP, double minP, double repetitionPenalty,
                             OptionalLong seed) {

    public SamplingConfig {
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new BadInputException("temperature must be >= 0 and finite, got " + temperature);
        }
        if (topK < 0) {
            throw new BadInputException("topK must be >= 0, got " + topK);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new BadInputException("topP must be in (0, 1], got " + topP);
        }
        if (!(minP >= 0 && minP < 1)) {
            throw new BadInputException("minP must be in [0, 1), got " + minP);
        }
        if (!(repetitionPenalty >= 1) || Double.isInfinite(repetitionPenalty)) {
            throw new BadInputException("repetitionPenalty must be >= 1 and finite, got " + repetitionPenalty);
        }
        seed = seed == null ? OptionalLong.empty() : seed;
    }

    /** Arg-max decoding. */
    public static SamplingConfig greedy() {
        return new SamplingConfig(0, 0, 1, 0, 1, OptionalLong.empty());
    }

    /** Plain multinomial sampling at {@code temperature}, no filters. */
    public static SamplingConfig ofTemperature(double temperature) {
        return new SamplingConfig(temperature, 0, 1, 0, 1, OptionalLong.empty());
    }

    /**
     * The sampler settings of core's {@link GenerationOptions}. Its {@code maxNewTokens} goes to
     * {@link DecodeRequest.Builder#options(GenerationOptions)}; its stop strings are text and belong to the
     * detokenizing layer, not here.
     */
    public static SamplingConfig from(GenerationOptions options) {
        return new SamplingConfig(options.temperature(), options.topK(), options.topP(), options.minP(),
                options.repetitionPenalty(), options.seed());
    }

    public boolean isGreedy() {
        return temperature == 0;
    }

    public SamplingConfig withTemperature(double t) {
        return new SamplingConfig(t, topK, topP, minP, repetitionPenalty, seed);
    }

    public SamplingConfig withTopK(int k) {
        return new SamplingConfig(temperature, k, topP, minP, repetitionPenalty, seed);
    }

    public SamplingConfig withTopP(double p) {
        return new SamplingConfig(temperature, topK, p, minP, repetitionPenalty, seed);
    }

    public SamplingConfig withMinP(double p) {
        return new SamplingConfig(temperature, topK, topP, p, repetitionPenalty, seed);
    }

    public SamplingConfig withRepetitionPenalty(double r) {
        return new SamplingConfig(temperature, topK, topP, minP, r, seed);
    }

    public SamplingConfig withSeed(long s) {
        return new SamplingConfig(temperature, topK, topP, minP, repetitionPenalty, OptionalLong.of(s));
    }
}

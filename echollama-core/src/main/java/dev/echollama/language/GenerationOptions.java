package dev.echollama.language;

import dev.echollama.BadInputException;
import java.util.List;
import java.util.OptionalLong;

/**
 * Sampling settings. {@link #paper()} gives the paper's (temperature 0.7, top-p 0.95, at most 1024 new tokens);
 * {@link #greedy()} gives deterministic arg-max decoding. A temperature of 0 means greedy whatever the other
 * values.
 *
 * @param maxNewTokens      at most this many generated tokens (1..1,000,000)
 * @param temperature       0 for greedy, else &gt; 0
 * @param topP              nucleus mass in (0, 1]; 1 disables it
 * @param topK              keep the k most likely tokens; 0 disables it
 * @param minP              drop tokens under minP × the best token's probability; 0 disables it
 * @param repetitionPenalty &gt;= 1; 1 disables it (CTRL-style: positive logits divided, negative multiplied)
 * @param seed              fixes the random stream when present
 * @param stopStrings       generation ends when the text ends with one of these (not included in the text)
 */
public record GenerationOptions(int maxNewTokens, double temperature, double topP, int topK, double minP,
                                double repetitionPenalty, OptionalLong seed, List<String> stopStrings) {

    public GenerationOptions {
        if (maxNewTokens < 1 || maxNewTokens > 1_000_000) {
            throw new BadInputException("maxNewTokens must be in 1..1000000, got " + maxNewTokens);
        }
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new BadInputException("temperature must be >= 0, got " + temperature);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new BadInputException("topP must be in (0, 1], got " + topP);
        }
        if (topK < 0) {
            throw new BadInputException("topK must be >= 0, got " + topK);
        }
        if (!(minP >= 0 && minP < 1)) {
            throw new BadInputException("minP must be in [0, 1), got " + minP);
        }
        if (!(repetitionPenalty >= 1) || Double.isInfinite(repetitionPenalty)) {
            throw new BadInputException("repetitionPenalty must be >= 1, got " + repetitionPenalty);
        }
        seed = seed == null ? OptionalLong.empty() : seed;
        stopStrings = List.copyOf(stopStrings == null ? List.of() : stopStrings);
    }

    /** Paper §6.1: temperature 0.7, top-p 0.95, max 1024 new tokens. */
    public static GenerationOptions paper() {
        return new GenerationOptions(1024, 0.7, 0.95, 0, 0, 1, OptionalLong.empty(), List.of());
    }

    /** Arg-max decoding, at most {@code maxNewTokens}. */
    public static GenerationOptions greedy(int maxNewTokens) {
        return new GenerationOptions(maxNewTokens, 0, 1, 0, 0, 1, OptionalLong.empty(), List.of());
    }

    public boolean isGreedy() {
        return temperature == 0;
    }

    public GenerationOptions withMaxNewTokens(int n) {
        return new GenerationOptions(n, temperature, topP, topK, minP, repetitionPenalty, seed, stopStrings);
    }

    public GenerationOptions withTemperature(double t) {
        return new GenerationOptions(maxNewTokens, t, topP, topK, minP, repetitionPenalty, seed, stopStrings);
    }

    public GenerationOptions withSeed(long s) {
        return new GenerationOptions(maxNewTokens, temperature, topP, topK, minP, repetitionPenalty,
                OptionalLong.of(s), stopStrings);
    }

    public GenerationOptions withTopP(double p) {
        return new GenerationOptions(maxNewTokens, temperature, p, topK, minP, repetitionPenalty, seed, stopStrings);
    }

    public GenerationOptions withTopK(int k) {
        return new GenerationOptions(maxNewTokens, temperature, topP, k, minP, repetitionPenalty, seed, stopStrings);
    }

    public GenerationOptions withMinP(double p) {
        return new GenerationOptions(maxNewTokens, temperature, topP, topK, p, repetitionPenalty, seed, stopStrings);
    }

    public GenerationOptions withRepetitionPenalty(double r) {
        return new GenerationOptions(maxNewTokens, temperature, topP, topK, minP, r, seed, stopStrings);
    }

    public GenerationOptions withStopStrings(List<String> stops) {
        return new GenerationOptions(maxNewTokens, temperature, topP, topK, minP, repetitionPenalty, seed, stops);
    }
}

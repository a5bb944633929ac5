package dev.echollama.cli;

import dev.echollama.language.GenerationOptions;
import picocli.CommandLine.Option;

/** Sampling options; unset values keep the paper's (temperature 0.7, top-p 0.95, 1024 tokens). */
final class GenerationMixin {
    @Option(names = "--max-tokens", paramLabel = "N", description = "At most N generated tokens.")
    Integer maxTokens;
    @Option(names = "--temperature", paramLabel = "T", description = "0 for greedy.")
    Double temperature;
    @Option(names = "--top-p", paramLabel = "P")
    Double topP;
    @Option(names = "--seed", paramLabel = "S")
    Long seed;

    GenerationOptions options() {
        GenerationOptions o = GenerationOptions.paper();
        if (maxTokens != null) {
            o = o.withMaxNewTokens(maxTokens);
        }
        if (temperature != null) {
            o = o.withTemperature(temperature);
        }
        if (topP != null) {
            o = o.withTopP(topP);
        }
        if (seed != null) {
            o = o.withSeed(seed);
        }
        return o;
    }
}

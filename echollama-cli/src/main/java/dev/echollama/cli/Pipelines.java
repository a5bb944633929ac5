package dev.echollama.cli;

import dev.echollama.EchoPipeline;
import dev.echollama.Stage;
import dev.echollama.language.GenerationOptions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds the pipeline the commands share, from the common options. */
final class Pipelines {
    private Pipelines() {
    }

    /**
     * The pipeline for a command; {@code unused} stages are not loaded at all (Sphinx alone takes seconds to
     * load, and describe never listens), unless the user named a provider for them.
     */
    static EchoPipeline build(CommonOptions o, GenerationOptions generation, Stage... unused) {
        EchoPipeline.Builder b = EchoPipeline.builder().config(o.config());
        for (Stage s : unused) {
            b.without(s);
        }
        if (o.detector != null) {
            b.detector(o.detector);
        }
        if (o.depth != null) {
            b.depthEstimator(o.depth);
        }
        if (o.captioner != null) {
            b.captioner(o.captioner);
        }
        if (o.llm != null) {
            b.languageModel(o.llm);
        }
        if (o.tts != null) {
            b.speechSynthesizer(o.tts);
        }
        if (o.asr != null) {
            b.transcriber(o.asr);
        }
        if (generation != null) {
            b.generationOptions(generation);
        }
        return b.build();
    }

    /** Durations as milliseconds with three decimals, keys in the pipeline's fixed order. */
    static Map<String, Double> millis(Map<String, Duration> timings) {
        Map<String, Double> out = new LinkedHashMap<>();
        timings.forEach((k, v) -> out.put(k, Math.round(v.toNanos() / 1_000.0) / 1_000.0));
        return out;
    }
}

package dev.echollama.tts.orpheus;

import dev.echollama.BadInputException;
import dev.echollama.onnx.decoder.SamplingConfig;
import dev.echollama.spi.ProviderConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * The options of one Orpheus synthesizer, read from a {@link ProviderConfig} and validated together.
 *
 * @param voice          one of {@link OrpheusPrompt#VOICES}
 * @param sampling       temperature, top-p, repetition penalty (and seed) of the speech LM
 * @param maxNewTokens   generation budget of one request (1200 in the reference)
 * @param maxTextTokens  the most text tokens one request may hold (longer sentences are cut)
 * @param normalize      whether text goes through {@code SpeechText.normalize} first
 */
record OrpheusSettings(String voice, SamplingConfig sampling, int maxNewTokens, int maxTextTokens,
                       boolean normalize) {

    /** {@code engine_class.py generate_tokens_sync}: temperature 0.6, top_p 0.8, max_tokens 1200, rp 1.3. */
    static final double TEMPERATURE = 0.6;
    static final double TOP_P = 0.8;
    static final double REPETITION_PENALTY = 1.3;
    static final int MAX_NEW_TOKENS = 1200;
    /** README: "repetition_penalty>=1.1 is required for stable generations". */
    static final double MIN_REPETITION_PENALTY = 1.1;
    /** About 10 s of speech at a conversational rate, well inside the 14.6 s a 1200-token budget holds. */
    static final int MAX_TEXT_TOKENS = 40;

    static OrpheusSettings defaults() {
        return new OrpheusSettings("tara", new SamplingConfig(TEMPERATURE, 0, TOP_P, 0, REPETITION_PENALTY,
                OptionalLong.empty()), MAX_NEW_TOKENS, MAX_TEXT_TOKENS, true);
    }

    /**
     * Reads the {@code orpheus.*} options of {@code config}.
     *
     * @throws BadInputException naming every wrong option
     */
    static OrpheusSettings from(ProviderConfig config) {
        List<String> problems = new ArrayList<>();
        String voice = "tara";
        String v = config.option(OrpheusSynthesizerProvider.VOICE).orElse(null);
        if (v != null) {
            try {
                voice = OrpheusPrompt.checkVoice(v);
            } catch (BadInputException e) {
                problems.add("option " + OrpheusSynthesizerProvider.VOICE + ": " + e.getMessage());
            }
        }
        double temperature = number(config, OrpheusSynthesizerProvider.TEMPERATURE, TEMPERATURE, problems);
        if (!(temperature >= 0 && temperature <= 10)) {
            problems.add("option " + OrpheusSynthesizerProvider.TEMPERATURE + " must be 0 to 10, got " + temperature);
        }
        double topP = number(config, OrpheusSynthesizerProvider.TOP_P, TOP_P, problems);
        if (!(topP > 0 && topP <= 1)) {
            problems.add("option " + OrpheusSynthesizerProvider.TOP_P + " must be in (0, 1], got " + topP);
        }
        double penalty = number(config, OrpheusSynthesizerProvider.REPETITION_PENALTY, REPETITION_PENALTY, problems);
        if (!(penalty >= MIN_REPETITION_PENALTY && penalty <= 10)) {
            problems.add("option " + OrpheusSynthesizerProvider.REPETITION_PENALTY + " must be "
                    + MIN_REPETITION_PENALTY + " to 10 (Orpheus' README: at least 1.1 is required for stable "
                    + "generations), got " + penalty);
        }
        int maxNew = integer(config, OrpheusSynthesizerProvider.MAX_NEW_TOKENS, MAX_NEW_TOKENS, problems);
        if (maxNew < SnacFrameAssembler.WINDOW_TOKENS || maxNew > 100_000) {
            problems.add("option " + OrpheusSynthesizerProvider.MAX_NEW_TOKENS + " must be "
                    + SnacFrameAssembler.WINDOW_TOKENS + " to 100000 (28 tokens are the first audio), got " + maxNew);
        }
        int maxText = integer(config, OrpheusSynthesizerProvider.MAX_TEXT_TOKENS, MAX_TEXT_TOKENS, problems);
        if (maxText < 1 || maxText > 4096) {
            problems.add("option " + OrpheusSynthesizerProvider.MAX_TEXT_TOKENS + " must be 1 to 4096, got "
                    + maxText);
        }
        OptionalLong seed = OptionalLong.empty();
        String s = config.option(OrpheusSynthesizerProvider.SEED).orElse(null);
        if (s != null) {
            try {
                seed = OptionalLong.of(Long.parseLong(s.strip()));
            } catch (NumberFormatException e) {
                problems.add("option " + OrpheusSynthesizerProvider.SEED + " must be an integer, got '" + s + "'");
            }
        }
        boolean normalize = true;
        String n = config.option(OrpheusSynthesizerProvider.NORMALIZE).orElse(null);
        if (n != null) {
            switch (n.strip().toLowerCase(Locale.ROOT)) {
                case "true" -> normalize = true;
                case "false" -> normalize = false;
                default -> problems.add("option " + OrpheusSynthesizerProvider.NORMALIZE
                        + " must be true or false, got '" + n + "'");
            }
        }
        if (!problems.isEmpty()) {
            throw new BadInputException("invalid Orpheus options: " + String.join("; ", problems));
        }
        return new OrpheusSettings(voice, new SamplingConfig(temperature, 0, topP, 0, penalty, seed), maxNew, maxText,
                normalize);
    }

    private static double number(ProviderConfig config, String key, double fallback, List<String> problems) {
        try {
            return config.doubleOption(key).orElse(fallback);
        } catch (BadInputException e) {
            problems.add(e.getMessage());
            return fallback;
        }
    }

    private static int integer(ProviderConfig config, String key, int fallback, List<String> problems) {
        try {
            return config.intOption(key).orElse(fallback);
        } catch (BadInputException e) {
            problems.add(e.getMessage());
            return fallback;
        }
    }
}

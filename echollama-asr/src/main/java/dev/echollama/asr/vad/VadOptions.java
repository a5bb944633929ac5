package dev.echollama.asr.vad;

import dev.echollama.BadInputException;

/**
 * How speech probabilities become utterances (the rules of Silero's own {@code get_speech_timestamps}).
 *
 * <p>Speech starts at the first 32 ms chunk whose probability is at least {@code threshold}; it goes on through
 * chunks down to {@code negativeThreshold} (hysteresis, so that one soft syllable does not cut an utterance) and
 * ends where the probability first fell below {@code negativeThreshold} and stayed there for
 * {@code minSilenceMillis} (a rise back to {@code threshold} cancels the pending end). Utterances not longer than
 * {@code minSpeechMillis} are dropped. Each kept utterance is widened by {@code speechPadMillis} on both sides,
 * never into the previous one nor outside the audio.
 *
 * @param threshold         speech starts at a probability {@code >= threshold}, in (0, 1); Silero's default 0.5
 * @param negativeThreshold speech ends below this, in (0, threshold]; Silero uses {@code max(threshold - 0.15, 0.01)}
 * @param minSpeechMillis   shorter utterances are dropped; default 250
 * @param minSilenceMillis  silence needed to end an utterance; default 100
 * @param speechPadMillis   added on each side of an utterance; default 30
 */
public record VadOptions(double threshold, double negativeThreshold, int minSpeechMillis, int minSilenceMillis,
                         int speechPadMillis) {

    /** Validates; the message names the component and the value. */
    public VadOptions {
        if (!(threshold > 0 && threshold < 1)) {
            throw new BadInputException("VAD threshold must be in (0, 1), got " + threshold);
        }
        if (!(negativeThreshold > 0 && negativeThreshold <= threshold)) {
            throw new BadInputException("VAD negative threshold must be in (0, threshold = " + threshold + "], got "
                    + negativeThreshold);
        }
        if (minSpeechMillis < 0 || minSilenceMillis < 0 || speechPadMillis < 0) {
            throw new BadInputException("VAD durations must be >= 0 ms, got minSpeech=" + minSpeechMillis
                    + " minSilence=" + minSilenceMillis + " speechPad=" + speechPadMillis);
        }
        if (minSpeechMillis > 3_600_000 || minSilenceMillis > 3_600_000 || speechPadMillis > 3_600_000) {
            throw new BadInputException("VAD durations must be at most one hour, got minSpeech=" + minSpeechMillis
                    + " minSilence=" + minSilenceMillis + " speechPad=" + speechPadMillis);
        }
    }

    /** Silero's defaults: threshold 0.5 (end below 0.35), 250 ms min speech, 100 ms min silence, 30 ms pad. */
    public static VadOptions defaults() {
        return new VadOptions(0.5, 0.35, 250, 100, 30);
    }

    /** This with {@code threshold} and Silero's matching negative threshold {@code max(threshold - 0.15, 0.01)}. */
    public VadOptions withThreshold(double threshold) {
        return new VadOptions(threshold, Math.min(threshold, Math.max(threshold - 0.15, 0.01)), minSpeechMillis,
                minSilenceMillis, speechPadMillis);
    }

    public VadOptions withNegativeThreshold(double value) {
        return new VadOptions(threshold, value, minSpeechMillis, minSilenceMillis, speechPadMillis);
    }

    public VadOptions withMinSpeechMillis(int value) {
        return new VadOptions(threshold, negativeThreshold, value, minSilenceMillis, speechPadMillis);
    }

    public VadOptions withMinSilenceMillis(int value) {
        return new VadOptions(threshold, negativeThreshold, minSpeechMillis, value, speechPadMillis);
    }

    public VadOptions withSpeechPadMillis(int value) {
        return new VadOptions(threshold, negativeThreshold, minSpeechMillis, minSilenceMillis, value);
    }
}

package dev.echollama.asr.vad;

/**
 * A change reported by a {@link VadStream}: an utterance began or ended.
 *
 * @param type    start or end
 * @param sample  position at 16 kHz from the start of the stream, padding applied (a start lies in the past: the
 *                event is reported once the utterance has lasted {@link VadOptions#minSpeechMillis()})
 */
public record VadEvent(Type type, long sample) {

    /** What happened. */
    public enum Type { SPEECH_START, SPEECH_END }

    /** {@link #sample()} in seconds. */
    public double seconds() {
        return sample / (double) SileroVad.SAMPLE_RATE;
    }
}

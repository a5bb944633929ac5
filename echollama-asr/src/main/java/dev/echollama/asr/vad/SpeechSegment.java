package dev.echollama.asr.vad;

import dev.echollama.BadInputException;

/**
 * One utterance found by the VAD, in seconds from the start of the audio (padding included).
 *
 * @param startSeconds {@code >= 0}
 * @param endSeconds   {@code > startSeconds}
 */
public record SpeechSegment(double startSeconds, double endSeconds) {
    public SpeechSegment {
        if (!(startSeconds >= 0 && endSeconds > startSeconds)) {
            throw new BadInputException("a speech segment needs 0 <= start < end, got " + startSeconds + ".."
                    + endSeconds);
        }
    }

    public double durationSeconds() {
        return endSeconds - startSeconds;
    }
}

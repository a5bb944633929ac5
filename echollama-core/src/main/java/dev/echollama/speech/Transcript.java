package dev.echollama.speech;

import dev.echollama.BadInputException;
import java.util.List;
import java.util.OptionalDouble;

/**
 * What a {@link Transcriber} heard.
 *
 * @param text       the whole text, segments joined by single spaces
 * @param segments   timed pieces, in order
 * @param confidence overall confidence in [0, 1] where the engine gives one
 */
public record Transcript(String text, List<Segment> segments, OptionalDouble confidence) {

    /**
     * @param text         the words of this piece
     * @param startSeconds from the start of the audio
     * @param endSeconds   from the start of the audio, {@code >= startSeconds}
     * @param confidence   in [0, 1] where the engine gives one
     */
    public record Segment(String text, double startSeconds, double endSeconds, OptionalDouble confidence) {
        public Segment {
            if (text == null) {
                throw new BadInputException("segment text is null");
            }
            if (!(startSeconds >= 0 && endSeconds >= startSeconds)) {
                throw new BadInputException("segment times must satisfy 0 <= start <= end, got " + startSeconds
                        + ".." + endSeconds);
            }
            confidence = confidence == null ? OptionalDouble.empty() : confidence;
        }
    }

    public Transcript {
        if (text == null) {
            throw new BadInputException("transcript text is null");
        }
        segments = List.copyOf(segments == null ? List.of() : segments);
        confidence = confidence == null ? OptionalDouble.empty() : confidence;
    }

    /** A transcript of one segment, or none when the text is blank. */
    public static Transcript of(String text, double durationSeconds) {
        String t = text == null ? "" : text.strip();
        return new Transcript(t, t.isEmpty() ? List.of()
                : List.of(new Segment(t, 0, Math.max(0, durationSeconds), OptionalDouble.empty())),
                OptionalDouble.empty());
    }
}

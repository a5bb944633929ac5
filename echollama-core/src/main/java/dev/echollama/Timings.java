package dev.echollama;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the time of one call went. A component is empty when that step did not run in the call (no depth
 * estimator, no synthesizer, an answer that reused the scene). Model loading is not here: it happens once, when
 * the pipeline is built, and is reported by {@link EchoPipeline#loadTimes()}.
 *
 * @param transcription time in the {@link dev.echollama.speech.Transcriber} (spoken questions only)
 * @param detection     time in the detector
 * @param depth         time in the depth estimator
 * @param caption       time in the captioner
 * @param matrix        time building the scene matrix
 * @param prompt        time building the prompt
 * @param firstToken    from the start of the call to the first generated piece of text: what a reader waits
 * @param generation    time in the language model, first call to return
 * @param firstAudio    from the start of the call to the first audio chunk: what a listener waits
 * @param synthesis     time in the synthesizer, summed over sentences
 * @param total         from the start of the call to its result
 */
public record Timings(Optional<Duration> transcription, Optional<Duration> detection, Optional<Duration> depth,
                      Optional<Duration> caption, Optional<Duration> matrix, Optional<Duration> prompt,
                      Optional<Duration> firstToken, Optional<Duration> generation, Optional<Duration> firstAudio,
                      Optional<Duration> synthesis, Duration total) {

    /** The keys of {@link #asMap()}, in its order. */
    public static final List<String> KEYS = List.of("transcription", "detection", "depth", "caption", "matrix",
            "prompt", "first_token", "generation", "first_audio", "synthesis", "total");

    public Timings {
        transcription = orEmpty(transcription);
        detection = orEmpty(detection);
        depth = orEmpty(depth);
        caption = orEmpty(caption);
        matrix = orEmpty(matrix);
        prompt = orEmpty(prompt);
        firstToken = orEmpty(firstToken);
        generation = orEmpty(generation);
        firstAudio = orEmpty(firstAudio);
        synthesis = orEmpty(synthesis);
        if (total == null || total.isNegative()) {
            throw new BadInputException("total time must be >= 0, got " + total);
        }
    }

    private static Optional<Duration> orEmpty(Optional<Duration> d) {
        return d == null ? Optional.empty() : d;
    }

    /**
     * The steps that ran, keyed {@code transcription, detection, depth, caption, matrix, prompt, first_token,
     * generation, first_audio, synthesis, total} in that order ({@link #KEYS}); steps that did not run are left
     * out, {@code total} is always there. Unmodifiable.
     */
    public Map<String, Duration> asMap() {
        List<Optional<Duration>> values = List.of(transcription, detection, depth, caption, matrix, prompt,
                firstToken, generation, firstAudio, synthesis, Optional.of(total));
        Map<String, Duration> out = new LinkedHashMap<>();
        for (int i = 0; i < KEYS.size(); i++) {
            Optional<Duration> v = values.get(i);
            if (v.isPresent()) {
                out.put(KEYS.get(i), v.get());
            }
        }
        return Collections.unmodifiableMap(out);
    }
}

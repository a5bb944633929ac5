package dev.echollama;

import dev.echollama.audio.AudioClip;
import dev.echollama.language.Grounding;
import java.util.List;

/**
 * One spoken text: a scene description or an answer. Immutable.
 *
 * @param text      the language model's whole text
 * @param sentences the text cut into sentences, in the order they were spoken
 * @param audio     every audio chunk joined in sentence order; empty (zero samples) when there is no synthesizer
 * @param grounding objects named in the text that the scene does not hold; {@link Grounding#clean()} when the
 *                  pipeline has no {@link dev.echollama.language.GroundingChecker}
 * @param timings   where the time went
 */
public record Narration(String text, List<String> sentences, AudioClip audio, Grounding grounding, Timings timings) {
    public Narration {
        if (text == null || audio == null || grounding == null || timings == null) {
            throw new BadInputException("a narration needs text, audio, grounding and timings");
        }
        sentences = List.copyOf(sentences == null ? List.of() : sentences);
    }
}

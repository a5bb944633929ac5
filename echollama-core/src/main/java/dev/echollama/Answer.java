package dev.echollama;

import dev.echollama.audio.AudioClip;
import dev.echollama.language.Grounding;
import dev.echollama.speech.Transcript;
import java.util.List;
import java.util.Optional;

/**
 * The answer to one question of an {@link EchoSession}. Immutable.
 *
 * @param question   the question as the language model got it (the transcript's text for a spoken question)
 * @param text       the answer's text
 * @param sentences  the answer cut into sentences, in spoken order
 * @param transcript what the transcriber heard, for a spoken question
 * @param audio      the answer's speech; empty when there is no synthesizer
 * @param grounding  objects the answer names that the scene does not hold
 * @param timings    where the time went ({@code first_audio} from the start of the call)
 */
public record Answer(String question, String text, List<String> sentences, Optional<Transcript> transcript,
                     AudioClip audio, Grounding grounding, Timings timings) {
    public Answer {
        if (question == null || text == null || audio == null || grounding == null || timings == null) {
            throw new BadInputException("an answer needs a question, text, audio, grounding and timings");
        }
        sentences = List.copyOf(sentences == null ? List.of() : sentences);
        transcript = transcript == null ? Optional.empty() : transcript;
    }
}

package dev.echollama.speech;

import dev.echollama.audio.AudioClip;
import java.util.function.Consumer;

/**
 * Turns text into speech. Thread-safe for concurrent calls (engines that are not may serialise internally);
 * {@link #close()} is idempotent and later calls throw {@link IllegalStateException}.
 */
public interface SpeechSynthesizer extends AutoCloseable {

    /**
     * Speaks {@code text} and returns the whole clip at {@link #sampleRate()}. Empty or blank text gives an empty
     * clip.
     *
     * @throws dev.echollama.InferenceException if the engine fails
     */
    AudioClip synthesize(String text);

    /**
     * Speaks {@code text}, handing audio to {@code chunks} as soon as the engine has it (in order, on the calling
     * thread). The default hands over the whole clip at once; engines that stream override it.
     */
    default void synthesize(String text, Consumer<AudioClip> chunks) {
        AudioClip clip = synthesize(text);
        if (!clip.isEmpty()) {
            chunks.accept(clip);
        }
    }

    /** The sample rate of the audio this synthesizer returns, in Hz. */
    int sampleRate();

    @Override
    void close();
}

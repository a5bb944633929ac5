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

    /**
     * For engines that stream: {@code engine}'s chunks for {@code text} joined into one clip at its
     * {@link #sampleRate()}, so an engine that overrides {@link #synthesize(String, Consumer)} can implement
     * {@link #synthesize(String)} as {@code return SpeechSynthesizer.joined(this, text);} and the whole clip sounds
     * exactly like the stream.
     */
    static AudioClip joined(SpeechSynthesizer engine, String text) {
        java.util.List<AudioClip> parts = new java.util.ArrayList<>();
        engine.synthesize(text, parts::add);
        return AudioClip.concat(engine.sampleRate(), parts);
    }

    /** The sample rate of the audio this synthesizer returns, in Hz. */
    int sampleRate();

    @Override
    void close();
}

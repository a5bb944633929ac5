package dev.echollama.speech;

import dev.echollama.audio.AudioClip;

/**
 * Turns speech into text. Accepts any sample rate (resampling as needed). Thread-safe for concurrent calls;
 * {@link #close()} is idempotent and later calls throw {@link IllegalStateException}.
 */
public interface Transcriber extends AutoCloseable {

    /**
     * Transcribes the clip. Silence or empty audio gives an empty transcript, not an error.
     *
     * @throws dev.echollama.InferenceException if the engine fails
     */
    Transcript transcribe(AudioClip audio);

    @Override
    void close();
}

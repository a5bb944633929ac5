package dev.echollama;

import dev.echollama.audio.AudioClip;

/**
 * Receives a narration as it is produced. Every method has an empty default.
 *
 * <h2>Order and threading</h2>
 * <ul>
 *   <li>Calls come from the pipeline's threads, never two at once for one narration (they are serialised, so
 *       the listener needs no locking of its own), and each call happens-before the next.</li>
 *   <li>{@link #onToken} pieces arrive in generation order; {@link #onSentence} comes after the tokens that
 *       complete the sentence; {@link #onAudio} chunks arrive in sentence order, each after its sentence's
 *       {@code onSentence}. Tokens of later sentences may arrive between audio chunks of earlier ones.</li>
 *   <li>Exactly one of {@link #onComplete} or {@link #onError} ends the narration, and nothing follows it.</li>
 *   <li>A cancelled narration ends with {@code onError(CancellationException)}; a failure ends with
 *       {@code onError} and an {@link EchoException} (an {@link InferenceException} naming the stage that
 *       failed, for example).</li>
 * </ul>
 * Return quickly: the language model waits while {@code onToken} and {@code onSentence} run. An exception thrown
 * by a listener method is logged and otherwise ignored.
 */
public interface NarrationListener {

    /** A piece of generated text. */
    default void onToken(String text) {
    }

    /** A complete sentence, about to be spoken. */
    default void onSentence(String sentence) {
    }

    /** The next chunk of speech, at the synthesizer's sample rate. */
    default void onAudio(AudioClip chunk) {
    }

    /** The narration is done; {@code narration} holds all of it. */
    default void onComplete(Narration narration) {
    }

    /** The narration failed or was cancelled ({@link java.util.concurrent.CancellationException}). */
    default void onError(Throwable error) {
    }

    /** A listener that ignores everything. */
    static NarrationListener none() {
        return new NarrationListener() {
        };
    }
}

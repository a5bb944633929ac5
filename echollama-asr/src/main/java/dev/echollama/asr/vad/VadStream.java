package dev.echollama.asr.vad;

import dev.echollama.BadInputException;
import java.util.ArrayList;
import java.util.List;

/**
 * Streaming voice activity detection: feed 16 kHz mono samples in pieces of any size, get utterance start and end
 * events as soon as they are certain (a start once the utterance has lasted the minimum speech time, an end once
 * the minimum silence has passed).
 *
 * <p>Holds the model's recurrent state and the last 64 samples of context; feeds the model 512 new samples at a
 * time and keeps the remainder for the next call. One stream per audio source; not thread-safe. Holds no native
 * resources (each step's tensors are closed before it returns), so it needs no closing. Using it after its
 * {@link SileroVad} is closed throws {@link IllegalStateException}.
 */
public final class VadStream {
    private final SileroVad vad;
    private final Segmenter segmenter;
    private final float[] input = new float[SileroVad.CONTEXT + SileroVad.CHUNK];
    private final float[] state = new float[SileroVad.STATE_SIZE];
    private int buffered;
    private long consumed;
    private boolean finished;
    private float lastProbability;

    VadStream(SileroVad vad, VadOptions options) {
        this.vad = vad;
        this.segmenter = new Segmenter(options);
    }

    /**
     * Feeds {@code samples[offset, offset + length)}, 16 kHz mono in [-1, 1].
     *
     * @return the events these samples completed, in order (often none)
     * @throws BadInputException     on a bad range, a non-finite sample, or after {@link #finish()}
     * @throws IllegalStateException if the VAD is closed
     */
    public List<VadEvent> accept(float[] samples, int offset, int length) {
        if (samples == null) {
            throw new BadInputException("samples are null");
        }
        if (offset < 0 || length < 0 || offset > samples.length - length) {
            throw new BadInputException("range [" + offset + ", " + offset + "+" + length + ") is outside "
                    + samples.length + " samples");
        }
        if (finished) {
            throw new BadInputException("this VAD stream is finished; start a new one");
        }
        List<VadEvent> out = new ArrayList<>(2);
        for (int i = 0; i < length; i++) {
            float s = samples[offset + i];
            if (!Float.isFinite(s)) {
                throw new BadInputException("sample " + (consumed + buffered) + " is " + s
                        + "; samples must be finite");
            }
            input[SileroVad.CONTEXT + buffered++] = s;
            if (buffered == SileroVad.CHUNK) {
                step(SileroVad.CHUNK, out);
            }
        }
        return out;
    }

    /** {@link #accept(float[], int, int)} for a whole array. */
    public List<VadEvent> accept(float[] samples) {
        return accept(samples, 0, samples == null ? 0 : samples.length);
    }

    /**
     * Ends the stream: runs the last partial chunk (zero-padded, as Silero does) and closes an utterance still
     * open at the end of the audio. Later calls to {@link #accept} throw; a second {@code finish} returns nothing.
     */
    public List<VadEvent> finish() {
        List<VadEvent> out = new ArrayList<>(2);
        if (finished) {
            return out;
        }
        if (buffered > 0) {
            int real = buffered;
            java.util.Arrays.fill(input, SileroVad.CONTEXT + buffered, input.length, 0f);
            step(real, out);
        }
        finished = true;
        segmenter.finish(consumed, out);
        return out;
    }

    private void step(int real, List<VadEvent> out) {
        float p = vad.step(input, state);
        long chunkStart = consumed;
        consumed += real;
        lastProbability = p;
        segmenter.accept(p, chunkStart, consumed, out);
        // The next input starts with the last 64 samples of this one.
        System.arraycopy(input, input.length - SileroVad.CONTEXT, input, 0, SileroVad.CONTEXT);
        buffered = 0;
    }

    /** Samples run through the model so far (a multiple of 512 until {@link #finish()}). */
    public long samplesProcessed() {
        return consumed;
    }

    /** The speech probability of the last chunk run (0 before the first). */
    public float lastProbability() {
        return lastProbability;
    }

    /** Whether an utterance has been reported started and not yet ended. */
    public boolean inSpeech() {
        return segmenter.inSpeech();
    }
}

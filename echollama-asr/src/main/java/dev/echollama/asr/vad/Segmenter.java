package dev.echollama.asr.vad;

import java.util.List;

/**
 * The utterance state machine of {@link VadOptions} over one probability per 512-sample chunk, emitting events as
 * soon as they are certain. Positions are 16 kHz samples. Not thread-safe: one per stream.
 */
final class Segmenter {
    private final double threshold;
    private final double negative;
    private final long minSpeech;
    private final long minSilence;
    private final long pad;

    private boolean triggered;
    private boolean startEmitted;
    private long start;
    private long tempEnd = -1;
    private long lastEnd;

    Segmenter(VadOptions o) {
        threshold = o.threshold();
        negative = o.negativeThreshold();
        minSpeech = (long) o.minSpeechMillis() * SileroVad.SAMPLE_RATE / 1000;
        minSilence = (long) o.minSilenceMillis() * SileroVad.SAMPLE_RATE / 1000;
        pad = (long) o.speechPadMillis() * SileroVad.SAMPLE_RATE / 1000;
    }

    boolean inSpeech() {
        return triggered && startEmitted;
    }

    /**
     * @param p          the probability of the chunk starting at {@code chunkStart}
     * @param chunkStart its first sample
     * @param chunkEnd   one past its last real sample (the stream position after it)
     */
    void accept(float p, long chunkStart, long chunkEnd, List<VadEvent> out) {
        if (p >= threshold) {
            tempEnd = -1;
            if (!triggered) {
                triggered = true;
                startEmitted = false;
                start = chunkStart;
            }
        } else if (triggered && p < negative) {
            if (tempEnd < 0) {
                tempEnd = chunkStart;
            }
            if (chunkStart - tempEnd >= minSilence) {
                if (tempEnd - start > minSpeech) {
                    emitStart(out);
                    long end = Math.min(tempEnd + pad, chunkEnd);
                    out.add(new VadEvent(VadEvent.Type.SPEECH_END, end));
                    lastEnd = end;
                }
                triggered = false;
                startEmitted = false;
                tempEnd = -1;
                return;
            }
        }
        // Whatever comes later, this utterance now ends at or after chunkEnd: report it once that is long enough.
        if (triggered && !startEmitted && tempEnd < 0 && chunkEnd - start > minSpeech) {
            emitStart(out);
        }
    }

    /** The stream ended after {@code total} samples: close an open utterance at the end of the audio. */
    void finish(long total, List<VadEvent> out) {
        if (triggered && total - start > minSpeech) {
            emitStart(out);
            out.add(new VadEvent(VadEvent.Type.SPEECH_END, total));
            lastEnd = total;
        }
        triggered = false;
        startEmitted = false;
        tempEnd = -1;
    }

    private void emitStart(List<VadEvent> out) {
        if (!startEmitted) {
            out.add(new VadEvent(VadEvent.Type.SPEECH_START, Math.max(lastEnd, Math.max(0, start - pad))));
            startEmitted = true;
        }
    }
}

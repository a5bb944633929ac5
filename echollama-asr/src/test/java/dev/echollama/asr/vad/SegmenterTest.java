package dev.echollama.asr.vad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.echollama.BadInputException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The utterance rules on hand-made probability sequences (one value per 512-sample chunk), no model involved. */
class SegmenterTest {
    static final int C = 512;

    static List<VadEvent> run(VadOptions o, float... probs) {
        Segmenter s = new Segmenter(o);
        List<VadEvent> out = new ArrayList<>();
        for (int i = 0; i < probs.length; i++) {
            s.accept(probs[i], (long) i * C, (long) (i + 1) * C, out);
        }
        s.finish((long) probs.length * C, out);
        return out;
    }

    static float[] seq(Object... runs) {
        List<Float> l = new ArrayList<>();
        for (int i = 0; i < runs.length; i += 2) {
            float p = ((Number) runs[i]).floatValue();
            int n = (Integer) runs[i + 1];
            for (int k = 0; k < n; k++) {
                l.add(p);
            }
        }
        float[] a = new float[l.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = l.get(i);
        }
        return a;
    }

    static VadEvent start(long s) {
        return new VadEvent(VadEvent.Type.SPEECH_START, s);
    }

    static VadEvent end(long s) {
        return new VadEvent(VadEvent.Type.SPEECH_END, s);
    }

    @Test
    void oneUtteranceIsPaddedBy30ms() {
        // 10 silent chunks, 20 speech chunks (640 ms), 20 silent: start 10*512 - 480, end 30*512 + 480.
        List<VadEvent> e = run(VadOptions.defaults(), seq(0.01, 10, 0.9, 20, 0.01, 20));
        assertThat(e).containsExactly(start(10 * C - 480), end(30 * C + 480));
    }

    @Test
    void hysteresisKeepsSoftChunksInside() {
        // 0.4 is below the threshold but above the negative threshold 0.35: speech continues through it.
        List<VadEvent> e = run(VadOptions.defaults(), seq(0.0, 5, 0.9, 10, 0.4, 10, 0.9, 10, 0.0, 10));
        assertThat(e).containsExactly(start(5 * C - 480), end(35 * C + 480));
    }

    @Test
    void shortSilenceDoesNotSplit() {
        // As in Silero, the end is decided at the chunk that starts >= 100 ms after the first quiet chunk, so
        // 4 quiet chunks (128 ms of audio) followed by speech do not split...
        List<VadEvent> e = run(VadOptions.defaults(), seq(0.0, 5, 0.9, 10, 0.1, 4, 0.9, 10, 0.0, 10));
        assertThat(e).containsExactly(start(5 * C - 480), end(29 * C + 480));
        // ...and 5 do: two utterances.
        List<VadEvent> two = run(VadOptions.defaults(), seq(0.0, 5, 0.9, 10, 0.1, 5, 0.9, 10, 0.0, 10));
        assertThat(two).containsExactly(start(5 * C - 480), end(15 * C + 480), start(20 * C - 480),
                end(30 * C + 480));
    }

    @Test
    void utterancesUpTo250msAreDropped() {
        // 7 chunks = 224 ms <= 250 ms: dropped; 8 chunks = 256 ms: kept.
        assertThat(run(VadOptions.defaults(), seq(0.0, 5, 0.9, 7, 0.0, 10))).isEmpty();
        assertThat(run(VadOptions.defaults(), seq(0.0, 5, 0.9, 8, 0.0, 10))).hasSize(2);
    }

    @Test
    void speechAtTheEndIsClosedByFinish() {
        assertThat(run(VadOptions.defaults(), seq(0.0, 5, 0.9, 20))).containsExactly(start(5 * C - 480),
                end(25 * C));
    }

    @Test
    void paddingNeverReachesBackIntoThePreviousUtterance() {
        VadOptions wide = VadOptions.defaults().withSpeechPadMillis(200).withMinSilenceMillis(200);
        // Quiet chunks 20..28 (288 ms) split; 200 ms of padding on each side would overlap, so the second
        // utterance starts where the first ended.
        List<VadEvent> e = run(wide, seq(0.0, 10, 0.9, 10, 0.0, 9, 0.9, 10, 0.0, 20));
        assertThat(e).containsExactly(start(10 * C - 3200), end(20 * C + 3200), start(20 * C + 3200),
                end(39 * C + 3200));
    }

    @Test
    void startIsReportedOnceTheMinimumSpeechHasPassed() {
        Segmenter s = new Segmenter(VadOptions.defaults());
        List<VadEvent> out = new ArrayList<>();
        int reportedAt = -1;
        for (int i = 0; i < 20; i++) {
            s.accept(0.9f, (long) i * C, (long) (i + 1) * C, out);
            if (!out.isEmpty() && reportedAt < 0) {
                reportedAt = i;
            }
        }
        assertThat(reportedAt).as("chunk at which the start is reported").isEqualTo(7); // 8 chunks = 256 ms > 250
        assertThat(s.inSpeech()).isTrue();
    }

    @Test
    void optionsAreValidated() {
        assertThatThrownBy(() -> VadOptions.defaults().withThreshold(1.5)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("1.5");
        assertThatThrownBy(() -> VadOptions.defaults().withNegativeThreshold(0.6))
                .isInstanceOf(BadInputException.class).hasMessageContaining("negative");
        assertThatThrownBy(() -> VadOptions.defaults().withMinSpeechMillis(-1)).isInstanceOf(BadInputException.class);
        assertThat(VadOptions.defaults().withThreshold(0.1).negativeThreshold()).isEqualTo(0.01);
        assertThat(VadOptions.defaults().withThreshold(0.7).negativeThreshold()).isCloseTo(0.55,
                org.assertj.core.data.Offset.offset(1e-12));
    }
}

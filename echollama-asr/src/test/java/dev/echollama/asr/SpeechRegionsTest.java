package dev.echollama.asr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpeechRegionsTest {
    private static final int RATE = 16_000;

    private static void burst(float[] s, double fromSeconds, double toSeconds) {
        for (int i = (int) (fromSeconds * RATE); i < (int) (toSeconds * RATE); i++) {
            s[i] = (float) (0.3 * Math.sin(i * 0.2));
        }
    }

    @Test
    void silenceHasNoRegions() {
        assertThat(SpeechRegions.find(new float[RATE * 600], RATE)).isEmpty();
        float[] hiss = new float[RATE];
        for (int i = 0; i < hiss.length; i++) {
            hiss[i] = (i % 2 == 0 ? 1 : -1) * 0.001f; // -60 dBFS: below the gate
        }
        assertThat(SpeechRegions.find(hiss, RATE)).isEmpty();
        assertThat(SpeechRegions.find(new float[0], RATE)).isEmpty();
    }

    @Test
    void aBurstInLongSilenceIsPaddedBy300ms() {
        float[] s = new float[RATE * 600];
        burst(s, 300.0, 302.0);
        // frames of 160 samples; the burst covers frames 30000..30199; padding 4800 samples each side
        assertThat(SpeechRegions.find(s, RATE)).containsExactly(
                new SpeechRegions.Region(300 * RATE - 4800, 302 * RATE + 4800));
    }

    @Test
    void shortPausesStayInsideOneRegionLongOnesSplit() {
        float[] s = new float[RATE * 10];
        burst(s, 1.0, 2.0);
        burst(s, 2.5, 3.0);   // 0.5 s pause: same region
        burst(s, 6.0, 7.0);   // 3 s pause: new region
        List<SpeechRegions.Region> regions = SpeechRegions.find(s, RATE);
        assertThat(regions).containsExactly(
                new SpeechRegions.Region(RATE - 4800, 3 * RATE + 4800),
                new SpeechRegions.Region(6 * RATE - 4800, 7 * RATE + 4800));
    }

    @Test
    void regionsAreClippedToTheAudio() {
        float[] s = new float[RATE];
        burst(s, 0.0, 1.0);
        assertThat(SpeechRegions.find(s, RATE)).containsExactly(new SpeechRegions.Region(0, RATE));
    }
}

package dev.echollama.vision.pydnet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Hand-computed: a permutation of 0..2999 with 0 and 7 replaced by +1e6 and -1e6; k = 3000 / 1000 = 3, so sorted[3]
 * = 3 (after -1e6, 1, 2) and sorted[2996] = 2997 (before 2998, 2999, 1e6).
 */
class ClampOutliersTest {
    @Test
    void clampsTheTenthOfAPercentAtEachEndAndKeepsTheRest() {
        float[] v = new float[3000];
        for (int i = 0; i < v.length; i++) {
            v[i] = (i * 7) % 3000; // a permutation of 0..2999, so position does not matter
        }
        v[0] = 1e6f;
        v[1] = -1e6f;
        PydnetDepthEstimator.clampOutliers(v);
        assertThat(v[0]).isEqualTo(2997f);
        assertThat(v[1]).isEqualTo(3f);
        assertThat(v[2]).isEqualTo(14f);
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float f : v) {
            min = Math.min(min, f);
            max = Math.max(max, f);
        }
        assertThat(min).isEqualTo(3f);
        assertThat(max).isEqualTo(2997f);
    }
}

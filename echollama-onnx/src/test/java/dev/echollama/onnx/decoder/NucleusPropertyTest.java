package dev.echollama.onnx.decoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Top-p without a full sort must keep exactly the candidate set (and order) that a full sort keeps. The reference
 * here sorts every id with a boxed comparator (weight descending, id ascending), sums in that order and cuts at
 * the first prefix that reaches the target: the textbook definition, written independently of {@link Nucleus}.
 */
class NucleusPropertyTest {

    /** Weights as the sampler makes them: exp((logit - max) / T) in float, total summed in id order. */
    static float[] weights(float[] logits, double temperature) {
        float max = Float.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        float[] w = new float[logits.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = logits[i] > Float.NEGATIVE_INFINITY ? (float) Math.exp((logits[i] - max) / temperature) : 0f;
        }
        return w;
    }

    static double total(float[] w) {
        double t = 0;
        for (float x : w) {
            t += x;
        }
        return t;
    }

    static int[] fullSortReference(float[] w, double target) {
        Integer[] order = new Integer[w.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> -w[i]).thenComparingInt(i -> i));
        double sum = 0;
        for (int j = 0; j < order.length; j++) {
            sum += w[order[j]];
            if (sum >= target) {
                return Arrays.stream(order, 0, j + 1).mapToInt(Integer::intValue).toArray();
            }
        }
        return Arrays.stream(order).mapToInt(Integer::intValue).toArray();
    }

    /**
     * Random logits of several shapes: gaussian with a random spread (peaked to flat), coarse values with many
     * exact ties, and some suppressed (-inf) ids.
     */
    static float[] randomLogits(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        int kind = r.nextInt(4);
        double spread = 0.1 + r.nextDouble() * 12;
        float[] l = new float[n];
        for (int i = 0; i < n; i++) {
            double g = gaussian(r) * spread;
            l[i] = switch (kind) {
                case 0 -> (float) g;
                case 1 -> (float) Math.rint(g);                        // many exact ties
                case 2 -> r.nextInt(10) == 0 ? Float.NEGATIVE_INFINITY : (float) g;
                default -> (float) (r.nextDouble() * spread);          // uniform
            };
        }
        if (kind == 2) {
            l[r.nextInt(n)] = 1f; // at least one finite logit
        }
        return l;
    }

    private static double gaussian(SplittableRandom r) {
        double u = 1 - r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    @Test
    void keepsExactlyTheFullSortCandidatesOnSmallVocabularies() {
        Nucleus nucleus = new Nucleus();
        qt().withExamples(400).forAll(longs().all(), integers().between(1, 3000), doubles().between(0.001, 1.0))
                .checkAssert((seed, n, p) -> {
                    float[] w = weights(randomLogits(seed, n), 1.0);
                    double target = p * total(w);
                    int[] out = new int[n];
                    int kept = nucleus.select(w, n, target, out);
                    assertThat(Arrays.copyOf(out, kept)).containsExactly(fullSortReference(w, target));
                });
    }

    @Test
    void keepsExactlyTheFullSortCandidatesOnTheLlamaVocabulary() {
        int n = 128_256;
        Nucleus nucleus = new Nucleus();
        int[] out = new int[n];
        qt().withExamples(12).forAll(longs().all(), doubles().between(0.05, 1.0), doubles().between(0.3, 2.0))
                .checkAssert((seed, p, temperature) -> {
                    float[] w = weights(randomLogits(seed, n), temperature);
                    double target = p * total(w);
                    int kept = nucleus.select(w, n, target, out);
                    assertThat(Arrays.copyOf(out, kept)).containsExactly(fullSortReference(w, target));
                });
    }

    @Test
    void boundaryCasesHandComputed() {
        Nucleus nucleus = new Nucleus();
        int[] out = new int[4];
        float[] w = {0.05f, 0.5f, 0.15f, 0.3f};
        assertThat(Arrays.copyOf(out, nucleus.select(w, 4, 0.75, out))).containsExactly(1, 3);
        assertThat(Arrays.copyOf(out, nucleus.select(w, 4, 0.85, out))).containsExactly(1, 3, 2);
        assertThat(Arrays.copyOf(out, nucleus.select(w, 4, 0.4, out))).containsExactly(1);
        assertThat(Arrays.copyOf(out, nucleus.select(w, 4, 2.0, out))).containsExactly(1, 3, 2, 0);
        // ties: equal weights keep the lower id first
        float[] tied = {0.25f, 0.25f, 0.25f, 0.25f};
        assertThat(Arrays.copyOf(out, nucleus.select(tied, 4, 0.5, out))).containsExactly(0, 1);
    }

    @Test
    void samplerDrawsTheSameTokenAsAFullSortSampler() {
        qt().withExamples(200).forAll(longs().all(), integers().between(2, 5000), doubles().between(0.05, 0.99))
                .checkAssert((seed, n, p) -> {
                    float[] logits = randomLogits(seed, n);
                    SamplingConfig config = new SamplingConfig(0.8, 0, p, 0, 1, java.util.OptionalLong.of(seed));
                    int got = new Sampler(config).sample(logits.clone(), TokenHistory.empty());
                    float[] w = weights(logits, 0.8);
                    int[] kept = fullSortReference(w, p * total(w));
                    double mass = 0;
                    for (int id : kept) {
                        mass += w[id];
                    }
                    double u = new SplittableRandom(seed).nextDouble() * mass;
                    double acc = 0;
                    int expected = kept[0];
                    for (int id : kept) {
                        acc += w[id];
                        if (u < acc) {
                            expected = id;
                            break;
                        }
                    }
                    assertThat(got).isEqualTo(expected);
                });
    }
}

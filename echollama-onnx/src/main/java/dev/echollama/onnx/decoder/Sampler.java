package dev.echollama.onnx.decoder;

import dev.echollama.InferenceException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Picks the next token from one row of logits: the {@link LogitsProcessor} chain (repetition penalty first when
 * the config asks for one, then the given processors), then greedy arg-max or temperature → top-k → top-p → min-p
 * → one draw from {@link SplittableRandom}.
 *
 * <p>Top-p over a large vocabulary does not sort the whole vector (see {@link Nucleus}); it keeps exactly the set a
 * full sort would keep. Draws walk the kept ids most likely first, so with a fixed seed the same logits give the
 * same id on every run and every machine.
 *
 * <p>Not thread-safe: one sampler per generation (it holds the random stream and scratch space sized to the
 * vocabulary).
 */
public final class Sampler {
    private final SamplingConfig config;
    private final List<LogitsProcessor> processors;
    private final SplittableRandom random;
    private final Nucleus nucleus = new Nucleus();
    private float[] weights = new float[0];
    private int[] ids = new int[0];

    /** A sampler with no extra processors. */
    public Sampler(SamplingConfig config) {
        this(config, List.of());
    }

    /**
     * @param config     the sampling settings
     * @param processors run in this order on every row before sampling (after the config's repetition penalty)
     */
    public Sampler(SamplingConfig config, List<LogitsProcessor> processors) {
        this.config = config;
        List<LogitsProcessor> chain = new ArrayList<>();
        if (config.repetitionPenalty() != 1) {
            chain.add(LogitsProcessors.repetitionPenalty(config.repetitionPenalty()));
        }
        chain.addAll(processors);
        this.processors = List.copyOf(chain);
        this.random = config.seed().isPresent() ? new SplittableRandom(config.seed().getAsLong())
                : new SplittableRandom();
    }

    public SamplingConfig config() {
        return config;
    }

    /**
     * The next token id for this row.
     *
     * @param logits  one entry per vocabulary id; modified in place by the processors and the filters
     * @param history what the row has seen so far (used by the processors)
     * @throws InferenceException when every token is forbidden or every logit is NaN
     */
    public int sample(float[] logits, TokenHistory history) {
        for (LogitsProcessor p : processors) {
            p.process(logits, history);
        }
        int n = logits.length;
        int best = argMax(logits);
        if (config.isGreedy()) {
            return best;
        }
        ensureScratch(n);
        if (config.topK() > 0 && config.topK() < n) {
            return sampleTopK(logits, n, config.topK());
        }
        double invT = 1.0 / config.temperature();
        float top = logits[best];
        double total = 0;
        for (int i = 0; i < n; i++) {
            float w = weight(logits[i], top, invT);
            weights[i] = w;
            total += w;
        }
        double minWeight = config.minP(); // the best token's weight is exactly 1
        if (config.topP() < 1) {
            int kept = nucleus.select(weights, n, config.topP() * total, ids);
            return drawSorted(kept, minWeight);
        }
        if (minWeight > 0) {
            double mass = 0;
            for (int i = 0; i < n; i++) {
                if (weights[i] >= minWeight) {
                    mass += weights[i];
                }
            }
            double u = random.nextDouble() * mass;
            double acc = 0;
            for (int i = 0; i < n; i++) {
                float w = weights[i];
                if (w >= minWeight) {
                    acc += w;
                    if (u < acc) {
                        return i;
                    }
                }
            }
            return best;
        }
        double u = random.nextDouble() * total;
        double acc = 0;
        for (int i = 0; i < n; i++) {
            acc += weights[i];
            if (u < acc) {
                return i;
            }
        }
        return best;
    }

    /** Keeps the k best ids (ties: lower id), sorted; then top-p, min-p and a draw over them. */
    private int sampleTopK(float[] logits, int n, int k) {
        TopK.select(logits, n, k, ids);
        double invT = 1.0 / config.temperature();
        float top = logits[ids[0]];
        double total = 0;
        for (int j = 0; j < k; j++) {
            float w = weight(logits[ids[j]], top, invT);
            weights[ids[j]] = w;
            total += w;
        }
        int kept = k;
        if (config.topP() < 1) {
            double target = config.topP() * total;
            double sum = 0;
            for (int j = 0; j < k; j++) {
                sum += weights[ids[j]];
                if (sum >= target) {
                    kept = j + 1;
                    break;
                }
            }
        }
        return drawSorted(kept, config.minP());
    }

    /** Draws among {@code ids[0..kept)} (most likely first), dropping the tail under {@code minWeight}. */
    private int drawSorted(int kept, double minWeight) {
        int end = kept;
        if (minWeight > 0) {
            end = 1;
            while (end < kept && weights[ids[end]] >= minWeight) {
                end++;
            }
        }
        double mass = 0;
        for (int j = 0; j < end; j++) {
            mass += weights[ids[j]];
        }
        double u = random.nextDouble() * mass;
        double acc = 0;
        for (int j = 0; j < end; j++) {
            acc += weights[ids[j]];
            if (u < acc) {
                return ids[j];
            }
        }
        return ids[0];
    }

    private static float weight(float logit, float top, double invT) {
        // NaN and -inf logits get weight 0; the best finite logit gets exactly 1.
        return logit > Float.NEGATIVE_INFINITY ? (float) Math.exp((logit - top) * invT) : 0f;
    }

    /** Index of the largest logit; the lowest id wins a tie; NaN never wins. */
    static int argMax(float[] logits) {
        int best = -1;
        float bestValue = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < logits.length; i++) {
            float v = logits[i];
            if (v > bestValue) {
                bestValue = v;
                best = i;
            }
        }
        if (best < 0) {
            throw new InferenceException("cannot sample: all " + logits.length
                    + " logits are -infinity or NaN (every token suppressed?)");
        }
        return best;
    }

    private void ensureScratch(int n) {
        if (weights.length != n) {
            weights = new float[n];
            ids = new int[n];
        }
    }
}

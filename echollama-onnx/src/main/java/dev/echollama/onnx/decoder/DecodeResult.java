package dev.echollama.onnx.decoder;

import dev.echollama.language.Generation;
import java.util.Arrays;
import java.util.List;

/**
 * What one {@link KvDecoder#generate} call produced: one {@link Sequence} per batch row and the timings.
 *
 * @param sequences one per prompt row, in request order
 * @param timings   wall-clock figures of the whole call
 */
public record DecodeResult(List<Sequence> sequences, Timings timings) {

    public DecodeResult {
        sequences = List.copyOf(sequences);
    }

    /** Row 0's generated ids (the whole answer for a single prompt). */
    public int[] ids() {
        return sequences.get(0).ids();
    }

    /** Row 0's finish reason. */
    public Generation.Finish finish() {
        return sequences.get(0).finish();
    }

    /**
     * One row's outcome.
     *
     * @param promptIds the prompt ids as given (empty when the prompt was given as embeddings)
     * @param ids       the generated ids, without the stop token
     * @param finish    STOP (a stop id was sampled), LENGTH (max new tokens or the context window) or CANCELLED
     * @param stopToken the stop id that ended the row, or -1
     */
    public record Sequence(int[] promptIds, int[] ids, Generation.Finish finish, int stopToken) {
        public Sequence {
            promptIds = promptIds.clone();
            ids = ids.clone();
        }

        @Override
        public int[] promptIds() {
            return promptIds.clone();
        }

        @Override
        public int[] ids() {
            return ids.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Sequence s && Arrays.equals(promptIds, s.promptIds) && Arrays.equals(ids, s.ids)
                    && finish == s.finish && stopToken == s.stopToken;
        }

        @Override
        public int hashCode() {
            return 31 * (31 * Arrays.hashCode(promptIds) + Arrays.hashCode(ids)) + finish.hashCode() + stopToken;
        }

        @Override
        public String toString() {
            return "Sequence[promptIds=" + Arrays.toString(promptIds) + ", ids=" + Arrays.toString(ids)
                    + ", finish=" + finish + ", stopToken=" + stopToken + "]";
        }
    }

    /**
     * Timings in nanoseconds (System.nanoTime), measured by the decoder.
     *
     * @param prefillNanos    from the call until the first token was sampled (prompt runs + first sampling)
     * @param tokenNanos      for every later step (one batch-wide token each): from the previous sampling to this
     *                        one, including the previous listener calls, the run and the sampling
     * @param prefillRunNanos time inside {@code OrtSession.run} during the prefill
     * @param decodeRunNanos  time inside {@code OrtSession.run} during the later steps
     * @param runs            number of {@code OrtSession.run} calls
     */
    public record Timings(long prefillNanos, long[] tokenNanos, long prefillRunNanos, long decodeRunNanos,
                          int runs) {
        public Timings {
            tokenNanos = tokenNanos.clone();
        }

        @Override
        public long[] tokenNanos() {
            return tokenNanos.clone();
        }

        /** Sum of {@link #tokenNanos()}. */
        public long decodeNanos() {
            return Arrays.stream(tokenNanos).sum();
        }

        /** Steps per second after the first token (0 when there was no later step). */
        public double tokensPerSecond() {
            long total = decodeNanos();
            return total == 0 ? 0 : tokenNanos.length * 1e9 / total;
        }

        /** Mean time per step spent outside {@code OrtSession.run}: the decoder's own per-token overhead. */
        public double overheadNanosPerToken() {
            return tokenNanos.length == 0 ? 0 : (double) (decodeNanos() - decodeRunNanos) / tokenNanos.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Timings t && prefillNanos == t.prefillNanos && Arrays.equals(tokenNanos, t.tokenNanos)
                    && prefillRunNanos == t.prefillRunNanos && decodeRunNanos == t.decodeRunNanos && runs == t.runs;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(prefillNanos) * 31 + Arrays.hashCode(tokenNanos) + runs;
        }

        @Override
        public String toString() {
            return "Timings[prefill=" + prefillNanos / 1e6 + " ms, steps=" + tokenNanos.length + ", "
                    + String.format("%.1f", tokensPerSecond()) + " tok/s, overhead="
                    + String.format("%.1f", overheadNanosPerToken() / 1e3) + " us/token, runs=" + runs + "]";
        }
    }
}

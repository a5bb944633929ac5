package dev.echollama.onnx;

import dev.echollama.BadInputException;
import dev.echollama.spi.Device;
import dev.echollama.spi.ProviderConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How an ONNX Runtime session is created: the device, thread pools, graph optimisation, CPU memory arena,
 * execution mode and spinning. Immutable and thread-safe; build with {@link #builder()} or derive from a stage's
 * {@link ProviderConfig} with {@link #from(ProviderConfig)}.
 *
 * <p>{@link Device} CUDA is a request, not a requirement: when the CUDA execution provider cannot be used (CPU build
 * of ONNX Runtime, missing CUDA/cuDNN libraries, no GPU) the session runs on the CPU and one INFO line per process
 * says why (see {@link OnnxModel#device()} for what was actually used).
 *
 * @param device         where to run; CUDA falls back to CPU (never fails for that reason alone)
 * @param intraOpThreads threads used inside one operator; 0 = ONNX Runtime's default (one per physical core)
 * @param interOpThreads threads used to run independent operators in parallel ({@link ExecutionMode#PARALLEL}
 *                       only); 0 = ONNX Runtime's default
 * @param optimization   graph optimisation level applied when the session is created
 * @param memoryArena    whether the CPU arena allocator is used: faster for repeated runs of the same shapes, but
 *                       it keeps its peak memory; turn it off for one-shot runs of very variable shapes
 * @param executionMode  sequential (default) or parallel execution of the graph's independent branches
 * @param spinning       whether ONNX Runtime's pool threads busy-wait for work, and for how long; by default as
 *                       ONNX Runtime does ({@link Spinning#LINGER})
 */
public record OnnxSessionConfig(Device device, int intraOpThreads, int interOpThreads,
                                OptimizationLevel optimization, boolean memoryArena, ExecutionMode executionMode,
                                Spinning spinning) {

    /**
     * The {@link ProviderConfig} option that sets {@link #spinning()} for every ONNX model a provider opens:
     * {@code while-running}, {@code linger} or {@code never}. Unset, each provider chooses (see {@link Spinning}).
     */
    public static final String SPINNING_OPTION = "onnx.spinning";

    /** Upper bound on either thread count; anything above is a configuration mistake, not a tuning choice. */
    static final int MAX_THREADS = 1024;

    /** ONNX Runtime graph optimisation levels, in increasing order of rewriting. */
    public enum OptimizationLevel {
        /** No graph rewriting: useful to check that an optimisation is not what changes a result. */
        NONE,
        /** Constant folding and redundant-node removal. */
        BASIC,
        /** BASIC plus fusions (attention, GELU, layer norm, ...). */
        EXTENDED,
        /** Everything, including layout rewrites; the default. */
        ALL
    }

    /** Whether independent branches of the graph may run concurrently. */
    public enum ExecutionMode { SEQUENTIAL, PARALLEL }

    /**
     * How ONNX Runtime's intra-op pool threads wait for work. Between two operators of one run, a thread that
     * busy-waits picks up the next operator's share sooner than one woken from sleep; after the run returns, the
     * same busy-waiting only takes CPU away from whatever the caller does next. Has no effect with one intra-op
     * thread, which is the caller's own.
     */
    public enum Spinning {
        /**
         * Busy-wait during a run and stop as soon as it returns (ONNX Runtime's {@code session.force_spinning_stop}).
         * For a model run once per input with work of the caller's own around each run, where threads still
         * spinning would take the CPU from that work: the SDK's detectors and depth estimators choose it. On a
         * 16-core host with ONNX Runtime's default thread count, YOLOX-Nano's whole {@code detect} took 8.8–9.5 ms
         * this way against 12.3 ms with {@link #LINGER}, and 106–114 ms of CPU time per call against 192–196 ms
         * (the benchmarks' {@code YoloxSpinning}). The next run pays for waking the threads: back-to-back runs
         * alone took 11.1 ms against 8.3 ms there.
         */
        WHILE_RUNNING,
        /**
         * Also keep busy-waiting for a while after the run returns: ONNX Runtime's own default, and this config's.
         * For loops that call sessions back to back with little in between, such as token-by-token decoding.
         * The price is CPU burnt after the last run: with two intra-op threads on a 2-vCPU machine, the second
         * burnt about 30 ms of CPU in the 50 ms after each YOLOX-Nano run.
         */
        LINGER,
        /**
         * Never busy-wait ({@code session.intra_op.allow_spinning=0}, and the same for the inter-op pool): the least
         * CPU, slower runs.
         */
        NEVER
    }

    /** Validates like {@link Builder#build()}; prefer the builder, whose messages list every problem at once. */
    public OnnxSessionConfig {
        List<String> problems = problems(device, intraOpThreads, interOpThreads, optimization, executionMode,
                spinning);
        if (!problems.isEmpty()) {
            throw new BadInputException("invalid ONNX session config: " + String.join("; ", problems));
        }
    }

    /** CPU, ONNX Runtime's default threads, all optimisations, arena on, sequential, spinning as ONNX Runtime does. */
    public static OnnxSessionConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The device and intra-op thread count of a stage's provider config ({@link ProviderConfig#device()},
     * {@link ProviderConfig#threads()}) and its {@value #SPINNING_OPTION} option; everything else at its default.
     *
     * @throws BadInputException if the config is null or {@value #SPINNING_OPTION} names no {@link Spinning}
     */
    public static OnnxSessionConfig from(ProviderConfig config) {
        return from(config, Spinning.LINGER);
    }

    /**
     * Like {@link #from(ProviderConfig)}, with {@code unset} as the spinning when the config's
     * {@value #SPINNING_OPTION} option does not choose one: a provider's own default for its kind of model.
     *
     * @throws BadInputException if the config or {@code unset} is null, or {@value #SPINNING_OPTION} names no
     *                           {@link Spinning}
     */
    public static OnnxSessionConfig from(ProviderConfig config, Spinning unset) {
        if (config == null) {
            throw new BadInputException("provider config is null");
        }
        Builder b = builder().device(config.device()).intraOpThreads(config.threads()).spinning(unset);
        config.option(SPINNING_OPTION).ifPresent(v -> b.spinning(spinning(v)));
        return b.build();
    }

    private static Spinning spinning(String value) {
        String v = value.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        for (Spinning s : Spinning.values()) {
            if (s.name().equals(v)) {
                return s;
            }
        }
        throw new BadInputException("option " + SPINNING_OPTION + " must be while-running, linger or never, got '"
                + value + "'");
    }

    /** A builder starting from this config's values. */
    public Builder toBuilder() {
        return new Builder().device(device).intraOpThreads(intraOpThreads).interOpThreads(interOpThreads)
                .optimization(optimization).memoryArena(memoryArena).executionMode(executionMode).spinning(spinning);
    }

    /** A copy running on {@code newDevice}. */
    public OnnxSessionConfig withDevice(Device newDevice) {
        return toBuilder().device(newDevice).build();
    }

    private static List<String> problems(Device device, int intra, int inter, OptimizationLevel optimization,
                                         ExecutionMode mode, Spinning spinning) {
        List<String> problems = new ArrayList<>();
        if (device == null) {
            problems.add("device is null");
        }
        if (intra < 0 || intra > MAX_THREADS) {
            problems.add("intraOpThreads must be 0 (default) to " + MAX_THREADS + ", got " + intra);
        }
        if (inter < 0 || inter > MAX_THREADS) {
            problems.add("interOpThreads must be 0 (default) to " + MAX_THREADS + ", got " + inter);
        }
        if (optimization == null) {
            problems.add("optimization level is null");
        }
        if (mode == null) {
            problems.add("execution mode is null");
        }
        if (spinning == null) {
            problems.add("spinning is null");
        }
        return problems;
    }

    /** Mutable, not thread-safe; {@link #build()} validates and names every wrong value. */
    public static final class Builder {
        private Device device = Device.CPU;
        private int intraOpThreads;
        private int interOpThreads;
        private OptimizationLevel optimization = OptimizationLevel.ALL;
        private boolean memoryArena = true;
        private ExecutionMode executionMode = ExecutionMode.SEQUENTIAL;
        private Spinning spinning = Spinning.LINGER;

        private Builder() {
        }

        public Builder device(Device device) {
            this.device = device;
            return this;
        }

        /** 0 = ONNX Runtime's default. */
        public Builder intraOpThreads(int threads) {
            this.intraOpThreads = threads;
            return this;
        }

        /** 0 = ONNX Runtime's default; only used with {@link ExecutionMode#PARALLEL}. */
        public Builder interOpThreads(int threads) {
            this.interOpThreads = threads;
            return this;
        }

        public Builder optimization(OptimizationLevel level) {
            this.optimization = level;
            return this;
        }

        public Builder memoryArena(boolean on) {
            this.memoryArena = on;
            return this;
        }

        public Builder executionMode(ExecutionMode mode) {
            this.executionMode = mode;
            return this;
        }

        public Builder spinning(Spinning spinning) {
            this.spinning = spinning;
            return this;
        }

        public OnnxSessionConfig build() {
            return new OnnxSessionConfig(device, intraOpThreads, interOpThreads, optimization, memoryArena,
                    executionMode, spinning);
        }
    }
}

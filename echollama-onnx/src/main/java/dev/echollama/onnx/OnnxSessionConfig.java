package dev.echollama.onnx;

import dev.echollama.BadInputException;
import dev.echollama.spi.Device;
import dev.echollama.spi.ProviderConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * How an ONNX Runtime session is created: the device, thread pools, graph optimisation, CPU memory arena and
 * execution mode. Immutable and thread-safe; build with {@link #builder()} or derive from a stage's
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
 */
public record OnnxSessionConfig(Device device, int intraOpThreads, int interOpThreads,
                                OptimizationLevel optimization, boolean memoryArena, ExecutionMode executionMode) {

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

    /** Validates like {@link Builder#build()}; prefer the builder, whose messages list every problem at once. */
    public OnnxSessionConfig {
        List<String> problems = problems(device, intraOpThreads, interOpThreads, optimization, executionMode);
        if (!problems.isEmpty()) {
            throw new BadInputException("invalid ONNX session config: " + String.join("; ", problems));
        }
    }

    /** CPU, ONNX Runtime's default threads, all optimisations, arena on, sequential. */
    public static OnnxSessionConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The device and intra-op thread count of a stage's provider config ({@link ProviderConfig#device()},
     * {@link ProviderConfig#threads()}); everything else at its default.
     */
    public static OnnxSessionConfig from(ProviderConfig config) {
        if (config == null) {
            throw new BadInputException("provider config is null");
        }
        return builder().device(config.device()).intraOpThreads(config.threads()).build();
    }

    /** A builder starting from this config's values. */
    public Builder toBuilder() {
        return new Builder().device(device).intraOpThreads(intraOpThreads).interOpThreads(interOpThreads)
                .optimization(optimization).memoryArena(memoryArena).executionMode(executionMode);
    }

    /** A copy running on {@code newDevice}. */
    public OnnxSessionConfig withDevice(Device newDevice) {
        return toBuilder().device(newDevice).build();
    }

    private static List<String> problems(Device device, int intra, int inter, OptimizationLevel optimization,
                                         ExecutionMode mode) {
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

        public OnnxSessionConfig build() {
            return new OnnxSessionConfig(device, intraOpThreads, interOpThreads, optimization, memoryArena,
                    executionMode);
        }
    }
}

package dev.echollama.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensorLike;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.RunOptions;
import ai.onnxruntime.OrtSession.SessionOptions;
import ai.onnxruntime.OrtSession.SessionOptions.ExecutionMode;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import ai.onnxruntime.TensorInfo;
import dev.echollama.BadInputException;
import dev.echollama.InferenceException;
import dev.echollama.ModelCorruptException;
import dev.echollama.ModelMissingException;
import dev.echollama.spi.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * One ONNX model file loaded into an ONNX Runtime session: what model modules (vision, llm, tts, asr) build their
 * stages on.
 *
 * <p><b>Loading.</b> {@link #open(Path, OnnxSessionConfig)} always hands ONNX Runtime the file's <em>path</em>
 * (never its bytes) so that weights kept in a sidecar ({@code model.onnx_data}) are found next to it. A missing
 * file throws {@link ModelMissingException}; a file ORT cannot parse throws {@link ModelCorruptException} naming
 * the file and carrying ORT's message. A CUDA {@link Device} that cannot be used falls back to the CPU (see
 * {@link OnnxSessionConfig}); {@link #device()} says what the session really runs on.
 *
 * <p><b>Metadata.</b> {@link #inputs()} and {@link #outputs()} are the graph's declared names, element types and
 * shapes, read once from the session. Check them against what the code feeds with a {@link GraphSignature}.
 *
 * <p><b>Threading and lifetime.</b> Thread-safe: any number of threads may call {@link #run} at once (ORT's
 * {@code OrtSession.run} is thread-safe). {@link #close()} is idempotent and waits for runs in progress to finish
 * before it frees the native session; afterwards every method except {@link #close()}, {@link #path()} and
 * {@link #toString()} throws {@link IllegalStateException}. The caller owns the {@link OrtSession.Result} a run
 * returns and the tensors it passes in, and must close them.
 */
public final class OnnxModel implements AutoCloseable {
    private final Path path;
    private final OnnxSessionConfig config;
    private final Device device;
    private final OrtSession session;
    private final List<TensorSpec> inputs;
    private final List<TensorSpec> outputs;
    private final Map<String, String> metadata;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed; // guarded by lock

    private OnnxModel(Path path, OnnxSessionConfig config, Device device, OrtSession session) throws OrtException {
        this.path = path;
        this.config = config;
        this.device = device;
        this.session = session;
        this.inputs = specs(session.getInputInfo());
        this.outputs = specs(session.getOutputInfo());
        this.metadata = Map.copyOf(session.getMetadata().getCustomMetadata());
    }

    /** Opens {@code file} on the CPU with default settings. */
    public static OnnxModel open(Path file) {
        return open(file, OnnxSessionConfig.defaults());
    }

    /**
     * Opens {@code file} with {@code config}.
     *
     * @throws ModelMissingException if the file does not exist
     * @throws ModelCorruptException if it is not a file ONNX Runtime can load (not ONNX, truncated, unsupported
     *                               opset, missing external-data sidecar); the message names the file and says
     *                               what ORT reported
     */
    public static OnnxModel open(Path file, OnnxSessionConfig config) {
        return open(file, config, ExecutionProviders.shared());
    }

    static OnnxModel open(Path file, OnnxSessionConfig config, ExecutionProviders providers) {
        if (file == null) {
            throw new BadInputException("model path is null");
        }
        if (config == null) {
            throw new BadInputException("session config is null");
        }
        Path path = file.toAbsolutePath().normalize();
        if (!Files.exists(path)) {
            throw new ModelMissingException(path, "ONNX model file not found: " + path);
        }
        if (Files.isDirectory(path)) {
            throw new ModelCorruptException(path, "expected an ONNX model file but " + path + " is a directory");
        }
        if (!Files.isReadable(path)) {
            throw new ModelCorruptException(path, "ONNX model file " + path + " is not readable (permissions)");
        }
        OrtEnvironment env = OrtEnv.get();
        Device requested = config.device();
        if (requested.kind() == Device.Kind.CUDA) {
            String cudaProblem;
            try (SessionOptions options = options(path, config)) {
                Optional<String> notAdded = providers.tryAddCuda(options, requested);
                if (notAdded.isEmpty()) {
                    try {
                        return new OnnxModel(path, config, requested, env.createSession(path.toString(), options));
                    } catch (OrtException e) {
                        // CUDA was accepted but the session failed: no GPU, bad ordinal, or a bad model. The CPU
                        // attempt below tells which; its error is the one reported if both fail.
                        cudaProblem = "the CUDA session could not be created ("
                                + ExecutionProviders.oneLine(e.getMessage()) + ")";
                    }
                } else {
                    cudaProblem = notAdded.get();
                }
            }
            OnnxModel model = openCpu(env, path, config);
            providers.reportFallback(requested, cudaProblem);
            return model;
        }
        return openCpu(env, path, config);
    }

    private static OnnxModel openCpu(OrtEnvironment env, Path path, OnnxSessionConfig config) {
        try (SessionOptions options = options(path, config)) {
            return new OnnxModel(path, config, Device.CPU, env.createSession(path.toString(), options));
        } catch (OrtException e) {
            if (e.getCode() == OrtException.OrtErrorCode.ORT_NO_SUCHFILE && !Files.exists(path)) {
                throw new ModelMissingException(path, "ONNX model file not found: " + path);
            }
            throw new ModelCorruptException(path, "cannot load ONNX model " + path + ": "
                    + ExecutionProviders.oneLine(e.getMessage()), e);
        }
    }

    static SessionOptions options(Path path, OnnxSessionConfig config) {
        SessionOptions o = new SessionOptions();
        try {
            if (config.intraOpThreads() > 0) {
                o.setIntraOpNumThreads(config.intraOpThreads());
            }
            if (config.interOpThreads() > 0) {
                o.setInterOpNumThreads(config.interOpThreads());
            }
            o.setOptimizationLevel(switch (config.optimization()) {
                case NONE -> OptLevel.NO_OPT;
                case BASIC -> OptLevel.BASIC_OPT;
                case EXTENDED -> OptLevel.EXTENDED_OPT;
                case ALL -> OptLevel.ALL_OPT;
            });
            o.setExecutionMode(config.executionMode() == OnnxSessionConfig.ExecutionMode.PARALLEL
                    ? ExecutionMode.PARALLEL : ExecutionMode.SEQUENTIAL);
            o.setCPUArenaAllocator(config.memoryArena());
            switch (config.spinning()) {
                case WHILE_RUNNING -> o.addConfigEntry("session.force_spinning_stop", "1");
                case LINGER -> o.addConfigEntry("session.force_spinning_stop", "0");
                case NEVER -> {
                    o.addConfigEntry("session.intra_op.allow_spinning", "0");
                    o.addConfigEntry("session.inter_op.allow_spinning", "0");
                }
            }
            return o;
        } catch (OrtException e) {
            o.close();
            throw new InferenceException("ONNX Runtime rejected session options " + config + " for " + path + ": "
                    + ExecutionProviders.oneLine(e.getMessage()), e);
        }
    }

    private static List<TensorSpec> specs(Map<String, NodeInfo> infos) {
        List<TensorSpec> specs = new ArrayList<>(infos.size());
        for (NodeInfo node : infos.values()) {
            if (node.getInfo() instanceof TensorInfo t) {
                long[] shape = t.getShape();
                for (int i = 0; i < shape.length; i++) {
                    if (shape[i] < 0) {
                        shape[i] = TensorSpec.DYNAMIC;
                    }
                }
                String[] names = t.getDimensionNames();
                List<String> dimNames = names == null || names.length != shape.length
                        ? null : Arrays.asList(names);
                specs.add(new TensorSpec(node.getName(), EnumSet.of(ElementType.of(t.onnxType)), shape, dimNames,
                        false));
            } else {
                // Sequences, maps and optionals: the SDK feeds none of these; keep the name, mark the type.
                specs.add(new TensorSpec(node.getName(), EnumSet.of(ElementType.OTHER), null, null, false));
            }
        }
        return List.copyOf(specs);
    }

    /**
     * The process-wide ONNX Runtime environment (created on first use), for building {@code OnnxTensor}s to
     * feed {@link #run}. Never close it.
     */
    public static OrtEnvironment environment() {
        return OrtEnv.get();
    }

    /** The model file, absolute. Works after close. */
    public Path path() {
        return path;
    }

    /** The config the session was opened with (its device is the one requested, see {@link #device()}). */
    public OnnxSessionConfig config() {
        return config;
    }

    /** The device the session actually runs on: the requested one, or CPU after a CUDA fallback. */
    public Device device() {
        ensureOpen();
        return device;
    }

    /** The graph's inputs in declaration order, with the element types and shapes the session declares. */
    public List<TensorSpec> inputs() {
        ensureOpen();
        return inputs;
    }

    /** The graph's outputs in declaration order. */
    public List<TensorSpec> outputs() {
        ensureOpen();
        return outputs;
    }

    /** The declared input called {@code name}, if the graph has one. */
    public Optional<TensorSpec> input(String name) {
        ensureOpen();
        return inputs.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** The declared output called {@code name}, if the graph has one. */
    public Optional<TensorSpec> output(String name) {
        ensureOpen();
        return outputs.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** Whether the graph declares an input called {@code name} (to feed optional inputs only when declared). */
    public boolean hasInput(String name) {
        return input(name).isPresent();
    }

    /** The model's custom metadata properties ({@code metadata_props}); empty when it has none. */
    public Map<String, String> metadata() {
        ensureOpen();
        return metadata;
    }

    /** Runs the graph and returns every output. The caller closes the result. */
    public OrtSession.Result run(Map<String, ? extends OnnxTensorLike> feeds) {
        return run(feeds, null, null);
    }

    /** Runs the graph and returns only {@code outputNames}. The caller closes the result. */
    public OrtSession.Result run(Map<String, ? extends OnnxTensorLike> feeds, Set<String> outputNames) {
        return run(feeds, outputNames, null);
    }

    /**
     * Runs the graph.
     *
     * @param feeds       input name to tensor; the caller keeps ownership of the tensors
     * @param outputNames the outputs wanted, or {@code null} for all of them
     * @param runOptions  per-run options (for example to terminate a long run from another thread), or null
     * @return the outputs, owned by the caller (close it)
     * @throws BadInputException     if {@code feeds} names an input the graph does not have, or a requested output
     *                               does not exist
     * @throws InferenceException    if ONNX Runtime fails (wrong shape or type fed, out of memory, ...); the
     *                               message names the model file
     * @throws IllegalStateException if the model is closed
     */
    public OrtSession.Result run(Map<String, ? extends OnnxTensorLike> feeds, Set<String> outputNames,
                                 RunOptions runOptions) {
        if (feeds == null) {
            throw new BadInputException("feeds are null");
        }
        lock.readLock().lock();
        try {
            ensureOpenLocked();
            checkNames(feeds.keySet(), outputNames);
            if (outputNames == null) {
                return runOptions == null ? session.run(feeds) : session.run(feeds, runOptions);
            }
            return runOptions == null ? session.run(feeds, outputNames) : session.run(feeds, outputNames, runOptions);
        } catch (OrtException e) {
            throw new InferenceException("ONNX Runtime failed to run " + path.getFileName() + " (" + path + ") on "
                    + describe(feeds) + ": " + ExecutionProviders.oneLine(e.getMessage()), e);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Runs the graph, writing the outputs named in {@code pinnedOutputs} into those caller-owned tensors (ONNX
     * Runtime's pinned outputs) instead of allocating new ones: for a model called again and again, the output
     * buffer is then reused and never copied. Other outputs are not computed.
     *
     * @param feeds         input name to tensor; the caller keeps ownership
     * @param pinnedOutputs output name to a tensor of that output's exact type and shape; the caller keeps
     *                      ownership and reads the values from the tensor's buffer after this returns
     * @return the result, which holds only the pinned outputs and does not own them; close it
     * @throws BadInputException     if a name is not the graph's
     * @throws InferenceException    if ONNX Runtime fails (for example a pinned tensor of the wrong shape)
     * @throws IllegalStateException if the model is closed
     */
    public OrtSession.Result run(Map<String, ? extends OnnxTensorLike> feeds,
                                 Map<String, ? extends OnnxValue> pinnedOutputs) {
        if (feeds == null || pinnedOutputs == null) {
            throw new BadInputException((feeds == null ? "feeds" : "pinned outputs") + " are null");
        }
        lock.readLock().lock();
        try {
            ensureOpenLocked();
            checkNames(feeds.keySet(), pinnedOutputs.keySet());
            return session.run(feeds, Set.of(), pinnedOutputs);
        } catch (OrtException e) {
            throw new InferenceException("ONNX Runtime failed to run " + path.getFileName() + " (" + path + ") on "
                    + describe(feeds) + " into pinned outputs " + pinnedOutputs.keySet() + ": "
                    + ExecutionProviders.oneLine(e.getMessage()), e);
        } finally {
            lock.readLock().unlock();
        }
    }

    private void checkNames(Set<String> feedNames, Set<String> outputNames) {
        List<String> problems = new ArrayList<>();
        for (String name : feedNames) {
            if (inputs.stream().noneMatch(s -> s.name().equals(name))) {
                problems.add("no input '" + name + "'");
            }
        }
        if (outputNames != null) {
            for (String name : outputNames) {
                if (outputs.stream().noneMatch(s -> s.name().equals(name))) {
                    problems.add("no output '" + name + "'");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new BadInputException("model " + path + ": " + String.join(", ", problems) + "; it has inputs "
                    + inputs.stream().map(TensorSpec::name).toList() + " and outputs "
                    + outputs.stream().map(TensorSpec::name).toList());
        }
    }

    private static String describe(Map<String, ? extends OnnxTensorLike> feeds) {
        Map<String, String> shapes = new LinkedHashMap<>();
        feeds.forEach((name, value) -> {
            if (value == null) {
                shapes.put(name, "null");
            } else {
                TensorInfo t = value.getInfo();
                shapes.put(name, ElementType.of(t.onnxType) + " " + Arrays.toString(t.getShape()));
            }
        });
        return shapes.toString();
    }

    /**
     * The underlying ORT session, for code in the SDK's model modules that needs what {@link #run} does not offer
     * (IO binding, pinned outputs). It stays owned by this model: never close it, and never use it after
     * {@link #close()} (unlike {@link #run}, direct calls are not protected against a concurrent close).
     */
    public OrtSession session() {
        ensureOpen();
        return session;
    }

    /** Frees the native session once runs in progress have finished. Idempotent. */
    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            try {
                session.close();
            } catch (OrtException e) {
                throw new InferenceException("ONNX Runtime failed to close the session of " + path + ": "
                        + ExecutionProviders.oneLine(e.getMessage()), e);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void ensureOpen() {
        lock.readLock().lock();
        try {
            ensureOpenLocked();
        } finally {
            lock.readLock().unlock();
        }
    }

    private void ensureOpenLocked() {
        if (closed) {
            throw new IllegalStateException("ONNX model " + path + " is closed");
        }
    }

    @Override
    public String toString() {
        return "OnnxModel[" + path.getFileName() + " on " + device + "]";
    }
}

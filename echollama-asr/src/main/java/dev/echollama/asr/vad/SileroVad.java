package dev.echollama.asr.vad;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.echollama.BadInputException;
import dev.echollama.InferenceException;
import dev.echollama.ModelCorruptException;
import dev.echollama.ModelMissingException;
import dev.echollama.audio.AudioClip;
import dev.echollama.onnx.ElementType;
import dev.echollama.onnx.GraphSignature;
import dev.echollama.onnx.OnnxModel;
import dev.echollama.onnx.OnnxSessionConfig;
import dev.echollama.onnx.TensorSpec;
import dev.echollama.spi.Availability;
import dev.echollama.spi.ProviderConfig;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Silero VAD v5 (model id {@value #MODEL_ID}): the probability that each 32 ms of 16 kHz audio is speech, and the
 * utterances those probabilities make ({@link VadOptions}).
 *
 * <p>Model I/O (shared/models/PROVENANCE.md): in {@code input} float32 {@code [1, 576]} = the previous step's last
 * 64 samples + 512 new ones, {@code state} float32 {@code [2, 1, 128]} (zeros at first, then the previous
 * {@code stateN}), {@code sr} int64 scalar 16000; out {@code output} {@code [1, 1]} (the probability) and
 * {@code stateN}. The graph is checked against this when it is opened.
 *
 * <p>Use {@link #segments(AudioClip)} for a whole clip (any rate, resampled to 16 kHz) or {@link #stream()} for
 * audio that arrives in pieces. Thread-safe: any number of clips and streams may run at once. {@link #close()} is
 * idempotent; later calls throw {@link IllegalStateException}.
 */
public final class SileroVad implements AutoCloseable {
    /** The model id in the model store. */
    public static final String MODEL_ID = "silero-vad";
    /** The only rate the model is used at here. */
    public static final int SAMPLE_RATE = 16_000;
    /** File names looked for in a model folder, in order. */
    static final List<String> FILE_NAMES = List.of("silero_vad.onnx", "silero_vad_v5.onnx", "model.onnx");
    static final int CHUNK = 512;
    static final int CONTEXT = 64;
    static final int STATE_SIZE = 2 * 128;

    private static final GraphSignature SIGNATURE = GraphSignature.builder()
            .input(TensorSpec.of("input", ElementType.FLOAT32, TensorSpec.DYNAMIC, TensorSpec.DYNAMIC))
            .input(TensorSpec.of("state", ElementType.FLOAT32, 2, TensorSpec.DYNAMIC, 128))
            .input(TensorSpec.of("sr", ElementType.INT64))
            .output(TensorSpec.of("output", ElementType.FLOAT32, TensorSpec.DYNAMIC, 1))
            .output(TensorSpec.anyShape("stateN", ElementType.FLOAT32))
            .build();

    private final OnnxModel model;
    private final OrtEnvironment env;
    /** The constant {@code sr} input, shared by every step (ORT only reads its inputs). */
    private final OnnxTensor sampleRate;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private SileroVad(OnnxModel model) throws OrtException {
        this.model = model;
        this.env = OnnxModel.environment();
        this.sampleRate = OnnxTensor.createTensor(env, (long) SAMPLE_RATE);
    }

    /**
     * Opens the model file, or the first of {@code silero_vad.onnx}, {@code silero_vad_v5.onnx}, {@code model.onnx}
     * in a folder, on the CPU with one intra-op thread (the graph is tiny: more threads only add hand-over cost).
     */
    public static SileroVad open(Path fileOrFolder) {
        return open(fileOrFolder, OnnxSessionConfig.builder().intraOpThreads(1).build());
    }

    /**
     * Opens the model with the given session config.
     *
     * @throws ModelMissingException if there is no model file there
     * @throws ModelCorruptException if it is not a Silero VAD v5 graph (the message lists what differs)
     */
    public static SileroVad open(Path fileOrFolder, OnnxSessionConfig config) {
        if (fileOrFolder == null) {
            throw new BadInputException("VAD model path is null");
        }
        Path file = resolveFile(fileOrFolder).orElseThrow(() -> new ModelMissingException(fileOrFolder,
                "no Silero VAD model at " + fileOrFolder.toAbsolutePath() + " (looked for " + FILE_NAMES
                        + "); get it with: echollama models fetch " + MODEL_ID));
        OnnxModel model = OnnxModel.open(file, config);
        try {
            SIGNATURE.check(model);
            return new SileroVad(model);
        } catch (OrtException e) {
            model.close();
            throw new InferenceException("cannot create the Silero VAD sample-rate tensor: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /**
     * Opens model {@value #MODEL_ID} from the config's model store, with its device and threads (default 1).
     *
     * @throws ModelMissingException naming where it looked and how to fetch it
     */
    public static SileroVad load(ProviderConfig config) {
        Path where = config.requireModel(MODEL_ID);
        OnnxSessionConfig session = OnnxSessionConfig.builder().device(config.device())
                .intraOpThreads(config.threads() > 0 ? config.threads() : 1).build();
        return open(where, session);
    }

    /** Whether {@link #load} would find a model file; never throws, never loads the model. */
    public static Availability availability(ProviderConfig config) {
        try {
            Optional<Path> where = config.findModel(MODEL_ID);
            if (where.isEmpty()) {
                return Availability.no("model '" + MODEL_ID + "' not found; looked in "
                        + config.models().candidates(MODEL_ID) + ". Get it with: echollama models fetch " + MODEL_ID);
            }
            Optional<Path> file = resolveFile(where.get());
            if (file.isEmpty()) {
                return Availability.no("model folder " + where.get() + " for '" + MODEL_ID + "' holds none of "
                        + FILE_NAMES + ". Get it with: echollama models fetch " + MODEL_ID);
            }
            return Availability.yes("Silero VAD at " + file.get());
        } catch (RuntimeException e) {
            return Availability.no("cannot check model '" + MODEL_ID + "': " + e);
        }
    }

    static Optional<Path> resolveFile(Path fileOrFolder) {
        if (Files.isRegularFile(fileOrFolder)) {
            return Optional.of(fileOrFolder);
        }
        if (Files.isDirectory(fileOrFolder)) {
            for (String name : FILE_NAMES) {
                for (Path p : List.of(fileOrFolder.resolve(name), fileOrFolder.resolve("onnx").resolve(name))) {
                    if (Files.isRegularFile(p)) {
                        return Optional.of(p);
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** A new stream with {@link VadOptions#defaults()}. */
    public VadStream stream() {
        return stream(VadOptions.defaults());
    }

    /** A new stream with {@code options}. */
    public VadStream stream(VadOptions options) {
        if (options == null) {
            throw new BadInputException("VAD options are null");
        }
        ensureOpen();
        return new VadStream(this, options);
    }

    /** The utterances of {@code clip} with {@link VadOptions#defaults()}. */
    public List<SpeechSegment> segments(AudioClip clip) {
        return segments(clip, VadOptions.defaults());
    }

    /**
     * The utterances of {@code clip} (any rate; resampled to 16 kHz), in order, not overlapping, in the clip's
     * seconds. Empty or silent audio gives an empty list. The result is exactly what a {@link VadStream} fed the
     * resampled clip reports.
     */
    public List<SpeechSegment> segments(AudioClip clip, VadOptions options) {
        AudioClip audio = to16k(clip);
        VadStream stream = stream(options);
        List<VadEvent> events = new ArrayList<>();
        float[] samples = new float[Math.min(audio.length(), 1 << 16)];
        for (int from = 0; from < audio.length(); from += samples.length) {
            int n = Math.min(samples.length, audio.length() - from);
            for (int i = 0; i < n; i++) {
                samples[i] = audio.sample(from + i);
            }
            events.addAll(stream.accept(samples, 0, n));
        }
        events.addAll(stream.finish());
        List<SpeechSegment> out = new ArrayList<>();
        double duration = clip.durationSeconds();
        for (int i = 0; i + 1 < events.size(); i += 2) {
            double start = Math.min(events.get(i).seconds(), duration);
            double end = Math.min(events.get(i + 1).seconds(), duration);
            if (end > start) {
                out.add(new SpeechSegment(start, end));
            }
        }
        return out;
    }

    /** The speech probability of each 512-sample (32 ms) chunk of {@code clip} at 16 kHz, the last zero-padded. */
    public float[] probabilities(AudioClip clip) {
        AudioClip audio = to16k(clip);
        int chunks = (audio.length() + CHUNK - 1) / CHUNK;
        float[] out = new float[chunks];
        float[] input = new float[CONTEXT + CHUNK];
        float[] state = new float[STATE_SIZE];
        for (int c = 0; c < chunks; c++) {
            System.arraycopy(input, CHUNK, input, 0, CONTEXT);
            int from = c * CHUNK;
            for (int i = 0; i < CHUNK; i++) {
                input[CONTEXT + i] = from + i < audio.length() ? audio.sample(from + i) : 0f;
            }
            out[c] = step(input, state);
        }
        return out;
    }

    private static AudioClip to16k(AudioClip clip) {
        if (clip == null) {
            throw new BadInputException("audio clip is null");
        }
        return clip.resampled(SAMPLE_RATE);
    }

    /** One model step: {@code input} is the 576 samples, {@code state} is read and replaced by the new state. */
    float step(float[] input, float[] state) {
        try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), new long[] {1, input.length});
             OnnxTensor s = OnnxTensor.createTensor(env, FloatBuffer.wrap(state), new long[] {2, 1, 128});
             OrtSession.Result r = model.run(Map.of("input", x, "state", s, "sr", sampleRate))) {
            float p = ((OnnxTensor) r.get("output").orElseThrow()).getFloatBuffer().get(0);
            FloatBuffer next = ((OnnxTensor) r.get("stateN").orElseThrow()).getFloatBuffer();
            if (next.remaining() != STATE_SIZE) {
                throw new InferenceException("Silero VAD " + model.path() + " returned a state of "
                        + next.remaining() + " values, expected " + STATE_SIZE);
            }
            next.get(state);
            if (!(p >= 0 && p <= 1)) {
                throw new InferenceException("Silero VAD " + model.path() + " returned probability " + p);
            }
            return p;
        } catch (OrtException e) {
            throw new InferenceException("cannot build Silero VAD input tensors: " + e.getMessage(), e);
        }
    }

    private void ensureOpen() {
        model.inputs(); // throws IllegalStateException once closed
    }

    /** The model file. */
    public Path path() {
        return model.path();
    }

    @Override
    public void close() {
        // OnnxModel.close waits for runs in progress, so the shared sr tensor is no longer read after it.
        if (closed.compareAndSet(false, true)) {
            model.close();
            sampleRate.close();
        }
    }

    @Override
    public String toString() {
        return "SileroVad[" + model.path().getFileName() + "]";
    }
}

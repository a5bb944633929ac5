package dev.echollama;

import dev.echollama.image.RgbImage;
import dev.echollama.language.ChatMessage;
import dev.echollama.language.GenerationOptions;
import dev.echollama.language.Grounding;
import dev.echollama.language.GroundingChecker;
import dev.echollama.language.LanguageRequest;
import dev.echollama.language.SceneContext;
import dev.echollama.language.SceneLanguageModel;
import dev.echollama.language.SceneLanguageModelProvider;
import dev.echollama.scene.MatrixFormatter;
import dev.echollama.scene.SceneMatrix;
import dev.echollama.scene.SceneMatrixBuilder;
import dev.echollama.scene.ScenePrompt;
import dev.echollama.scene.ScenePromptBuilder;
import dev.echollama.spi.ProviderConfig;
import dev.echollama.spi.Providers;
import dev.echollama.spi.StageProvider;
import dev.echollama.speech.SpeechSynthesizer;
import dev.echollama.speech.SpeechSynthesizerProvider;
import dev.echollama.speech.Transcriber;
import dev.echollama.speech.TranscriberProvider;
import dev.echollama.vision.Caption;
import dev.echollama.vision.CaptionRequest;
import dev.echollama.vision.Captioner;
import dev.echollama.vision.CaptionerProvider;
import dev.echollama.vision.DepthEstimator;
import dev.echollama.vision.DepthEstimatorProvider;
import dev.echollama.vision.DepthMap;
import dev.echollama.vision.Detection;
import dev.echollama.vision.Detector;
import dev.echollama.vision.DetectorProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picture in, spoken description out: detection, depth and caption (concurrently), the scene matrix and prompt,
 * the language model streaming text, and speech for each sentence while the model writes the next.
 *
 * <pre>{@code
 * try (EchoPipeline pipeline = EchoPipeline.builder().build()) {
 *     Narration n = pipeline.describe(image);
 *     try (EchoSession chat = pipeline.session(image)) {
 *         Answer a = chat.ask("What is on my left?");
 *     }
 * }
 * }</pre>
 *
 * <h2>Stages</h2>
 * Every stage is optional. The builder takes each as an instance, as a provider name, or (by default) lets
 * {@link Providers#select} choose the best available provider. A stage with no available provider is
 * <em>skipped</em>: its reason is recorded ({@link #skippedStages()}) and logged once, and its result is absent,
 * never invented (no depth: no z in the matrix; no captioner: an empty caption; no synthesizer: text without
 * audio). A provider asked for by name that cannot be had is a {@link ProviderNotFoundException} from
 * {@link Builder#build()}. Without a language model {@link #analyze} still works, but describing and answering
 * throw {@link ProviderNotFoundException}.
 *
 * <h2>Ownership</h2>
 * Stage instances given to the builder stay the caller's: the pipeline never closes them. Stages the pipeline
 * created from providers are its own and {@link #close()} closes them. The same holds for the executor.
 *
 * <h2>Threading</h2>
 * Thread-safe: any number of calls may run at once (the stages are thread-safe by contract). Work runs on the
 * executor; no task on it ever waits for another task, so any executor works, but speech overlaps generation
 * only when it has at least two threads. Streaming calls return at once with a {@link NarrationHandle}; argument
 * errors (a null image, a closed pipeline, a missing language model) are thrown at once, everything later goes
 * to the listener's {@code onError}.
 *
 * <h2>Errors</h2>
 * A stage that fails gives an {@link InferenceException} whose message starts with the stage
 * ({@code "depth stage failed: ..."}); a stage that refuses its input gives a {@link BadInputException}, also
 * naming the stage.
 */
public final class EchoPipeline implements AutoCloseable {
    /** The sample rate given to the empty audio of narrations without a synthesizer. */
    static final int SILENT_SAMPLE_RATE = 16_000;

    private static final Logger LOG = LoggerFactory.getLogger(EchoPipeline.class);
    private static final Caption NO_CAPTION = new Caption("", "none");

    private final Detector detector;
    private final DepthEstimator depthEstimator;
    private final Captioner captioner;
    private final SceneLanguageModel languageModel;
    private final SpeechSynthesizer synthesizer;
    private final Transcriber transcriber;
    private final List<AutoCloseable> owned;
    private final Map<Stage, SkippedStage> skipped;
    private final Map<Stage, Duration> loadTimes;
    private final SceneMatrixBuilder matrixBuilder;
    private final ScenePromptBuilder promptBuilder;
    private final GenerationOptions options;
    private final ExecutorService executor;
    private final boolean ownsExecutor;
    private final GroundingChecker groundingChecker;
    private final Set<NarrationHandle<?>> active = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();

    private EchoPipeline(Builder b, Resolved r, SceneMatrixBuilder matrixBuilder, ScenePromptBuilder promptBuilder) {
        this.detector = r.detector;
        this.depthEstimator = r.depthEstimator;
        this.captioner = r.captioner;
        this.languageModel = r.languageModel;
        this.synthesizer = r.synthesizer;
        this.transcriber = r.transcriber;
        this.owned = List.copyOf(r.owned);
        this.skipped = Collections.unmodifiableMap(new EnumMap<>(r.skipped));
        this.loadTimes = Collections.unmodifiableMap(new EnumMap<>(r.loadTimes));
        this.matrixBuilder = matrixBuilder;
        this.promptBuilder = promptBuilder;
        this.options = b.options;
        this.ownsExecutor = b.executor == null;
        this.executor = ownsExecutor ? Executors.newCachedThreadPool(new DaemonThreads()) : b.executor;
        this.groundingChecker = b.groundingChecker;
    }

    public static Builder builder() {
        return new Builder();
    }

    // ---------------------------------------------------------------- public API

    /**
     * Runs the vision stages on {@code image} (detection, depth and a captioner that does not use evidence at
     * once; a captioner that {@linkplain Captioner#usesEvidence() uses evidence} after them, given the detections
     * that pass the threshold and the depth map), then builds the matrix and the prompt. Blocks until done.
     *
     * @throws BadInputException     if the image is null or a stage refuses it
     * @throws InferenceException    if a stage fails (the message names it)
     * @throws IllegalStateException if the pipeline is closed
     */
    public SceneAnalysis analyze(RgbImage image) {
        checkOpen();
        requireImage(image);
        try {
            return analyzeAsync(image, TimingsRecorder.startingNow()).join();
        } catch (CompletionException | RejectedExecutionException e) {
            throw failure(e);
        }
    }

    /**
     * Describes the place in {@code image} and speaks the description; blocks until the last sentence is spoken.
     *
     * @throws ProviderNotFoundException if there is no language model
     * @see #describe(RgbImage, NarrationListener)
     */
    public Narration describe(RgbImage image) {
        return describe(image, NarrationListener.none()).await();
    }

    /**
     * Streaming {@link #describe(RgbImage)}: returns at once; text, sentences and audio reach {@code listener} as
     * they are produced (see {@link NarrationListener} for order and threading). {@link Timings#firstAudio()} is
     * measured from this call.
     *
     * @param listener may be null (nothing is reported; use the handle)
     * @throws BadInputException         if the image is null
     * @throws ProviderNotFoundException if there is no language model
     * @throws IllegalStateException     if the pipeline is closed
     */
    public NarrationHandle<Narration> describe(RgbImage image, NarrationListener listener) {
        checkOpen();
        requireImage(image);
        requireLanguageModel();
        TimingsRecorder timings = TimingsRecorder.startingNow();
        NarrationHandle<Narration> handle = newHandle(listener, null);
        try {
            analyzeAsync(image, timings).whenComplete((scene, error) -> {
                if (error != null) {
                    handle.fail(failure(error));
                } else {
                    execute(handle, () -> narrate(scene, handle, timings));
                }
            });
        } catch (RuntimeException e) {
            handle.fail(failure(e));
        }
        return handle;
    }

    /**
     * Describes an already analysed scene (for example one shown to the user first). Its timings hold only the
     * language and speech steps of this call.
     *
     * @see #describe(RgbImage, NarrationListener)
     */
    public NarrationHandle<Narration> describe(SceneAnalysis scene, NarrationListener listener) {
        checkOpen();
        if (scene == null) {
            throw new BadInputException("scene analysis is null");
        }
        requireLanguageModel();
        TimingsRecorder timings = TimingsRecorder.startingNow();
        NarrationHandle<Narration> handle = newHandle(listener, null);
        execute(handle, () -> narrate(scene, handle, timings));
        return handle;
    }

    /**
     * Analyses {@code image} (blocking) and opens a conversation about it. The description is generated when
     * {@link EchoSession#describe()} is called or, failing that, before the first answer.
     *
     * @throws ProviderNotFoundException if there is no language model
     */
    public EchoSession session(RgbImage image) {
        checkOpen();
        requireLanguageModel();
        return new EchoSession(this, analyze(image));
    }

    /** Opens a conversation about an already analysed scene. */
    public EchoSession session(SceneAnalysis scene) {
        checkOpen();
        if (scene == null) {
            throw new BadInputException("scene analysis is null");
        }
        requireLanguageModel();
        return new EchoSession(this, scene);
    }

    /** The stages this pipeline runs without, with the reason, in {@link Stage} order. */
    public List<SkippedStage> skippedStages() {
        return List.copyOf(skipped.values());
    }

    /**
     * How long creating each provider-made stage took (model loading), in {@link Stage} order. Stages given as
     * instances or skipped are not in it.
     */
    public Map<Stage, Duration> loadTimes() {
        return loadTimes;
    }

    /**
     * Cancels narrations under way, stops the executor if the pipeline made it (waiting up to 10 s for running
     * stage calls), and closes the stages it created from providers. Idempotent; stage instances and an executor
     * given to the builder are left open.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (NarrationHandle<?> h : List.copyOf(active)) {
            h.cancel();
        }
        if (ownsExecutor) {
            executor.shutdown();
            try {
                if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                    LOG.warn("pipeline threads still busy after 10 s; interrupting them");
                    executor.shutdownNow();
                }
            } catch (InterruptedException e) {
                executor.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
        for (int i = owned.size() - 1; i >= 0; i--) {
            try {
                owned.get(i).close();
            } catch (Exception e) {
                LOG.warn("closing {} failed", owned.get(i).getClass().getName(), e);
            }
        }
    }

    // ---------------------------------------------------------------- analysis

    private CompletableFuture<SceneAnalysis> analyzeAsync(RgbImage image, TimingsRecorder timings) {
        CompletableFuture<List<Detection>> detections = detector == null
                ? CompletableFuture.completedFuture(List.of())
                : CompletableFuture.supplyAsync(() -> detect(image, timings), executor);
        CompletableFuture<Optional<DepthMap>> depth = depthEstimator == null
                ? CompletableFuture.completedFuture(Optional.empty())
                : CompletableFuture.supplyAsync(() -> Optional.of(estimate(image, timings)), executor);
        CompletableFuture<Caption> caption;
        if (captioner == null) {
            caption = CompletableFuture.completedFuture(NO_CAPTION);
        } else if (captioner.usesEvidence()) {
            caption = detections.thenCombine(depth, (d, m) -> new CaptionRequest(image, passing(d), m))
                    .thenApplyAsync(request -> caption(request, timings), executor);
        } else {
            caption = CompletableFuture.supplyAsync(() -> caption(CaptionRequest.of(image), timings), executor);
        }
        return CompletableFuture.allOf(detections, depth, caption).thenApply(v ->
                assemble(image, detections.join(), depth.join(), caption.join(), timings));
    }

    private List<Detection> detect(RgbImage image, TimingsRecorder timings) {
        long t0 = System.nanoTime();
        try {
            List<Detection> out = detector.detect(image);
            if (out == null) {
                throw new InferenceException(StageFailure.name(Stage.DETECTION) + " failed: "
                        + detector.getClass().getName() + " returned null instead of a list");
            }
            return List.copyOf(out);
        } catch (RuntimeException e) {
            throw StageFailure.wrap(Stage.DETECTION, e);
        } finally {
            timings.detection = TimingsRecorder.since(t0);
        }
    }

    private DepthMap estimate(RgbImage image, TimingsRecorder timings) {
        long t0 = System.nanoTime();
        try {
            DepthMap map = depthEstimator.estimate(image);
            if (map == null) {
                throw new InferenceException(StageFailure.name(Stage.DEPTH) + " failed: "
                        + depthEstimator.getClass().getName() + " returned null instead of a depth map");
            }
            return map;
        } catch (RuntimeException e) {
            throw StageFailure.wrap(Stage.DEPTH, e);
        } finally {
            timings.depth = TimingsRecorder.since(t0);
        }
    }

    private Caption caption(CaptionRequest request, TimingsRecorder timings) {
        long t0 = System.nanoTime();
        try {
            Caption c = captioner.caption(request);
            if (c == null) {
                throw new InferenceException(StageFailure.name(Stage.CAPTION) + " failed: "
                        + captioner.getClass().getName() + " returned null instead of a caption");
            }
            return c;
        } catch (RuntimeException e) {
            throw StageFailure.wrap(Stage.CAPTION, e);
        } finally {
            timings.caption = TimingsRecorder.since(t0);
        }
    }

    private List<Detection> passing(List<Detection> detections) {
        return detections.stream().filter(matrixBuilder::accepts).toList();
    }

    private SceneAnalysis assemble(RgbImage image, List<Detection> detections, Optional<DepthMap> depth,
                                   Caption caption, TimingsRecorder timings) {
        long t0 = System.nanoTime();
        SceneMatrix matrix = matrixBuilder.build(detections, depth);
        long t1 = System.nanoTime();
        timings.matrix = Duration.ofNanos(t1 - t0);
        ScenePrompt prompt = promptBuilder.build(caption.text(), matrix);
        timings.prompt = TimingsRecorder.since(t1);
        List<SkippedStage> visionSkipped = new ArrayList<>();
        for (Stage s : List.of(Stage.DETECTION, Stage.DEPTH, Stage.CAPTION)) {
            if (skipped.containsKey(s)) {
                visionSkipped.add(skipped.get(s));
            }
        }
        return new SceneAnalysis(image.width(), image.height(), detections, depth, caption, matrix, prompt,
                visionSkipped, timings.build());
    }

    // ---------------------------------------------------------------- narration (shared with EchoSession)

    private void narrate(SceneAnalysis scene, NarrationHandle<Narration> handle, TimingsRecorder timings) {
        if (handle.stopped()) {
            return;
        }
        speakTurn(sceneRequest(scene), scene.context(), handle, timings, (result, narration) -> narration);
    }

    /** The §6.1 first turn: system prompt and the scene prompt. */
    LanguageRequest sceneRequest(SceneAnalysis scene) {
        return new LanguageRequest(List.of(ChatMessage.system(scene.prompt().system()),
                ChatMessage.user(scene.prompt().user())), Optional.of(scene.context()), options);
    }

    /**
     * Generates {@code request} on the calling thread with speech overlapping, then ends {@code handle} with
     * what {@code finisher} makes of the result (called only on success, before the handle completes).
     */
    <T> void speakTurn(LanguageRequest request, SceneContext context, NarrationHandle<T> handle,
                       TimingsRecorder timings, BiFunction<SpokenTurn.Result, Narration, T> finisher) {
        SpokenTurn turn = new SpokenTurn(languageModel, synthesizer, executor, handle, timings);
        turn.run(request).whenComplete((result, error) -> {
            if (error != null) {
                handle.fail(failure(error));
                return;
            }
            try {
                String text = result.generation().text();
                Narration narration = new Narration(text, result.sentences(), result.audio(),
                        ground(text, context), timings.build());
                if (!handle.stopped()) {
                    handle.complete(finisher.apply(result, narration), narration);
                }
            } catch (RuntimeException e) {
                handle.fail(failure(e));
            }
        });
    }

    private Grounding ground(String text, SceneContext context) {
        if (groundingChecker == null) {
            return Grounding.clean();
        }
        try {
            Grounding g = groundingChecker.check(text, context);
            if (g == null) {
                throw new InferenceException("grounding check failed: "
                        + groundingChecker.getClass().getName() + " returned null");
            }
            return g;
        } catch (EchoException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new InferenceException("grounding check failed: " + e, e);
        }
    }

    /** A handle registered as active until it ends (and in {@code alsoIn}, when given). */
    <T> NarrationHandle<T> newHandle(NarrationListener listener, Set<NarrationHandle<?>> alsoIn) {
        NarrationHandle<T> handle = new NarrationHandle<>(listener, h -> {
            active.remove(h);
            if (alsoIn != null) {
                alsoIn.remove(h);
            }
        });
        active.add(handle);
        if (alsoIn != null) {
            alsoIn.add(handle);
        }
        if (closed.get()) {
            handle.cancel();
        }
        return handle;
    }

    /** Runs {@code task} on the executor; whatever it throws, or a refusal to run it, ends {@code handle}. */
    void execute(NarrationHandle<?> handle, Runnable task) {
        try {
            executor.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    handle.fail(failure(e));
                }
            });
        } catch (RejectedExecutionException e) {
            handle.fail(new IllegalStateException("the pipeline is closed", e));
        }
    }

    static RuntimeException failure(Throwable e) {
        Throwable t = StageFailure.unwrap(e);
        if (t instanceof RejectedExecutionException) {
            return new IllegalStateException("the pipeline is closed", t);
        }
        return StageFailure.surface(t);
    }

    SceneLanguageModel languageModel() {
        return languageModel;
    }

    Transcriber transcriber() {
        return transcriber;
    }

    GenerationOptions options() {
        return options;
    }

    Optional<SkippedStage> skippedStage(Stage stage) {
        return Optional.ofNullable(skipped.get(stage));
    }

    void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException("this EchoPipeline is closed");
        }
    }

    private void requireLanguageModel() {
        if (languageModel == null) {
            SkippedStage s = skipped.get(Stage.LANGUAGE);
            throw new ProviderNotFoundException("this pipeline has no scene language model, so it cannot describe "
                    + "or answer: " + (s == null ? "none configured" : s.reason()));
        }
    }

    private static void requireImage(RgbImage image) {
        if (image == null) {
            throw new BadInputException("image is null");
        }
    }

    // ---------------------------------------------------------------- building

    /** How the builder gets one stage. */
    private record Choice(Object instance, String name, boolean disabled) {
        static final Choice AUTO = new Choice(null, null, false);
    }

    /** The stages as resolved by {@link Builder#build()}. */
    private static final class Resolved {
        Detector detector;
        DepthEstimator depthEstimator;
        Captioner captioner;
        SceneLanguageModel languageModel;
        SpeechSynthesizer synthesizer;
        Transcriber transcriber;
        final List<AutoCloseable> owned = new ArrayList<>();
        final Map<Stage, SkippedStage> skipped = new EnumMap<>(Stage.class);
        final Map<Stage, Duration> loadTimes = new EnumMap<>(Stage.class);

        void closeOwned() {
            for (int i = owned.size() - 1; i >= 0; i--) {
                try {
                    owned.get(i).close();
                } catch (Exception e) {
                    LOG.warn("closing {} failed", owned.get(i).getClass().getName(), e);
                }
            }
        }
    }

    /**
     * Configures a pipeline. Mutable, not thread-safe; {@link #build()} validates and names what is wrong. For
     * each stage the last call wins among the instance, the provider name and {@link #without(Stage)}.
     */
    public static final class Builder {
        private final Map<Stage, Choice> choices = new EnumMap<>(Stage.class);
        private ProviderConfig config;
        private Double threshold;
        private int rows = 2;
        private int columns = 3;
        private MatrixFormatter formatter;
        private String systemPrompt;
        private GenerationOptions options = GenerationOptions.paper();
        private ExecutorService executor;
        private GroundingChecker groundingChecker = GroundingChecker.standard();

        private Builder() {
        }

        /** Uses this detector; the caller keeps ownership and closes it after the pipeline. */
        public Builder detector(Detector detector) {
            return instance(Stage.DETECTION, detector);
        }

        /** Creates the detector from the provider with this name (it must be available). */
        public Builder detector(String providerName) {
            return named(Stage.DETECTION, providerName);
        }

        public Builder depthEstimator(DepthEstimator depthEstimator) {
            return instance(Stage.DEPTH, depthEstimator);
        }

        public Builder depthEstimator(String providerName) {
            return named(Stage.DEPTH, providerName);
        }

        public Builder captioner(Captioner captioner) {
            return instance(Stage.CAPTION, captioner);
        }

        public Builder captioner(String providerName) {
            return named(Stage.CAPTION, providerName);
        }

        public Builder languageModel(SceneLanguageModel languageModel) {
            return instance(Stage.LANGUAGE, languageModel);
        }

        public Builder languageModel(String providerName) {
            return named(Stage.LANGUAGE, providerName);
        }

        public Builder speechSynthesizer(SpeechSynthesizer speechSynthesizer) {
            return instance(Stage.SPEECH, speechSynthesizer);
        }

        public Builder speechSynthesizer(String providerName) {
            return named(Stage.SPEECH, providerName);
        }

        public Builder transcriber(Transcriber transcriber) {
            return instance(Stage.TRANSCRIPTION, transcriber);
        }

        public Builder transcriber(String providerName) {
            return named(Stage.TRANSCRIPTION, providerName);
        }

        /** Runs without {@code stage} even if a provider is available; it is reported as disabled by the caller. */
        public Builder without(Stage stage) {
            choices.put(requireStage(stage), new Choice(null, null, true));
            return this;
        }

        /** The device, model locations and options handed to providers; default {@link ProviderConfig#defaults()}. */
        public Builder config(ProviderConfig config) {
            this.config = config;
            return this;
        }

        /**
         * The score from which a detection enters the matrix, in [0, 1]. Default: the detector's
         * {@link Detector#matrixThreshold()} (0.90 for the paper's DETR), or 0.90 without a detector.
         */
        public Builder detectionThreshold(double threshold) {
            this.threshold = threshold;
            return this;
        }

        /** The matrix grid; default 2 rows × 3 columns (the paper's). */
        public Builder grid(int rows, int columns) {
            this.rows = rows;
            this.columns = columns;
            return this;
        }

        /** How the matrix is written into the prompt; default {@link MatrixFormatter#standard()}. */
        public Builder matrixFormatter(MatrixFormatter formatter) {
            this.formatter = formatter;
            return this;
        }

        /** The system prompt; default the paper's ({@link ScenePromptBuilder#PAPER_SYSTEM_PROMPT}). */
        public Builder systemPrompt(String systemPrompt) {
            this.systemPrompt = systemPrompt;
            return this;
        }

        /** Sampling for descriptions and answers; default {@link GenerationOptions#paper()}. */
        public Builder generationOptions(GenerationOptions options) {
            this.options = options;
            return this;
        }

        /**
         * Where stage calls run. The caller keeps ownership (the pipeline never shuts it down). Default: a cached
         * pool of daemon threads owned by the pipeline.
         */
        public Builder executor(ExecutorService executor) {
            this.executor = executor;
            return this;
        }

        /**
         * Checks every narration and answer against the scene; {@link GroundingChecker#standard()} by default.
         * {@code null} turns checking off: every result then carries {@link Grounding#clean()}, which means
         * "not checked", not "checked and clean".
         */
        public Builder groundingChecker(GroundingChecker checker) {
            this.groundingChecker = checker;
            return this;
        }

        /**
         * Validates the settings, then resolves every stage (creating provider-made ones, which may load models).
         * Stages created before a failure are closed again.
         *
         * @throws BadInputException         for a bad grid, threshold, options or prompt
         * @throws ProviderNotFoundException if a provider asked for by name is unknown or unavailable
         * @throws ModelException            if a chosen provider cannot load its model
         */
        public EchoPipeline build() {
            if (options == null) {
                throw new BadInputException("generation options are null");
            }
            if (threshold != null && !(threshold >= 0 && threshold <= 1)) {
                throw new BadInputException("detection threshold must be in [0, 1], got " + threshold);
            }
            SceneMatrixBuilder.of(rows, columns, 0.9); // validates the grid before any model loads
            ScenePromptBuilder prompts = ScenePromptBuilder.paper();
            if (formatter != null) {
                prompts = prompts.withFormatter(formatter);
            }
            if (systemPrompt != null) {
                prompts = prompts.withSystemPrompt(systemPrompt);
            }
            ProviderConfig cfg = config != null ? config : ProviderConfig.defaults();
            Resolved r = new Resolved();
            try {
                r.detector = resolve(Stage.DETECTION, Detector.class, DetectorProvider.class, cfg, r);
                r.depthEstimator = resolve(Stage.DEPTH, DepthEstimator.class, DepthEstimatorProvider.class, cfg, r);
                r.captioner = resolve(Stage.CAPTION, Captioner.class, CaptionerProvider.class, cfg, r);
                r.languageModel = resolve(Stage.LANGUAGE, SceneLanguageModel.class,
                        SceneLanguageModelProvider.class, cfg, r);
                r.synthesizer = resolve(Stage.SPEECH, SpeechSynthesizer.class, SpeechSynthesizerProvider.class,
                        cfg, r);
                r.transcriber = resolve(Stage.TRANSCRIPTION, Transcriber.class, TranscriberProvider.class, cfg, r);
                double t = threshold != null ? threshold
                        : r.detector != null ? r.detector.matrixThreshold() : SceneMatrixBuilder.PAPER_THRESHOLD;
                SceneMatrixBuilder matrix = SceneMatrixBuilder.of(rows, columns, t);
                for (SkippedStage s : r.skipped.values()) {
                    LOG.info("EchoLLaMA pipeline runs without its {} stage: {}", StageFailure.lower(s.stage()),
                            s.reason());
                }
                return new EchoPipeline(this, r, matrix, prompts);
            } catch (RuntimeException e) {
                r.closeOwned();
                throw e;
            }
        }

        private <S extends AutoCloseable, P extends StageProvider<S>> S resolve(
                Stage stage, Class<S> type, Class<P> providerType, ProviderConfig cfg, Resolved r) {
            Choice choice = choices.getOrDefault(stage, Choice.AUTO);
            if (choice.instance() != null) {
                return type.cast(choice.instance());
            }
            if (choice.disabled()) {
                r.skipped.put(stage, new SkippedStage(stage, "disabled by the caller"));
                return null;
            }
            P provider;
            if (choice.name() != null) {
                provider = Providers.select(providerType, choice.name(), cfg);
            } else {
                try {
                    provider = Providers.select(providerType, null, cfg);
                } catch (ProviderNotFoundException e) {
                    r.skipped.put(stage, new SkippedStage(stage, e.getMessage()));
                    return null;
                }
            }
            long t0 = System.nanoTime();
            S created = provider.create(cfg);
            if (created == null) {
                throw new ProviderNotFoundException(providerType.getSimpleName() + " '" + provider.name()
                        + "' created nothing (null)");
            }
            r.owned.add(created);
            r.loadTimes.put(stage, TimingsRecorder.since(t0));
            return created;
        }

        private Builder instance(Stage stage, Object instance) {
            if (instance == null) {
                throw new BadInputException(StageFailure.lower(stage) + " stage instance is null; use without("
                        + "Stage." + stage + ") to run without it");
            }
            choices.put(stage, new Choice(instance, null, false));
            return this;
        }

        private Builder named(Stage stage, String providerName) {
            if (providerName == null || providerName.isBlank()) {
                throw new BadInputException(StageFailure.lower(stage) + " provider name is blank");
            }
            choices.put(stage, new Choice(null, providerName.strip(), false));
            return this;
        }

        private static Stage requireStage(Stage stage) {
            if (stage == null) {
                throw new BadInputException("stage is null");
            }
            return stage;
        }
    }

    /** Daemon threads so that a forgotten pipeline never keeps the JVM alive. */
    private static final class DaemonThreads implements ThreadFactory {
        private static final AtomicInteger POOLS = new AtomicInteger();
        private final int pool = POOLS.incrementAndGet();
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "echollama-" + pool + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }
}

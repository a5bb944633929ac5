package dev.echollama.cli.dataset;

import dev.echollama.BadInputException;
import dev.echollama.EchoException;
import dev.echollama.EchoPipeline;
import dev.echollama.InferenceException;
import dev.echollama.SceneAnalysis;
import dev.echollama.image.Images;
import dev.echollama.image.RgbImage;
import dev.echollama.language.ChatMessage;
import dev.echollama.language.Generation;
import dev.echollama.language.GenerationOptions;
import dev.echollama.language.LanguageRequest;
import dev.echollama.language.SceneLanguageModel;
import dev.echollama.language.TokenSink;
import dev.echollama.llm.openai.HttpStatusException;
import dev.echollama.scene.MatrixFormatter;
import dev.echollama.scene.ScenePrompt;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the paper's §6.1 DPO dataset: for each image, the vision stages and the §6.1 prompt; then the same
 * system prompt and prompt sent to the chosen model (the stronger one, DeepSeek-V3 in the paper) and the rejected
 * model (the base Llama-3.2-1B-Instruct), both with the paper's sampling (max 1024 new tokens, temperature 0.7,
 * top-p 0.95, unless {@link Builder#generationOptions} says otherwise); one {@link DpoRecord} per image appended to
 * a JSON Lines file.
 *
 * <h2>Resuming and crash safety</h2>
 * The file is the only state. A run skips every image whose record (by {@link DpoRecord#image()}) is already in
 * it, so running the same command again after a kill, a crash or failures only adds what is missing and never
 * duplicates a record. Records are appended whole and synced one by one; a torn last line left by a kill is cut off
 * before anything is appended. The file is locked while a run writes it. Records appear in the order they finish,
 * not in input order.
 *
 * <h2>Failures</h2>
 * An image that does not decode, or that a vision stage refuses, is listed in the report and skipped; it never
 * stops the batch. A model call that fails ({@link InferenceException}, an empty reply) is retried
 * {@link Builder#retries} times with exponential backoff; a model that refuses the request itself
 * ({@link BadInputException}, e.g. a prompt over its context) is not retried. A refusal every image would share (an
 * HTTP 401 / 403 / 404 from the endpoint: key, URL or model name wrong) or a failure to write the file stops the run
 * early: images under way finish, no new one starts, and the report says why.
 *
 * <h2>Threading and ownership</h2>
 * {@link #run} processes up to {@link Builder#concurrency} images at once and blocks until done. The pipeline
 * and the two models are the caller's: they are used concurrently (their contracts make them thread-safe) and
 * never closed here. One builder may run several times, one run at a time per output file.
 */
public final class DpoDatasetBuilder {
    private static final Logger LOG = LoggerFactory.getLogger(DpoDatasetBuilder.class);

    private final EchoPipeline vision;
    private final SceneLanguageModel chosen;
    private final SceneLanguageModel rejected;
    private final GenerationOptions options;
    private final int concurrency;
    private final int retries;
    private final Duration backoff;
    private final DpoLayout layout;
    private final MatrixFormatter formatter;
    private final DatasetProgress progress;

    private DpoDatasetBuilder(Builder b) {
        this.vision = b.vision;
        this.chosen = b.chosen;
        this.rejected = b.rejected;
        this.options = b.options;
        this.concurrency = b.concurrency;
        this.retries = b.retries;
        this.backoff = b.backoff;
        this.layout = b.layout;
        this.formatter = b.formatter;
        this.progress = b.progress;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Writes the records of {@code images} that {@code out} lacks.
     *
     * @param root   the image folder: record keys are paths relative to it ({@code /}-separated); an image outside
     *               it is keyed by its file name
     * @param images the images, in the order they are started
     * @param out    the JSON Lines file; created with its folders when missing
     * @return what was done; failures are in it, not thrown
     * @throws BadInputException if {@code out} is locked by another run or holds a line that is not a record
     * @throws EchoException     if {@code out} cannot be opened
     */
    public DatasetReport run(Path root, List<Path> images, Path out) {
        if (root == null || images == null || out == null) {
            throw new BadInputException("root, images and out must not be null");
        }
        long t0 = System.nanoTime();
        JsonlAppender appender;
        try {
            appender = JsonlAppender.open(out, "image");
        } catch (IOException e) {
            throw new EchoException("cannot open the dataset file " + out + ": " + e, e);
        }
        Run run = new Run(appender);
        try (appender) {
            if (appender.cutBytes() > 0) {
                LOG.warn("{}: cut a torn last line of {} bytes left by an interrupted run", out,
                        appender.cutBytes());
            }
            Set<String> done = appender.keys();
            int already = 0;
            for (Path image : images) {
                String key = key(root, image);
                if (done.contains(key) || !run.seen.add(key)) {
                    already += done.contains(key) ? 1 : 0;
                    continue;
                }
                run.todo.add(new Task(image, key));
            }
            int total = already + run.todo.size();
            synchronized (progress) {
                progress.started(total, already);
            }
            run.execute();
            return new DatasetReport(total, already,
                    appender.appended(), run.failures(), appender.cutBytes(), Duration.ofNanos(System.nanoTime() - t0),
                    Optional.ofNullable(run.abort.get()));
        } catch (IOException e) {
            throw new EchoException("cannot close the dataset file " + out + ": " + e, e);
        } finally {
            synchronized (progress) {
                progress.close();
            }
        }
    }

    /** The record key: the path under {@code root}, {@code /}-separated. */
    static String key(Path root, Path image) {
        Path r = root.toAbsolutePath().normalize();
        Path i = image.toAbsolutePath().normalize();
        Path rel = i.startsWith(r) && !i.equals(r) ? r.relativize(i) : i.getFileName();
        List<String> parts = new ArrayList<>();
        rel.forEach(p -> parts.add(p.toString()));
        return String.join("/", parts);
    }

    private record Task(Path image, String key) {
    }

    /** One call of {@link #run}: the queue, the failures, the abort flag. */
    private final class Run {
        final JsonlAppender appender;
        final ConcurrentLinkedQueue<Task> todo = new ConcurrentLinkedQueue<>();
        final Set<String> seen = new java.util.HashSet<>();
        final List<DatasetReport.Failure> failures = new ArrayList<>(); // guarded by itself
        final AtomicReference<String> abort = new AtomicReference<>();

        Run(JsonlAppender appender) {
            this.appender = appender;
        }

        void execute() {
            int workers = Math.min(concurrency, Math.max(1, todo.size()));
            AtomicInteger n = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
                Thread t = new Thread(r, "echollama-dataset-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int i = 0; i < workers; i++) {
                    futures.add(pool.submit(this::work));
                }
                for (Future<?> f : futures) {
                    try {
                        f.get();
                    } catch (java.util.concurrent.ExecutionException e) {
                        abort.compareAndSet(null, "internal error: " + e.getCause());
                        LOG.error("dataset worker failed", e.getCause());
                    }
                }
            } catch (InterruptedException e) {
                abort.compareAndSet(null, "interrupted");
                pool.shutdownNow();
                Thread.currentThread().interrupt();
            } finally {
                pool.shutdownNow();
            }
        }

        private void work() {
            Task t;
            while (abort.get() == null && !Thread.currentThread().isInterrupted() && (t = todo.poll()) != null) {
                boolean ok;
                try {
                    ok = process(t);
                } catch (RuntimeException e) {
                    // a defect, not bad data: stop rather than fail every image the same way
                    LOG.error("dataset: unexpected failure on {}", t.key(), e);
                    abort.compareAndSet(null, "unexpected failure on " + t.key() + ": " + e);
                    ok = fail(t, DatasetReport.Step.VISION, e, 1);
                }
                synchronized (progress) {
                    progress.finished(t.key(), ok);
                }
            }
        }

        private boolean process(Task t) {
            RgbImage image;
            try {
                image = Images.read(t.image());
            } catch (BadInputException e) {
                return fail(t, DatasetReport.Step.DECODE, e, 1);
            }
            SceneAnalysis scene;
            try {
                scene = vision.analyze(image);
            } catch (EchoException e) {
                return fail(t, DatasetReport.Step.VISION, e, 1);
            }
            ScenePrompt prompt = scene.prompt();
            LanguageRequest request = new LanguageRequest(List.of(ChatMessage.system(prompt.system()),
                    ChatMessage.user(prompt.user())), Optional.of(scene.context()), options);
            String good = ask(t, chosen, request, DatasetReport.Step.CHOSEN);
            if (good == null) {
                return false;
            }
            String bad = ask(t, rejected, request, DatasetReport.Step.REJECTED);
            if (bad == null) {
                return false;
            }
            DpoRecord record = new DpoRecord(prompt.system(), prompt.user(), good, bad, t.key(),
                    formatter.format(scene.matrix()), scene.caption().text());
            try {
                appender.append(record.toJsonLine(layout));
                return true;
            } catch (IOException | RuntimeException e) {
                abort.compareAndSet(null, "cannot append to the dataset file: " + e);
                return fail(t, DatasetReport.Step.WRITE, e, 1);
            }
        }

        /** The reply text, or null after recording the failure. */
        private String ask(Task t, SceneLanguageModel model, LanguageRequest request, DatasetReport.Step step) {
            RuntimeException last = null;
            int attempt = 0;
            while (attempt <= retries && abort.get() == null) {
                if (attempt > 0 && !sleep(attempt)) {
                    break;
                }
                attempt++;
                try {
                    Generation g = model.generate(request, TokenSink.none());
                    if (g.finish() == Generation.Finish.CANCELLED) {
                        throw new InferenceException("the model stopped (cancelled) before finishing");
                    }
                    String text = g.text().strip();
                    if (text.isEmpty()) {
                        throw new InferenceException("the model replied with empty text");
                    }
                    return text;
                } catch (HttpStatusException e) {
                    abort.compareAndSet(null, step.name().toLowerCase(java.util.Locale.ROOT) + " model refused: "
                            + e.getMessage());
                    fail(t, step, e, attempt);
                    return null;
                } catch (BadInputException e) {
                    fail(t, step, e, attempt);
                    return null;
                } catch (EchoException e) {
                    // InferenceException and any other engine failure: worth another try
                    last = e;
                    LOG.debug("{}: {} model attempt {} failed: {}", t.key(), step, attempt, e.getMessage());
                } catch (IllegalStateException e) {
                    abort.compareAndSet(null, e.getMessage());
                    fail(t, step, e, attempt);
                    return null;
                }
            }
            fail(t, step, last != null ? last : new InferenceException("stopped before trying"), attempt);
            return null;
        }

        private boolean sleep(int attempt) {
            long ms = Math.min(backoff.toMillis() << Math.min(attempt - 1, 16), 60_000L);
            try {
                Thread.sleep(ms);
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                abort.compareAndSet(null, "interrupted");
                return false;
            }
        }

        private boolean fail(Task t, DatasetReport.Step step, Exception e, int attempts) {
            String msg = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            synchronized (failures) {
                failures.add(new DatasetReport.Failure(t.key(), step, msg, attempts));
            }
            return false;
        }

        List<DatasetReport.Failure> failures() {
            synchronized (failures) {
                return List.copyOf(failures);
            }
        }
    }

    /** Mutable, not thread-safe; {@link #build()} validates. */
    public static final class Builder {
        private EchoPipeline vision;
        private SceneLanguageModel chosen;
        private SceneLanguageModel rejected;
        private GenerationOptions options = GenerationOptions.paper();
        private int concurrency = 2;
        private int retries = 2;
        private Duration backoff = Duration.ofSeconds(1);
        private DpoLayout layout = DpoLayout.STANDARD;
        private MatrixFormatter formatter = MatrixFormatter.standard();
        private DatasetProgress progress = DatasetProgress.none();

        private Builder() {
        }

        /**
         * The pipeline whose vision stages ({@link EchoPipeline#analyze}) make the prompt; it needs no language
         * model, synthesizer or transcriber.
         */
        public Builder vision(EchoPipeline pipeline) {
            this.vision = pipeline;
            return this;
        }

        /** The model whose reply is {@code chosen} (DeepSeek-V3 in the paper). */
        public Builder chosen(SceneLanguageModel model) {
            this.chosen = model;
            return this;
        }

        /** The model whose reply is {@code rejected} (the base Llama-3.2-1B-Instruct in the paper). */
        public Builder rejected(SceneLanguageModel model) {
            this.rejected = model;
            return this;
        }

        /** Sampling for both models; default {@link GenerationOptions#paper()} (1024 tokens, 0.7, 0.95). */
        public Builder generationOptions(GenerationOptions options) {
            this.options = options;
            return this;
        }

        /** Images processed at once, 1..64; default 2. */
        public Builder concurrency(int n) {
            this.concurrency = n;
            return this;
        }

        /** Extra attempts after a model call fails, 0..20; default 2. */
        public Builder retries(int n) {
            this.retries = n;
            return this;
        }

        /** The wait before the first retry, doubled for each further one (capped at 60 s); default 1 s. */
        public Builder retryBackoff(Duration d) {
            this.backoff = d;
            return this;
        }

        /** Default {@link DpoLayout#STANDARD}. */
        public Builder layout(DpoLayout layout) {
            this.layout = layout;
            return this;
        }

        /**
         * Writes the {@code matrix} field; must be the formatter the pipeline's prompts use (default
         * {@link MatrixFormatter#standard()}, the pipeline's default) so the field equals the prompt's text.
         */
        public Builder matrixFormatter(MatrixFormatter formatter) {
            this.formatter = formatter;
            return this;
        }

        /** Default {@link DatasetProgress#none()}. */
        public Builder progress(DatasetProgress progress) {
            this.progress = progress;
            return this;
        }

        public DpoDatasetBuilder build() {
            if (vision == null) {
                throw new BadInputException("the dataset builder needs a vision pipeline (vision(...))");
            }
            if (chosen == null || rejected == null) {
                throw new BadInputException("the dataset builder needs a chosen and a rejected model");
            }
            if (options == null || layout == null || formatter == null || progress == null || backoff == null) {
                throw new BadInputException("generation options, layout, matrix formatter, progress and retry "
                        + "backoff must not be null");
            }
            if (concurrency < 1 || concurrency > 64) {
                throw new BadInputException("concurrency must be in 1..64, got " + concurrency);
            }
            if (retries < 0 || retries > 20) {
                throw new BadInputException("retries must be in 0..20, got " + retries);
            }
            if (backoff.isNegative()) {
                throw new BadInputException("retry backoff must be >= 0, got " + backoff);
            }
            return new DpoDatasetBuilder(this);
        }
    }
}

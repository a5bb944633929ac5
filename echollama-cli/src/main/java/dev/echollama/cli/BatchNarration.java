package dev.echollama.cli;

import dev.echollama.BadInputException;
import dev.echollama.EchoPipeline;
import dev.echollama.Narration;
import dev.echollama.NarrationListener;
import dev.echollama.SceneAnalysis;
import dev.echollama.Timings;
import dev.echollama.image.Images;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Describes many images as a bounded pipeline: {@code visionWorkers} threads decode and analyse the next images
 * (each analysis runs detection, depth and caption at once on the pipeline's executor) while the calling thread
 * runs the language model and speech on the current one. At most {@code visionWorkers} images are analysed ahead
 * of the one being narrated, so memory stays bounded however many images there are. Results are handed over in
 * input order.
 */
final class BatchNarration {

    /**
     * One image's result: a narration (with the vision steps' timings merged in) or the error that stopped it.
     * {@code narration} is null exactly when {@code error} is not.
     */
    record Outcome(int index, Path image, Narration narration, BadInputException error) {
    }

    /** How the batch went; images per second counts described images over the whole wall time. */
    record Summary(int images, int described, int failed, Duration elapsed, int visionWorkers) {
        double imagesPerSecond() {
            double s = elapsed.toNanos() / 1e9;
            return s <= 0 ? 0 : described / s;
        }
    }

    /** Receives outcomes in input order, on the thread that called {@link #run}. */
    @FunctionalInterface
    interface Sink {
        void accept(Outcome outcome);
    }

    private BatchNarration() {
    }

    /**
     * Narrates {@code images} in order. A picture that cannot be read or is refused by a stage
     * ({@link BadInputException}) becomes an outcome with its error; any other failure stops the batch and is
     * thrown (the analyses under way are abandoned).
     */
    static Summary run(EchoPipeline pipeline, List<Path> images, int visionWorkers, Sink sink) {
        if (visionWorkers < 1) {
            throw new UsageError("--vision-workers must be at least 1, got " + visionWorkers);
        }
        long t0 = System.nanoTime();
        int workers = Math.min(visionWorkers, images.size());
        AtomicInteger n = new AtomicInteger();
        ExecutorService vision = Executors.newFixedThreadPool(Math.max(1, workers), r -> {
            Thread t = new Thread(r, "echollama-vision-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        List<CompletableFuture<SceneAnalysis>> analyses = new ArrayList<>(images.size());
        int described = 0;
        int failed = 0;
        try {
            for (int i = 0; i < images.size(); i++) {
                // keep the vision workers busy on the next images while this one is narrated
                while (analyses.size() < images.size() && analyses.size() <= i + workers) {
                    Path p = images.get(analyses.size());
                    analyses.add(CompletableFuture.supplyAsync(() -> pipeline.analyze(Images.read(p)), vision));
                }
                Outcome o = narrate(pipeline, i, images.get(i), analyses.get(i));
                analyses.set(i, null); // let the analysis go
                if (o.error() == null) {
                    described++;
                } else {
                    failed++;
                }
                sink.accept(o);
            }
        } finally {
            for (CompletableFuture<SceneAnalysis> f : analyses) {
                if (f != null) {
                    f.cancel(true);
                }
            }
            vision.shutdownNow();
        }
        return new Summary(images.size(), described, failed, Duration.ofNanos(System.nanoTime() - t0), workers);
    }

    private static Outcome narrate(EchoPipeline pipeline, int index, Path image,
                                   CompletableFuture<SceneAnalysis> analysis) {
        try {
            SceneAnalysis scene;
            try {
                scene = analysis.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
            Narration n = pipeline.describe(scene, NarrationListener.none()).await();
            return new Outcome(index, image, withVision(n, scene.timings()), null);
        } catch (BadInputException e) {
            return new Outcome(index, image, null, e);
        }
    }

    /**
     * The narration's timings with the vision steps added: detection, depth, caption, matrix and prompt from the
     * analysis; first token, first audio and total counted from the start of the image's analysis (time spent
     * waiting in the queue is not counted).
     */
    static Narration withVision(Narration n, Timings vision) {
        Timings t = n.timings();
        Duration v = vision.total();
        Timings merged = new Timings(Optional.empty(), vision.detection(), vision.depth(), vision.caption(),
                vision.matrix(), vision.prompt(), t.firstToken().map(v::plus), t.generation(),
                t.firstAudio().map(v::plus), t.synthesis(), v.plus(t.total()));
        return new Narration(n.text(), n.sentences(), n.audio(), n.grounding(), merged);
    }
}

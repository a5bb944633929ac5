package dev.echollama;

import dev.echollama.audio.AudioClip;
import dev.echollama.language.Generation;
import dev.echollama.language.LanguageRequest;
import dev.echollama.language.SceneLanguageModel;
import dev.echollama.language.SentenceSplitter;
import dev.echollama.language.TokenSink;
import dev.echollama.speech.SpeechSynthesizer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One generation spoken as it streams: tokens go to the splitter, each finished sentence is queued for the
 * synthesizer on the executor (one sentence at a time, in order) while the model goes on generating.
 *
 * <p>{@link #run} is called on one thread and drives the model there; the splitter, the sentence list and the
 * speech queue's tail are touched only from that thread. Speech tasks run on the executor.
 */
final class SpokenTurn implements TokenSink {

    /** What the turn produced. */
    record Result(Generation generation, List<String> sentences, AudioClip audio) {
    }

    private final SceneLanguageModel model;
    private final SpeechSynthesizer synthesizer;
    private final Executor executor;
    private final NarrationHandle<?> handle;
    private final TimingsRecorder timings;

    private final SentenceSplitter splitter = new SentenceSplitter();
    private final List<String> sentences = new ArrayList<>();
    private final List<AudioClip> clips = new ArrayList<>(); // guarded by itself
    private final AtomicLong synthesisNanos = new AtomicLong();
    private CompletableFuture<Void> speech = CompletableFuture.completedFuture(null);
    private boolean streamed;
    private volatile boolean speechFailed;

    SpokenTurn(SceneLanguageModel model, SpeechSynthesizer synthesizer, Executor executor,
               NarrationHandle<?> handle, TimingsRecorder timings) {
        this.model = model;
        this.synthesizer = synthesizer;
        this.executor = executor;
        this.handle = handle;
        this.timings = timings;
    }

    /**
     * Generates on the calling thread, then returns a future that completes when the last sentence has been
     * spoken: with the result, or exceptionally (an {@link EchoException} naming the stage, or a
     * {@link CancellationException}).
     */
    CompletableFuture<Result> run(LanguageRequest request) {
        long g0 = System.nanoTime();
        Generation generation;
        try {
            generation = model.generate(request, this);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(StageFailure.wrap(Stage.LANGUAGE, e));
        } finally {
            timings.generation = TimingsRecorder.since(g0);
        }
        if (generation == null) {
            return CompletableFuture.failedFuture(
                    new InferenceException("language model returned no generation (null)"));
        }
        if (!streamed && !generation.text().isEmpty() && !isCancelled()) {
            onToken(generation.text()); // a model that did not stream: speak its whole text
        }
        if (!isCancelled()) {
            splitter.finish().forEach(this::sentence);
        }
        if (handle.stopped() && !speechFailed) {
            return CompletableFuture.failedFuture(new CancellationException("the narration was cancelled"));
        }
        List<String> spoken = List.copyOf(sentences);
        return speech.thenApply(v -> {
            if (synthesizer != null) {
                timings.synthesis = Duration.ofNanos(synthesisNanos.get());
            }
            return new Result(generation, spoken, joinedAudio());
        });
    }

    @Override
    public void onToken(String text) {
        if (isCancelled() || text == null) {
            return;
        }
        if (!streamed) {
            streamed = true;
            timings.firstToken = timings.sinceStart();
        }
        handle.token(text);
        splitter.push(text).forEach(this::sentence);
    }

    @Override
    public boolean isCancelled() {
        return handle.stopped() || speechFailed;
    }

    private void sentence(String s) {
        sentences.add(s);
        handle.sentence(s);
        if (synthesizer != null) {
            try {
                speech = speech.thenRunAsync(() -> speak(s), executor);
            } catch (RuntimeException e) { // the executor was shut down
                speech = CompletableFuture.failedFuture(StageFailure.wrap(Stage.SPEECH, e));
                speechFailed = true;
            }
        }
    }

    private void speak(String s) {
        if (isCancelled()) {
            return;
        }
        long t0 = System.nanoTime();
        try {
            synthesizer.synthesize(s, chunk -> {
                if (isCancelled() || chunk == null || chunk.isEmpty()) {
                    return;
                }
                if (chunk.sampleRate() != synthesizer.sampleRate()) {
                    throw new InferenceException("speech synthesizer returned " + chunk.sampleRate()
                            + " Hz audio but declares " + synthesizer.sampleRate() + " Hz");
                }
                synchronized (clips) {
                    if (clips.isEmpty()) {
                        timings.firstAudio = timings.sinceStart();
                    }
                    clips.add(chunk);
                }
                handle.audio(chunk);
            });
        } catch (RuntimeException e) {
            speechFailed = true;
            throw StageFailure.wrap(Stage.SPEECH, e);
        } finally {
            synthesisNanos.addAndGet(System.nanoTime() - t0);
        }
    }

    private AudioClip joinedAudio() {
        int rate = synthesizer != null ? synthesizer.sampleRate() : EchoPipeline.SILENT_SAMPLE_RATE;
        synchronized (clips) {
            return AudioClip.concat(rate, clips);
        }
    }
}

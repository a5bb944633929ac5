package dev.echollama;

import dev.echollama.audio.AudioClip;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A narration (or answer) under way: cancel it, wait for it, or compose on its result. Thread-safe.
 *
 * <p>{@link #cancel()} stops the language model at its next token and drops synthesis not yet started; the
 * listener then gets {@code onError(CancellationException)} and nothing else, and {@link #result()} completes
 * exceptionally with a {@link CancellationException}. Cancelling a finished narration does nothing.
 *
 * @param <T> {@link Narration} for descriptions, {@link Answer} for answers
 */
public final class NarrationHandle<T> {
    private static final Logger LOG = LoggerFactory.getLogger(NarrationHandle.class);

    private final NarrationListener listener;
    private final CompletableFuture<T> future = new CompletableFuture<>();
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile boolean cancelled;
    private final Consumer<NarrationHandle<?>> onEnd;

    /** {@code onEnd} runs once, after the narration has ended in any way. */
    NarrationHandle(NarrationListener listener, Consumer<NarrationHandle<?>> onEnd) {
        this.listener = Objects.requireNonNullElseGet(listener, NarrationListener::none);
        this.onEnd = onEnd;
    }

    /**
     * Asks the narration to stop. Returns true when this call cancelled it, false when it had already ended
     * (completed, failed or been cancelled).
     */
    public boolean cancel() {
        if (ended.get()) {
            return false;
        }
        cancelled = true; // seen by the model's next poll even before the listener has been told
        boolean cancelledNow = fail(new CancellationException("the narration was cancelled"));
        if (!cancelledNow) {
            cancelled = false; // it completed or failed first
        }
        return cancelledNow;
    }

    /** Whether {@link #cancel()} stopped this narration. */
    public boolean isCancelled() {
        return cancelled;
    }

    /** Whether the narration has ended in any way. */
    public boolean isDone() {
        return ended.get();
    }

    /**
     * A future of the result, for composition. It is a copy: completing or cancelling it does not affect the
     * narration (use {@link #cancel()}).
     */
    public CompletableFuture<T> result() {
        return future.copy();
    }

    /**
     * Waits for the result.
     *
     * @throws EchoException          what made the narration fail
     * @throws CancellationException  if it was cancelled, or the waiting thread was interrupted (the narration is
     *                                then cancelled and the interrupt flag kept)
     */
    public T await() {
        try {
            return future.get();
        } catch (InterruptedException e) {
            cancel();
            Thread.currentThread().interrupt();
            CancellationException c = new CancellationException("interrupted while waiting for the narration");
            c.initCause(e);
            throw c;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new InferenceException("narration failed: " + cause, cause);
        }
    }

    /** The result future itself, for the pipeline's own sequencing. */
    CompletableFuture<T> internalFuture() {
        return future;
    }

    /** True once the narration should stop producing (cancelled, failed or completed). */
    boolean stopped() {
        return cancelled || ended.get();
    }

    void token(String text) {
        deliver("onToken", () -> listener.onToken(text));
    }

    void sentence(String sentence) {
        deliver("onSentence", () -> listener.onSentence(sentence));
    }

    void audio(AudioClip chunk) {
        deliver("onAudio", () -> listener.onAudio(chunk));
    }

    /** Ends the narration with its result; false if it had already ended. */
    boolean complete(T value, Narration narration) {
        synchronized (this) {
            if (!ended.compareAndSet(false, true)) {
                return false;
            }
            call("onComplete", () -> listener.onComplete(narration));
        }
        future.complete(value);
        onEnd.accept(this);
        return true;
    }

    /** Ends the narration with an error; false if it had already ended. */
    boolean fail(Throwable error) {
        synchronized (this) {
            if (!ended.compareAndSet(false, true)) {
                return false;
            }
            call("onError", () -> listener.onError(error));
        }
        future.completeExceptionally(error);
        onEnd.accept(this);
        return true;
    }

    private synchronized void deliver(String what, Runnable call) {
        if (!ended.get()) {
            call(what, call);
        }
    }

    private static void call(String what, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("narration listener {} threw; ignored", what, e);
        }
    }
}

package dev.echollama.llm.openai;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.Flow;

/**
 * A response body as a queue of lines that the caller polls with a timeout, so that a silent server gives a
 * timeout rather than a hang ({@link java.net.http.HttpClient} has no read timeout of its own). Its body is
 * available as soon as the headers are, which is what makes streaming possible. Lines are split on LF at the byte
 * level (safe for UTF-8) and a trailing CR is dropped.
 */
final class LineSubscriber implements HttpResponse.BodySubscriber<LineSubscriber> {
    private static final Object END = new Object();

    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private volatile boolean cancelled;

    /** What {@link #poll} returns at the end of the body. */
    static final String EOF = null;

    /** Thrown by {@link #poll} when no line arrived in time. */
    static final class Timeout extends Exception {
        private static final long serialVersionUID = 1L;
    }

    @Override
    public CompletionStage<LineSubscriber> getBody() {
        return CompletableFuture.completedFuture(this);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        if (!subscription.compareAndSet(null, s) || cancelled) {
            s.cancel();
            return;
        }
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        for (ByteBuffer b : buffers) {
            while (b.hasRemaining()) {
                byte x = b.get();
                if (x == '\n') {
                    queue.add(line());
                } else {
                    partial.write(x);
                }
            }
        }
    }

    private String line() {
        byte[] bytes = partial.toByteArray();
        partial.reset();
        int n = bytes.length;
        if (n > 0 && bytes[n - 1] == '\r') {
            n--;
        }
        return new String(bytes, 0, n, StandardCharsets.UTF_8);
    }

    @Override
    public void onError(Throwable t) {
        queue.add(t);
    }

    @Override
    public void onComplete() {
        if (partial.size() > 0) {
            queue.add(line());
        }
        queue.add(END);
    }

    /**
     * The next line, or {@link #EOF} at the end of the body.
     *
     * @throws Timeout            when nothing arrived for {@code timeoutMillis}
     * @throws java.io.IOException when the connection failed
     */
    String poll(long timeoutMillis) throws Timeout, java.io.IOException, InterruptedException {
        Object o = queue.poll(timeoutMillis, TimeUnit.MILLISECONDS);
        if (o == null) {
            throw new Timeout();
        }
        if (o == END) {
            queue.add(END); // stay at the end for later polls
            return EOF;
        }
        if (o instanceof Throwable t) {
            throw t instanceof java.io.IOException io ? io : new java.io.IOException(t.toString(), t);
        }
        return (String) o;
    }

    /** Reads what is left, up to {@code maxChars}, for an error body. */
    String drain(long timeoutMillis, int maxChars) {
        StringBuilder sb = new StringBuilder();
        try {
            String line;
            while (sb.length() < maxChars && (line = poll(timeoutMillis)) != null) {
                sb.append(line).append('\n');
            }
        } catch (Timeout | java.io.IOException e) {
            // what we have is all we get
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        cancel();
        return sb.length() > maxChars ? sb.substring(0, maxChars) : sb.toString().strip();
    }

    /** Stops the transfer and closes the connection's stream. */
    void cancel() {
        cancelled = true;
        Flow.Subscription s = subscription.get();
        if (s != null) {
            s.cancel();
        }
    }
}

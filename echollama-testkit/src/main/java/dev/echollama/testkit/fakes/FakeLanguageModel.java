package dev.echollama.testkit.fakes;

import dev.echollama.BadInputException;
import dev.echollama.language.ChatMessage;
import dev.echollama.language.Generation;
import dev.echollama.language.LanguageRequest;
import dev.echollama.language.SceneLanguageModel;
import dev.echollama.language.TokenSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.ObjIntConsumer;
import java.util.function.ToIntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@link SceneLanguageModel} that streams scripted text token by token and records what it was asked.
 *
 * <h2>Tokens</h2>
 * {@link #tokenize(String)} cuts text the way a BPE tokenizer roughly does: each token is optional leading
 * whitespace followed by a run of letters and digits, or by one other character. {@code "It is 3.5 m."} is
 * {@code ["It", " is", " 3", ".", "5", " m", "."]}: a full stop and a decimal arrive as separate pieces, as they
 * do from real models. {@link #countTokens} counts these tokens unless the builder sets another counter.
 *
 * <h2>Behaviour</h2>
 * Each call takes the next scripted reply (the last one repeats) or asks the responder, then hands its tokens to
 * the sink one by one, polling {@link TokenSink#isCancelled()} before each (then it stops with
 * {@link Generation.Finish#CANCELLED}) and stopping after {@code maxNewTokens} ({@link Generation.Finish#LENGTH}).
 * Stop strings are not applied. A prompt whose tokens (message texts only) exceed {@link #contextLength()} is
 * refused with a {@link BadInputException}, as the interface documents. Thread-safe; close() is idempotent and
 * later calls throw {@link IllegalStateException}.
 */
public final class FakeLanguageModel implements SceneLanguageModel {
    private static final Pattern TOKEN = Pattern.compile("\\s*(?:[\\p{L}\\p{N}]+|[^\\s\\p{L}\\p{N}])|\\s+$");

    private final Function<LanguageRequest, String> responder;
    private final Duration tokenDelay;
    private final int contextLength;
    private final ToIntFunction<String> counter;
    private final ObjIntConsumer<String> beforeEachToken;
    private final List<LanguageRequest> requests = new CopyOnWriteArrayList<>();
    private final List<Generation> completed = new ArrayList<>(); // guarded by itself
    private final AtomicBoolean closed = new AtomicBoolean();

    private FakeLanguageModel(Builder b) {
        this.responder = b.responder;
        this.tokenDelay = b.tokenDelay;
        this.contextLength = b.contextLength;
        this.counter = b.counter;
        this.beforeEachToken = b.beforeEachToken;
    }

    /** A model that always replies {@code text}. */
    public static FakeLanguageModel replying(String text) {
        return builder().reply(text).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The fake's tokens of {@code text}; joined, they give the text back. */
    public static List<String> tokenize(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            if (!m.group().isEmpty()) {
                out.add(m.group());
            }
        }
        return out;
    }

    @Override
    public Generation generate(LanguageRequest request, TokenSink sink) {
        FakeSupport.checkOpen(closed, this);
        if (request == null) {
            throw new BadInputException("language request is null");
        }
        if (sink == null) {
            throw new BadInputException("token sink is null");
        }
        int promptTokens = 0;
        for (ChatMessage m : request.messages()) {
            promptTokens += countTokens(m.content());
        }
        if (promptTokens > contextLength) {
            throw new BadInputException("prompt of " + promptTokens + " tokens exceeds the context of "
                    + contextLength + " tokens");
        }
        requests.add(request);
        String reply = Objects.requireNonNull(responder.apply(request), "responder returned null");
        List<String> tokens = tokenize(reply);
        StringBuilder text = new StringBuilder();
        Generation.Finish finish = Generation.Finish.STOP;
        int generated = 0;
        for (String token : tokens) {
            if (sink.isCancelled()) {
                finish = Generation.Finish.CANCELLED;
                break;
            }
            if (generated == request.options().maxNewTokens()) {
                finish = Generation.Finish.LENGTH;
                break;
            }
            beforeEachToken.accept(token, generated);
            FakeSupport.pause(tokenDelay);
            text.append(token);
            generated++;
            sink.onToken(token);
        }
        Generation g = new Generation(text.toString(), promptTokens, generated, finish);
        synchronized (completed) {
            completed.add(g);
            completed.notifyAll();
        }
        return g;
    }

    @Override
    public int countTokens(String text) {
        FakeSupport.checkOpen(closed, this);
        if (text == null) {
            throw new BadInputException("text is null");
        }
        return counter.applyAsInt(text);
    }

    @Override
    public int contextLength() {
        return contextLength;
    }

    /** Every request accepted, in the order they arrived. */
    public List<LanguageRequest> requests() {
        return List.copyOf(requests);
    }

    /** Every generation that has returned, in the order they returned. */
    public List<Generation> completed() {
        synchronized (completed) {
            return List.copyOf(completed);
        }
    }

    /** Waits until at least {@code count} generations have returned; false on timeout. */
    public boolean awaitCompleted(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (completed) {
            while (completed.size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(completed, left);
            }
            return true;
        }
    }

    public boolean isClosed() {
        return closed.get();
    }

    @Override
    public void close() {
        closed.set(true);
    }

    /** Mutable, not thread-safe. */
    public static final class Builder {
        private Function<LanguageRequest, String> responder = r -> "";
        private Duration tokenDelay = Duration.ZERO;
        private int contextLength = 8192;
        private ToIntFunction<String> counter = t -> tokenize(t).size();
        private ObjIntConsumer<String> beforeEachToken = (t, i) -> { };

        private Builder() {
        }

        /** Always reply {@code text}. */
        public Builder reply(String text) {
            Objects.requireNonNull(text, "text");
            return responder(r -> text);
        }

        /** Reply these in turn, one per call; the last repeats. */
        public Builder replies(String... texts) {
            if (texts.length == 0) {
                throw new BadInputException("at least one reply is needed");
            }
            List<String> list = List.of(texts);
            AtomicInteger next = new AtomicInteger();
            return responder(r -> list.get(Math.min(next.getAndIncrement(), list.size() - 1)));
        }

        /** Compute each reply from the request. */
        public Builder responder(Function<LanguageRequest, String> responder) {
            this.responder = Objects.requireNonNull(responder, "responder");
            return this;
        }

        /** Time each token takes (slept). */
        public Builder tokenDelay(Duration delay) {
            this.tokenDelay = FakeSupport.checkDelay(delay);
            return this;
        }

        public Builder contextLength(int tokens) {
            if (tokens < 1) {
                throw new BadInputException("context length must be >= 1, got " + tokens);
            }
            this.contextLength = tokens;
            return this;
        }

        /** Replaces {@link FakeLanguageModel#tokenize}-based counting, for hand-computed budgets. */
        public Builder tokenCounter(ToIntFunction<String> counter) {
            this.counter = Objects.requireNonNull(counter, "counter");
            return this;
        }

        /**
         * Called on the generating thread with each token and its index before the token is handed to the sink,
         * so a test can hold generation at a known point (for example until audio has arrived).
         */
        public Builder beforeEachToken(ObjIntConsumer<String> hook) {
            this.beforeEachToken = Objects.requireNonNull(hook, "hook");
            return this;
        }

        public FakeLanguageModel build() {
            return new FakeLanguageModel(this);
        }
    }
}

package dev.echollama.llm.internal;

import dev.echollama.language.Generation;
import dev.echollama.language.GenerationOptions;
import dev.echollama.language.TokenSink;
import java.util.List;

/**
 * Applies a request's stop strings, token limit and the sink's cancellation to text arriving in pieces, the same
 * way for every model of this module. Not thread-safe: one per generation.
 */
public final class TextStreamer {
    private final TokenSink sink;
    private final List<String> stops;
    private final int maxPieces;
    private final StringBuilder text = new StringBuilder();
    private int pieces;
    private Generation.Finish finish;

    public TextStreamer(GenerationOptions options, TokenSink sink) {
        this.sink = sink == null ? TokenSink.none() : sink;
        this.stops = options.stopStrings().stream().filter(s -> !s.isEmpty()).toList();
        this.maxPieces = options.maxNewTokens();
    }

    /** Whether the sink asked to stop; records it as the finish reason. */
    public boolean cancelled() {
        if (finish == null && sink.isCancelled()) {
            finish = Generation.Finish.CANCELLED;
        }
        return finish == Generation.Finish.CANCELLED;
    }

    /**
     * Offers one piece (one token's text). Returns false when generation must end: a stop string appeared (the
     * text is cut before it and only the part before it reaches the sink), the token limit is reached, or the
     * sink cancelled (checked before the piece is passed on).
     */
    public boolean accept(String piece) {
        if (finish != null) {
            return false;
        }
        if (cancelled()) {
            return false;
        }
        int before = text.length();
        text.append(piece);
        pieces++;
        int cut = firstStop(before);
        if (cut >= 0) {
            if (cut > before) {
                sink.onToken(text.substring(before, cut));
            }
            text.setLength(cut);
            finish = Generation.Finish.STOP;
            return false;
        }
        sink.onToken(piece);
        if (pieces >= maxPieces) {
            finish = Generation.Finish.LENGTH;
            return false;
        }
        return true;
    }

    private int firstStop(int newFrom) {
        int best = -1;
        for (String s : stops) {
            int from = Math.max(0, newFrom - s.length() + 1);
            int i = text.indexOf(s, from);
            if (i >= 0 && (best < 0 || i < best)) {
                best = i;
            }
        }
        return best;
    }

    /** Marks the end of the engine's output; {@code reason} is used when nothing else ended it. */
    public void end(Generation.Finish reason) {
        if (finish == null) {
            finish = reason;
        }
    }

    public int pieces() {
        return pieces;
    }

    public String text() {
        return text.toString();
    }

    public Generation.Finish finish() {
        return finish == null ? Generation.Finish.STOP : finish;
    }

    public Generation result(int promptTokens) {
        return new Generation(text.toString(), promptTokens, pieces, finish());
    }
}

package dev.echollama.llm.grounded;

import dev.echollama.BadInputException;
import dev.echollama.language.ChatMessage;
import dev.echollama.language.Generation;
import dev.echollama.language.LanguageRequest;
import dev.echollama.language.SceneContext;
import dev.echollama.language.SceneLanguageModel;
import dev.echollama.language.TokenSink;
import dev.echollama.llm.internal.TextStreamer;
import dev.echollama.scene.ScenePromptBuilder;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The model-free {@link SceneLanguageModel}: see {@link GroundedNarratorProvider}. Holds no resources; stateless
 * apart from being open, so concurrent calls need no locking.
 */
final class GroundedNarrator implements SceneLanguageModel {
    private final SceneDescriber describer;
    private final AtomicBoolean closed = new AtomicBoolean();

    GroundedNarrator(NarratorStyle style) {
        this.describer = new SceneDescriber(style);
    }

    @Override
    public Generation generate(LanguageRequest request, TokenSink sink) {
        ensureOpen();
        if (request == null) {
            throw new BadInputException("request is null");
        }
        if (sink == null) {
            throw new BadInputException("sink is null; pass TokenSink.none() to discard the pieces");
        }
        String reply = reply(request);
        TextStreamer out = new TextStreamer(request.options(), sink);
        int i = 0;
        int n = reply.length();
        while (i < n) {
            int next = reply.indexOf(' ', i + 1);
            if (next < 0) {
                next = n;
            }
            if (!out.accept(reply.substring(i, next))) {
                break;
            }
            i = next;
        }
        out.end(Generation.Finish.STOP);
        int prompt = 0;
        for (ChatMessage m : request.messages()) {
            prompt += countTokens(m.content());
        }
        return out.result(prompt);
    }

    /** The whole reply text, before streaming. */
    String reply(LanguageRequest request) {
        if (request.scene().isEmpty()) {
            return SceneDescriber.NO_SCENE;
        }
        SceneContext scene = request.scene().get();
        String last = request.messages().get(request.messages().size() - 1).content();
        if (last.equals(scene.prompt().user()) || last.contains(ScenePromptBuilder.DESCRIBE_INSTRUCTION)) {
            return describer.describe(scene);
        }
        return describer.answer(last, scene);
    }

    /** Words, as an estimate: the narrator has no tokenizer. */
    @Override
    public int countTokens(String text) {
        ensureOpen();
        if (text == null) {
            throw new BadInputException("text is null");
        }
        int words = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            boolean space = Character.isWhitespace(text.charAt(i));
            if (!space && !inWord) {
                words++;
            }
            inWord = !space;
        }
        return words;
    }

    /** No limit: the narrator reads only the last message and the scene. */
    @Override
    public int contextLength() {
        ensureOpen();
        return Integer.MAX_VALUE;
    }

    @Override
    public void close() {
        closed.set(true);
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("the grounded narrator is closed");
        }
    }

    @Override
    public String toString() {
        return "GroundedNarrator" + (closed.get() ? "[closed]" : "");
    }
}

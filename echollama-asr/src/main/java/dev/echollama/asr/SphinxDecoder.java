package dev.echollama.asr;

import edu.cmu.sphinx.api.AbstractSpeechRecognizer;
import edu.cmu.sphinx.api.Context;
import edu.cmu.sphinx.frontend.feature.LiveCMN;
import edu.cmu.sphinx.linguist.lextree.LexTreeLinguist;
import edu.cmu.sphinx.result.Result;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;

/**
 * Sphinx's recognizer with the stream API opened up: the public StreamSpeechRecognizer wraps every result in a
 * SpeechResult whose lattice code can throw a NullPointerException, losing the utterance; here the caller gets
 * the raw {@link Result} and decides per utterance. The models are allocated once and kept.
 */
final class SphinxDecoder extends AbstractSpeechRecognizer {

    SphinxDecoder(Context context) throws IOException {
        super(context);
    }

    void allocate() {
        recognizer.allocate();
    }

    /**
     * Orders the language-model search tree the same way in every JVM ({@link SphinxLexTreeOrder}); the number of
     * successor lists sorted, or -1 when not possible. Only for language-model mode, after {@link #allocate}.
     */
    int orderSearchTree() {
        return SphinxLexTreeOrder.apply(lexTreeLinguist());
    }

    /** The language-model linguist of this context (Sphinx builds it on first request in grammar mode). */
    LexTreeLinguist lexTreeLinguist() {
        return context.getInstance(LexTreeLinguist.class);
    }

    void deallocate() {
        recognizer.deallocate();
    }

    /** Feeds a new stream of 16-bit little-endian mono PCM at the configured rate. */
    void feed(InputStream pcm) {
        context.setSpeechSource(pcm);
    }

    /** The next utterance of the current stream, or null at its end. */
    Result next() {
        return recognizer.recognize();
    }

    /**
     * Makes the next utterance estimate its cepstral mean afresh, as the first one after loading does. Sphinx's
     * LiveCMN otherwise carries the mean over from earlier audio, so that one clip's transcript would depend on
     * which clips were transcribed before it. Sphinx offers no reset, so its package-private start-up buffer is
     * cleared by reflection; false when that is not possible (another Sphinx build), which only costs
     * repeatability.
     */
    boolean resetCepstralMean() {
        try {
            LiveCMN cmn = context.getInstance(LiveCMN.class);
            Field initial = LiveCMN.class.getDeclaredField("initialList");
            initial.setAccessible(true);
            initial.set(cmn, null);
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }
}

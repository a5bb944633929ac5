package dev.echollama.tts.orpheus;

import dev.echollama.BadInputException;
import dev.echollama.audio.AudioClip;
import dev.echollama.language.Generation;
import dev.echollama.onnx.OnnxModel;
import dev.echollama.onnx.decoder.DecodeRequest;
import dev.echollama.onnx.decoder.DecodeResult;
import dev.echollama.onnx.decoder.DecoderSignature;
import dev.echollama.onnx.decoder.KvDecoder;
import dev.echollama.onnx.decoder.TokenListener;
import dev.echollama.onnx.text.TextTokenizer;
import dev.echollama.speech.SpeechSynthesizer;
import dev.echollama.tts.SpeechText;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Orpheus-3B speech: text → sentences (and shorter pieces under the token cap) → one speech-LM generation per
 * piece on the generic {@link KvDecoder} → audio tokens → {@link SnacFrameAssembler} windows → SNAC decoder →
 * samples {@code [2048, 4096)} of each window, handed over as soon as they exist.
 *
 * <p>Thread-safe: concurrent calls run independent generations on the shared sessions. {@link #close()} asks
 * running generations to stop (they throw {@link IllegalStateException}), waits for them, then frees the sessions
 * and the tokenizer; it is idempotent.
 */
final class OrpheusSynthesizer implements SpeechSynthesizer {
    static final int SAMPLE_RATE = 24_000;
    /**
     * Stop ids: end_of_speech 128258 (the reference streaming example's only stop id); end_of_ai 128262, which
     * follows it in training data, and {@code <|eot_id|>} 128009 (Baseten's example) can never be audio either.
     */
    static final int[] STOP_TOKENS = {OrpheusPrompt.END_OF_SPEECH, OrpheusPrompt.END_OF_AI, OrpheusPrompt.END_OF_TEXT};

    /**
     * Prompt positions per prefill run. Exports without {@code num_logits_to_keep} return logits for every
     * position of a run (156940 floats each), so a long prompt is fed in runs of this many positions.
     */
    static final int PREFILL_CHUNK = 128;

    private static final Logger LOG = LoggerFactory.getLogger(OrpheusSynthesizer.class);

    private final OnnxModel lm;
    private final KvDecoder decoder;
    private final TextTokenizer tokenizer;
    private final OnnxModel snacModel;
    private final SnacDecoder snac;
    private final OrpheusSettings settings;
    private final TextChunker chunker;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile boolean closing;
    private boolean closed; // guarded by lock

    /** Takes ownership of the three resources (closed by {@link #close()}). */
    OrpheusSynthesizer(OnnxModel lm, TextTokenizer tokenizer, OnnxModel snacModel, OrpheusSettings settings) {
        this.lm = lm;
        this.tokenizer = tokenizer;
        this.snacModel = snacModel;
        this.settings = settings;
        this.decoder = new KvDecoder(OnnxModel.environment(), lm.session(), lm.path());
        int vocab = decoder.signature().vocabSize();
        if (vocab >= 0 && vocab < OrpheusPrompt.MIN_VOCAB) {
            throw new dev.echollama.ModelCorruptException(lm.path(), lm.path() + " has logits over " + vocab
                    + " ids; an Orpheus speech LM needs at least " + OrpheusPrompt.MIN_VOCAB
                    + " (128266 + 7 x 4096 audio ids; Orpheus-3B-0.1-ft has 156940)");
        }
        this.snac = new SnacDecoder(snacModel);
        this.chunker = new TextChunker(piece -> tokenizer.encode(piece, false).length, settings.maxTextTokens());
    }

    @Override
    public AudioClip synthesize(String text) {
        return SpeechSynthesizer.joined(this, text);
    }

    @Override
    public void synthesize(String text, Consumer<AudioClip> chunks) {
        if (text == null) {
            throw new BadInputException("text to speak is null");
        }
        if (chunks == null) {
            throw new BadInputException("audio chunk consumer is null");
        }
        withOpen(() -> {
            for (String piece : pieces(text)) {
                speak(piece, chunks);
            }
        });
    }

    /** The pieces {@code text} is spoken as, one generation each. */
    List<String> pieces(String text) {
        String spoken = settings.normalize() ? SpeechText.normalize(text) : text.strip();
        return spoken.isBlank() ? List.of() : chunker.chunks(spoken);
    }

    /**
     * Generates and decodes one piece, handing each window's audio to {@code chunks}.
     *
     * @return what happened, for tests and logs
     */
    Utterance speak(String piece, Consumer<AudioClip> chunks) {
        int[] prompt = OrpheusPrompt.ids(tokenizer, settings.voice(), piece);
        SnacFrameAssembler frames = new SnacFrameAssembler();
        int[] samples = {0};
        TokenListener listener = new TokenListener() {
            @Override
            public void onToken(int row, int tokenId) {
                SnacCodes window = frames.accept(tokenId);
                if (window == null) {
                    return;
                }
                float[] audio = snac.decode(window);
                float[] keep = Arrays.copyOfRange(audio, SnacFrameAssembler.EMIT_FROM, SnacFrameAssembler.EMIT_TO);
                samples[0] += keep.length;
                chunks.accept(AudioClip.of(keep, SAMPLE_RATE));
            }

            @Override
            public boolean isCancelled() {
                return closing;
            }
        };
        DecodeRequest request = DecodeRequest.builder()
                .prompt(prompt)
                .maxNewTokens(settings.maxNewTokens())
                .prefillChunk(PREFILL_CHUNK)
                .stopTokens(STOP_TOKENS)
                .sampling(settings.sampling())
                .build();
        DecodeResult result = decoder.generate(request, listener);
        if (result.finish() == Generation.Finish.CANCELLED) {
            throw new IllegalStateException("the Orpheus synthesizer was closed while speaking");
        }
        Utterance u = new Utterance(prompt, result.ids().length, result.finish(),
                result.sequences().get(0).stopToken(), frames.acceptedCodes(), frames.windows(),
                frames.skippedWindows(), samples[0], result.timings());
        if (result.finish() == Generation.Finish.LENGTH) {
            LOG.warn("Orpheus used its whole budget of {} tokens on \"{}\"; the end of it may be cut off (lower {})",
                    settings.maxNewTokens(), piece, OrpheusSynthesizerProvider.MAX_TEXT_TOKENS);
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("Orpheus: {} for \"{}\"", u, piece);
        }
        return u;
    }

    /**
     * One generation's outcome.
     *
     * @param promptIds       the prompt fed to the LM
     * @param generatedTokens tokens generated, without the stop token
     * @param finish          STOP, LENGTH or CANCELLED
     * @param stopToken       the stop id that ended it, or -1
     * @param acceptedCodes   audio codes the assembler accepted
     * @param windows         4-frame windows completed
     * @param skippedWindows  windows skipped for an invalid code
     * @param samples         samples handed over
     * @param timings         the decoder's timings (SNAC decoding and the consumer run inside the token steps)
     */
    record Utterance(int[] promptIds, int generatedTokens, Generation.Finish finish, int stopToken,
                     long acceptedCodes, int windows, int skippedWindows, int samples, DecodeResult.Timings timings) {
        @Override
        public String toString() {
            return "Utterance[prompt=" + promptIds.length + " ids, generated=" + generatedTokens + ", finish=" + finish
                    + ", stop=" + stopToken + ", codes=" + acceptedCodes + ", windows=" + windows + ", skipped="
                    + skippedWindows + ", samples=" + samples + ", " + timings + "]";
        }
    }

    /** What the speech LM's session declares (layers, KV heads, head size, vocabulary). */
    DecoderSignature signature() {
        return decoder.signature();
    }

    @Override
    public int sampleRate() {
        return SAMPLE_RATE;
    }

    private void withOpen(Runnable body) {
        if (closing) {
            throw new IllegalStateException("the Orpheus synthesizer is closed");
        }
        lock.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("the Orpheus synthesizer is closed");
            }
            body.run();
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void close() {
        closing = true;
        lock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            try {
                tokenizer.close();
            } finally {
                try {
                    snacModel.close();
                } finally {
                    lm.close();
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public String toString() {
        return "OrpheusSynthesizer[" + lm.path() + ", " + snacModel.path() + ", voice=" + settings.voice() + "]";
    }
}

package dev.echollama.llm.onnx;

import dev.echollama.BadInputException;
import dev.echollama.ModelCorruptException;
import dev.echollama.language.ChatMessage;
import dev.echollama.language.Generation;
import dev.echollama.language.GenerationOptions;
import dev.echollama.language.LanguageRequest;
import dev.echollama.language.SceneLanguageModel;
import dev.echollama.language.TokenSink;
import dev.echollama.llm.internal.TextStreamer;
import dev.echollama.onnx.OnnxModel;
import dev.echollama.onnx.decoder.DecodeRequest;
import dev.echollama.onnx.decoder.DecodeResult;
import dev.echollama.onnx.decoder.DecoderSignature;
import dev.echollama.onnx.decoder.KvDecoder;
import dev.echollama.onnx.decoder.TokenListener;
import dev.echollama.onnx.text.StreamingDetokenizer;
import dev.echollama.onnx.text.TextTokenizer;
import dev.echollama.scene.ScenePromptBuilder;
import dev.echollama.spi.Device;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Llama 3.x decoder exported to ONNX (onnx-community/Llama-3.2-1B-Instruct, or the paper's Spatial-Llama-1B
 * exported with optimum), run on the SDK's {@link KvDecoder} with the model's own tokenizer.
 *
 * <p><b>Chat.</b> {@link #generate} renders the conversation with the Llama 3.1/3.2 chat template
 * ({@link dev.echollama.onnx.text.Llama3ChatTemplate}, generation prompt added) and tokenizes it without extra
 * special tokens (the template writes {@code <|begin_of_text|>}). A conversation that does not start with a system
 * message gets the scene's system prompt, or the paper's ({@link ScenePromptBuilder#PAPER_SYSTEM_PROMPT}) when the
 * request has no scene. Sampling follows the request's {@link GenerationOptions} (temperature, top-p, top-k, min-p,
 * repetition penalty, seed, max new tokens; stop strings are applied to the text). Generation ends at the model's
 * end-of-generation ids: {@code eos_token_id} of config.json and generation_config.json (Llama 3.2: 128001,
 * 128008, 128009), which are never part of the text.
 *
 * <p><b>Raw completion.</b> {@link #complete(int[], GenerationOptions, TokenSink)} continues token ids as they are,
 * with no template: for base models, for the CLI's {@code generate} command and for checking an export against
 * reference outputs.
 *
 * <p><b>Streaming.</b> Text reaches the sink as whole characters (a character split over byte-level tokens is held
 * back until complete); an incomplete character at the very end (the token limit cut it) is dropped. The sink is
 * polled for cancellation before every model run.
 *
 * <p><b>Threading and lifetime.</b> Thread-safe: concurrent calls run concurrently on the one ONNX Runtime session
 * (the decoder keeps no state between calls). {@link #close()} is idempotent: it cancels generations in progress
 * (they return with {@link Generation.Finish#CANCELLED}), waits for them, and frees the session and the tokenizer;
 * every later call except {@code close} throws {@link IllegalStateException}.
 */
public final class LlamaOnnxModel implements SceneLanguageModel {
    private static final Logger LOG = LoggerFactory.getLogger(LlamaOnnxModel.class);
    /** Prompt ids decoded ahead of the reply, so that the first piece keeps the space a lone token would lose. */
    private static final int PRIMING_IDS = 8;
    /** Llama 3.1/3.2's end-of-generation ids, used when neither config file names any. */
    private static final int[] LLAMA3_STOPS = {128001, 128008, 128009};

    private final ModelFiles files;
    private final OnnxModel onnx;
    private final KvDecoder decoder;
    private final TextTokenizer tokenizer;
    private final LlamaOnnxSettings settings;
    private final int contextLength;
    private final int[] stopIds;
    private final int padId;
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private volatile boolean closing;
    private boolean closed; // guarded by lifecycle

    private LlamaOnnxModel(ModelFiles files, OnnxModel onnx, KvDecoder decoder, TextTokenizer tokenizer,
                           LlamaOnnxSettings settings, int contextLength, int[] stopIds, int padId) {
        this.files = files;
        this.onnx = onnx;
        this.decoder = decoder;
        this.tokenizer = tokenizer;
        this.settings = settings;
        this.contextLength = contextLength;
        this.stopIds = stopIds;
        this.padId = padId;
    }

    /**
     * Loads the model at {@code path}: a model folder (onnx-community layout with {@code onnx/model*.onnx}, or a
     * flat folder with {@code model*.onnx}) holding {@code tokenizer.json} and {@code config.json}, or an
     * {@code .onnx} file with those beside it (or one folder up from {@code onnx/}).
     *
     * @throws dev.echollama.ModelMissingException when the graph, tokenizer.json or config.json is not there
     * @throws ModelCorruptException               when a file cannot be loaded or the graph is not a decoder that
     *                                             takes {@code input_ids}
     * @throws BadInputException                   when {@code path} is not an ONNX file or folder, or the settings
     *                                             ask for more context than the model has
     */
    public static LlamaOnnxModel open(Path path, LlamaOnnxSettings settings) {
        if (path == null) {
            throw new BadInputException("model path is null");
        }
        if (settings == null) {
            throw new BadInputException("settings are null");
        }
        ModelFiles files = ModelFiles.locate(path, settings.wantedVariant());
        ModelConfig config = ModelConfig.read(files.config(), files.generationConfig());
        TextTokenizer tokenizer = TextTokenizer.load(files.tokenizer());
        OnnxModel onnx = null;
        try {
            onnx = OnnxModel.open(files.graph(), settings.session());
            KvDecoder decoder = new KvDecoder(OnnxModel.environment(), onnx.session(), onnx.path());
            DecoderSignature sig = decoder.signature();
            if (!sig.acceptsInputIds() || sig.isEncoderDecoder()) {
                throw new ModelCorruptException(files.graph(), files.graph() + " is not a decoder-only graph that "
                        + "takes input_ids: " + sig);
            }
            if (sig.vocabSize() > 0 && tokenizer.vocabSize() > sig.vocabSize()) {
                throw new ModelCorruptException(files.tokenizer(), files.tokenizer() + " has " + tokenizer.vocabSize()
                        + " ids but " + files.graph() + " gives logits for " + sig.vocabSize()
                        + ": the tokenizer belongs to another model");
            }
            int context = contextLength(config, settings, sig, files);
            int[] stops = stopIds(config, tokenizer, sig.vocabSize());
            LlamaOnnxModel model = new LlamaOnnxModel(files, onnx, decoder, tokenizer, settings, context, stops,
                    config.padId().orElse(0));
            LOG.info("loaded {} ({}, {} on {}, context {}, stop ids {})", files.graph(), files.variantLabel(), sig,
                    onnx.device(), context, Arrays.toString(stops));
            return model;
        } catch (RuntimeException e) {
            try {
                if (onnx != null) {
                    onnx.close();
                }
            } finally {
                tokenizer.close();
            }
            throw e;
        }
    }

    private static int contextLength(ModelConfig config, LlamaOnnxSettings settings, DecoderSignature sig,
                                     ModelFiles files) {
        OptionalInt declared = config.maxPositionEmbeddings().isPresent() ? config.maxPositionEmbeddings()
                : sig.contextLength();
        if (settings.contextLength() > 0) {
            if (declared.isPresent() && settings.contextLength() > declared.getAsInt()) {
                throw new BadInputException("a context of " + settings.contextLength() + " tokens was asked for but "
                        + files.config() + " gives max_position_embeddings " + declared.getAsInt());
            }
            return settings.contextLength();
        }
        if (declared.isEmpty() || declared.getAsInt() < 2) {
            throw new ModelCorruptException(files.config(), files.config() + " has no usable max_position_embeddings "
                    + "and the graph's metadata names no context window; give the context length explicitly");
        }
        return Math.min(declared.getAsInt(), LlamaOnnxSettings.DEFAULT_CONTEXT_CAP);
    }

    private static int[] stopIds(ModelConfig config, TextTokenizer tokenizer, int vocab) {
        TreeSet<Integer> ids = new TreeSet<>(config.eosIds());
        if (ids.isEmpty()) {
            // No eos_token_id in either file: Llama 3's three end ids if this is a Llama 3 vocabulary, else the
            // tokenizer's own end-of-sequence token.
            if (tokenizer.tokenId("<|eot_id|>").orElse(-1) == 128009) {
                Arrays.stream(LLAMA3_STOPS).forEach(ids::add);
            } else {
                tokenizer.specialTokens().eosId().ifPresent(id -> ids.add((int) id));
            }
        }
        if (vocab > 0) {
            ids.removeIf(id -> id >= vocab);
        }
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    // ------------------------------------------------------------------------------------------- SceneLanguageModel

    /**
     * The reply to the request's last user message, rendered with the Llama 3 chat template.
     *
     * @throws BadInputException              when the request or the sink is null, or the prompt does not fit the
     *                                        context window
     * @throws dev.echollama.InferenceException when ONNX Runtime fails
     * @throws IllegalStateException          after {@link #close()}
     */
    @Override
    public Generation generate(LanguageRequest request, TokenSink sink) {
        if (request == null) {
            throw new BadInputException("request is null");
        }
        if (sink == null) {
            throw new BadInputException("sink is null; pass TokenSink.none() to ignore the pieces");
        }
        return whileOpen(() -> decode(promptIds(request), request.options(), sink)).toGeneration();
    }

    /** The chat prompt of {@code request} as the model sees it: the template's text. */
    String promptText(LanguageRequest request) {
        return settings.template().render(withSystemPrompt(request), true);
    }

    /** The chat prompt of {@code request} as token ids (the template writes BOS; no other special tokens added). */
    int[] promptIds(LanguageRequest request) {
        return ids(tokenizer.encode(promptText(request), false));
    }

    static List<ChatMessage> withSystemPrompt(LanguageRequest request) {
        List<ChatMessage> messages = request.messages();
        if (messages.get(0).role() == ChatMessage.Role.SYSTEM) {
            return messages;
        }
        List<ChatMessage> out = new ArrayList<>(messages.size() + 1);
        out.add(ChatMessage.system(request.scene().map(s -> s.prompt().system())
                .orElse(ScenePromptBuilder.PAPER_SYSTEM_PROMPT)));
        out.addAll(messages);
        return out;
    }

    /** Tokens {@code text} takes in the model's tokenizer, without special tokens. */
    @Override
    public int countTokens(String text) {
        if (text == null) {
            throw new BadInputException("text is null");
        }
        return whileOpen(() -> tokenizer.encode(text, false).length);
    }

    /** The context window: the settings' value, else config.json's {@code max_position_embeddings} capped. */
    @Override
    public int contextLength() {
        return whileOpen(() -> contextLength);
    }

    // ------------------------------------------------------------------------------------------- raw completion

    /**
     * Continues {@code promptIds} as they are (no chat template, no special tokens added).
     *
     * @param promptIds the prompt, BOS included if the model wants one; at least one id
     * @param options   sampling and limits; stop strings apply to the text
     * @param sink      receives the generated text piece by piece; {@link TokenSink#none()} to ignore it
     * @throws BadInputException when an argument is null or empty, an id is outside the vocabulary, or the prompt
     *                           does not fit the context window
     */
    public Completion complete(int[] promptIds, GenerationOptions options, TokenSink sink) {
        if (promptIds == null || options == null || sink == null) {
            throw new BadInputException("prompt ids, options and sink must not be null");
        }
        if (promptIds.length == 0) {
            throw new BadInputException("the prompt holds no token id; give at least one (e.g. BOS)");
        }
        int[] ids = promptIds.clone();
        return whileOpen(() -> decode(ids, options, sink));
    }

    /**
     * Continues {@code text} tokenized as it is, with the special tokens the tokenizer's post-processor adds (BOS
     * for Llama), and no chat template.
     */
    public Completion complete(String text, GenerationOptions options, TokenSink sink) {
        if (text == null) {
            throw new BadInputException("prompt text is null");
        }
        return complete(encode(text, true), options, sink);
    }

    /** Token ids of {@code text} in the model's tokenizer; {@code addSpecialTokens} applies its post-processor. */
    public int[] encode(String text, boolean addSpecialTokens) {
        if (text == null) {
            throw new BadInputException("text is null");
        }
        return whileOpen(() -> ids(tokenizer.encode(text, addSpecialTokens)));
    }

    /** The text of {@code ids}, special tokens left out. */
    public String decode(int[] ids) {
        if (ids == null) {
            throw new BadInputException("ids are null");
        }
        long[] longs = Arrays.stream(ids).asLongStream().toArray();
        return whileOpen(() -> tokenizer.decode(longs, true));
    }

    /** The ids that end a generation (never part of the text), ascending. */
    public int[] stopTokenIds() {
        return stopIds.clone();
    }

    /** The ONNX graph file that was loaded. Works after close. */
    public Path path() {
        return files.graph();
    }

    /** The export variant loaded ({@code q4f16}, {@code fp32}, ...), or the file name of a graph that is none of ours. */
    public String variant() {
        return files.variantLabel();
    }

    /** The device the session runs on (CPU after a CUDA fallback). */
    public Device device() {
        return whileOpen(onnx::device);
    }

    private Completion decode(int[] promptIds, GenerationOptions options, TokenSink sink) {
        TextStreamer streamer = new TextStreamer(options, sink);
        StreamingDetokenizer detokenizer = new StreamingDetokenizer(tokenizer, true);
        for (int i = Math.max(0, promptIds.length - PRIMING_IDS); i < promptIds.length; i++) {
            detokenizer.push(promptIds[i]); // context only: its text is the prompt's, not the reply's
        }
        DecodeRequest request = DecodeRequest.builder()
                .prompt(promptIds)
                .options(options)
                .stopTokens(stopIds)
                .contextLength(contextLength)
                .padTokenId(padId)
                .cacheMode(settings.kvCache() ? DecodeRequest.CacheMode.KV_CACHE : DecodeRequest.CacheMode.RECOMPUTE)
                .build();
        TokenListener listener = new TokenListener() {
            private boolean ended;

            @Override
            public void onToken(int row, int tokenId) {
                if (!ended && !streamer.accept(detokenizer.push(tokenId))) {
                    ended = true; // a stop string, the token limit or the sink: no further run
                }
            }

            @Override
            public boolean isCancelled() {
                return ended || closing || streamer.cancelled();
            }
        };
        DecodeResult result = decoder.generate(request, listener);
        streamer.end(result.finish()); // kept only when the text side did not end it first
        return new Completion(promptIds, result.ids(), streamer.text(), streamer.finish());
    }

    private static int[] ids(long[] ids) {
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = Math.toIntExact(ids[i]);
        }
        return out;
    }

    private <T> T whileOpen(Supplier<T> body) {
        lifecycle.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("Llama ONNX model " + files.graph() + " is closed");
            }
            return body.get();
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /** Cancels generations in progress, waits for them, frees the session and the tokenizer. Idempotent. */
    @Override
    public void close() {
        closing = true;
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            try {
                onnx.close();
            } finally {
                tokenizer.close();
            }
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    @Override
    public String toString() {
        return "LlamaOnnxModel[" + files.graph() + ", " + files.variantLabel() + ", context " + contextLength + "]";
    }
}

package dev.echollama.llm.llamacpp;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaIterator;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.ModelParameters;
import dev.echollama.BadInputException;
import dev.echollama.InferenceException;
import dev.echollama.ModelCorruptException;
import dev.echollama.ModelMissingException;
import dev.echollama.language.Generation;
import dev.echollama.language.GenerationOptions;
import dev.echollama.language.LanguageRequest;
import dev.echollama.language.SceneLanguageModel;
import dev.echollama.language.TokenSink;
import dev.echollama.onnx.text.Llama3ChatTemplate;
import dev.echollama.llm.internal.TextStreamer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A GGUF model run by llama.cpp (through de.kherud:llama). {@link #generate} renders the conversation with the
 * Llama 3 chat template ({@link Llama3ChatTemplate}, without its BOS: llama.cpp adds BOS itself as the GGUF's
 * {@code tokenizer.ggml.add_bos_token} says) and stops at the model's end-of-generation tokens (for Llama 3.x
 * GGUF files these are 128001, 128008 and 128009). {@link #complete} runs a raw prompt with no template. Every
 * call evaluates its whole prompt afresh (no prompt cache), so equal greedy requests give equal replies.
 *
 * <p>Thread-safe: llama.cpp runs one generation at a time here, so concurrent calls to {@code generate} and
 * {@code complete} wait for each other; tokenizing runs alongside. {@link #close()} waits for the call in
 * progress, frees the model, and is idempotent; later calls throw {@link IllegalStateException}.
 */
public final class LlamaCppModel implements SceneLanguageModel {
    private static final byte[] GGUF_MAGIC = "GGUF".getBytes(StandardCharsets.US_ASCII);

    private final Path path;
    private final int contextLength;
    private final Llama3ChatTemplate template;
    private final LlamaModel model;
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private final ReentrantLock engine = new ReentrantLock();
    private boolean closed;

    private LlamaCppModel(Path path, int contextLength, Llama3ChatTemplate template, LlamaModel model) {
        this.path = path;
        this.contextLength = contextLength;
        this.template = template;
        this.model = model;
    }

    /**
     * Loads a GGUF file.
     *
     * @param gpuLayers layers to offload to a GPU (ignored, with a warning from llama.cpp, by CPU-only natives)
     * @param threads   CPU threads; 0 for llama.cpp's default
     * @throws ModelMissingException when the file is not there
     * @throws ModelCorruptException when it is not a GGUF file or llama.cpp cannot load it
     */
    static LlamaCppModel load(Path gguf, int contextLength, int gpuLayers, int threads, Llama3ChatTemplate template) {
        checkGguf(gguf);
        Throwable nativeFailure = LlamaNatives.load();
        if (nativeFailure != null) {
            throw new InferenceException("llama.cpp's native library did not load on " + System.getProperty("os.name")
                    + "/" + System.getProperty("os.arch") + ": " + nativeFailure, nativeFailure);
        }
        ModelParameters p = new ModelParameters()
                .setModel(gguf.toAbsolutePath().toString())
                .setCtxSize(contextLength)
                .setGpuLayers(gpuLayers);
        if (threads > 0) {
            p.setThreads(threads).setThreadsBatch(threads);
        }
        try {
            return new LlamaCppModel(gguf, contextLength, template, new LlamaModel(p));
        } catch (RuntimeException e) { // de.kherud.llama.LlamaException is not public
            throw new ModelCorruptException(gguf, "llama.cpp could not load " + gguf + ": " + e.getMessage(), e);
        }
    }

    static void checkGguf(Path gguf) {
        if (!Files.isRegularFile(gguf)) {
            throw new ModelMissingException(gguf, "GGUF file " + gguf + " does not exist");
        }
        byte[] head = new byte[4];
        int n;
        try (InputStream in = Files.newInputStream(gguf)) {
            n = in.readNBytes(head, 0, 4);
        } catch (IOException e) {
            throw new ModelCorruptException(gguf, "cannot read " + gguf + ": " + e.getMessage(), e);
        }
        if (n < 4 || !java.util.Arrays.equals(head, GGUF_MAGIC)) {
            throw new ModelCorruptException(gguf, gguf + " is not a GGUF file: expected the magic bytes 'GGUF', found "
                    + java.util.HexFormat.ofDelimiter(" ").formatHex(head, 0, n));
        }
    }

    /** The reply to the last user message, with the Llama 3 chat template. */
    @Override
    public Generation generate(LanguageRequest request, TokenSink sink) {
        if (request == null) {
            throw new BadInputException("request is null");
        }
        if (sink == null) {
            throw new BadInputException("sink is null; pass TokenSink.none() to discard the pieces");
        }
        // llama.cpp adds BOS itself for Llama 3 GGUF files: drop the template's, or the prompt would start with two.
        String prompt = template.render(request.messages(), true).substring(Llama3ChatTemplate.BEGIN_OF_TEXT.length());
        return run(prompt, request.options(), sink);
    }

    /**
     * Continues {@code prompt} as it is, with no chat template (BOS is added by llama.cpp when the GGUF asks for
     * it). The raw path for base models and for checking the engine against reference outputs.
     */
    public Generation complete(String prompt, GenerationOptions options, TokenSink sink) {
        if (prompt == null || options == null || sink == null) {
            throw new BadInputException("prompt, options and sink must not be null");
        }
        return run(prompt, options, sink);
    }

    private Generation run(String prompt, GenerationOptions o, TokenSink sink) {
        lifecycle.readLock().lock();
        try {
            ensureOpen();
            int promptTokens = model.encode(prompt).length + 1; // + BOS
            if (promptTokens >= contextLength) {
                throw new BadInputException("the prompt takes " + promptTokens + " tokens; the context holds "
                        + contextLength + " (option " + LlamaCppProvider.CONTEXT + ")");
            }
            int budget = Math.min(o.maxNewTokens(), contextLength - promptTokens);
            InferenceParameters p = new InferenceParameters(prompt)
                    .setNPredict(budget)
                    .setTemperature((float) o.temperature())
                    .setTopP((float) o.topP())
                    .setTopK(o.topK()) // 0: off, as in GenerationOptions
                    .setMinP((float) o.minP())
                    .setRepeatPenalty((float) o.repetitionPenalty())
                    // No prompt cache: with it, llama.cpp's server reused the previous call's KV cache in a way
                    // that depends on timing, and greedy replies to the same request differed under CPU load
                    // (61 of 200 on stories260K, against 0 of 200 with every prompt evaluated afresh).
                    .setCachePrompt(false);
            if (o.seed().isPresent()) {
                p.setSeed((int) o.seed().getAsLong());
            }
            if (!o.stopStrings().isEmpty()) {
                p.setStopStrings(o.stopStrings().toArray(String[]::new));
            }
            TextStreamer out = new TextStreamer(o.withMaxNewTokens(budget), sink);
            engine.lock();
            try {
                LlamaIterator it = model.generate(p).iterator();
                try {
                    while (it.hasNext()) {
                        if (out.cancelled()) {
                            it.cancel();
                            break;
                        }
                        LlamaOutput piece = it.next();
                        if (!piece.text.isEmpty() && !out.accept(piece.text)) {
                            it.cancel();
                            break;
                        }
                    }
                } catch (RuntimeException e) {
                    it.cancel();
                    throw e;
                }
            } catch (BadInputException | InferenceException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new InferenceException("llama.cpp failed on " + path + ": " + e.getMessage(), e);
            } finally {
                engine.unlock();
            }
            out.end(out.pieces() >= budget ? Generation.Finish.LENGTH : Generation.Finish.STOP);
            return new Generation(out.text(), promptTokens, out.pieces(), out.finish());
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /** The model's token ids for {@code text}, without BOS (llama.cpp's own tokenizer). */
    public int[] tokenize(String text) {
        if (text == null) {
            throw new BadInputException("text is null");
        }
        lifecycle.readLock().lock();
        try {
            ensureOpen();
            return model.encode(text);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /** The text of these ids, as llama.cpp writes it (a piece keeps its leading space). */
    public String detokenize(int[] ids) {
        if (ids == null) {
            throw new BadInputException("ids are null");
        }
        lifecycle.readLock().lock();
        try {
            ensureOpen();
            return model.decode(ids);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    @Override
    public int countTokens(String text) {
        return tokenize(text).length;
    }

    /** The context window this model was loaded with ({@code llamacpp.context}). */
    @Override
    public int contextLength() {
        lifecycle.readLock().lock();
        try {
            ensureOpen();
            return contextLength;
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /** The GGUF file. */
    public Path path() {
        return path;
    }

    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                model.close();
            }
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("llama.cpp model " + path + " is closed");
        }
    }

    @Override
    public String toString() {
        return "LlamaCppModel[" + path + ", context=" + contextLength + (closed ? ", closed" : "") + "]";
    }
}

package dev.echollama.onnx.decoder;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.platform.Fp16Conversions;
import dev.echollama.BadInputException;
import dev.echollama.InferenceException;
import dev.echollama.language.Generation.Finish;
import dev.echollama.onnx.decoder.DecoderSignature.CacheKind;
import dev.echollama.onnx.decoder.DecoderSignature.CacheSlot;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One {@link KvDecoder#generate} call: its tensors, its cache, its rows. Every tensor it creates or receives is
 * registered in {@link #open} and closed either as soon as it is superseded or in {@link #close()}.
 *
 * <p>Layout: all rows share one physical sequence of {@link #length} positions; row b's first {@code pad[b]}
 * positions are padding (attention mask 0, position id 1, as transformers does). Rows that have finished keep being
 * fed {@code padTokenId} (mask 1) so the batch stays rectangular; their outputs are ignored.
 */
final class DecodeRun implements AutoCloseable {
    private final OrtEnvironment env;
    private final OrtSession session;
    private final DecoderSignature sig;
    private final DecodeRequest req;
    private final TokenListener listener;
    private final ValueObserver observer;
    private final Set<OnnxTensor> open = Collections.newSetFromMap(new IdentityHashMap<>());

    private final int batch;
    private final boolean embeds;
    private final int[] pad;
    private final int promptLength;
    private final int context;
    private final int vocab;
    private final int hidden;
    private int[][] tokens;
    private final List<float[]> generatedEmbeddings = new ArrayList<>();
    private int length;

    private final IntHistory[] histories;
    private final Finish[] finish;
    private final int[] stopToken;
    private final boolean[] active;
    private final Sampler sampler;
    private float[][] rowLogits;
    private short[] halfScratch;

    /** past input name -> the tensor to feed (empty at first, then the previous run's present). */
    private final Map<String, OnnxTensor> past = new HashMap<>();
    private final Map<String, OnnxTensor> emptyPast = new HashMap<>();
    private boolean cacheFilled;
    private boolean encoderCacheHeld;
    private final Map<Boolean, OnnxTensor> useCacheBranch = new HashMap<>();
    private OnnxTensor logitsToKeep;
    private OnnxTensor encoderMask;
    private OnnxTensor stepLogits;
    private ByteBuffer stepLogitsBuffer;
    private final Map<OnnxTensor, ByteBuffer> pinnedBuffers = new IdentityHashMap<>();

    private long prefillRunNanos;
    private long decodeRunNanos;
    private int runs;

    DecodeRun(OrtEnvironment env, OrtSession session, DecoderSignature sig, DecodeRequest req,
              TokenListener listener, ValueObserver observer) {
        this.env = env;
        this.session = session;
        this.sig = sig;
        this.req = req;
        this.listener = listener;
        this.observer = observer;
        this.batch = req.batchSize();
        this.embeds = req.hasEmbeddings();
        this.vocab = sig.vocabSize();
        if (embeds && !sig.acceptsInputsEmbeds()) {
            throw new BadInputException(sig.source() + " takes input_ids, not embeddings");
        }
        if (!embeds && !sig.acceptsInputIds()) {
            throw new BadInputException(sig.source() + " takes inputs_embeds: give embeddings and a TokenEmbedder");
        }
        if (sig.isEncoderDecoder() && req.encoderHiddenStates() == null) {
            throw new BadInputException(sig.source() + " is an encoder-decoder graph: the request needs "
                    + "encoderHiddenStates");
        }
        if (req.encoderHiddenStates() != null) {
            long[] shape = req.encoderHiddenStates().getInfo().getShape();
            if (shape.length != 3 || shape[0] != batch) {
                throw new BadInputException("encoderHiddenStates must be [" + batch + ", frames, d_model], got "
                        + Arrays.toString(shape));
            }
        }
        this.pad = new int[batch];
        this.histories = new IntHistory[batch];
        if (embeds) {
            this.promptLength = req.embeddingLength();
            System.arraycopy(req.embeddingPadding(), 0, pad, 0, batch);
            if (!sig.hasAttentionMask() && Arrays.stream(pad).anyMatch(p -> p > 0)) {
                throw new BadInputException(sig.source() + " declares no attention_mask, so embedding rows cannot be "
                        + "left-padded");
            }
            int cells = batch * promptLength;
            this.hidden = req.embeddingsView().length / cells;
            if (sig.hiddenSize() > 0 && sig.hiddenSize() != hidden) {
                throw new BadInputException("embeddings have hidden size " + hidden + " but " + sig.source()
                        + " declares inputs_embeds [.., .., " + sig.hiddenSize() + "]");
            }
            for (int b = 0; b < batch; b++) {
                histories[b] = IntHistory.of(new int[0]);
            }
            this.tokens = new int[batch][Math.max(16, 2 * promptLength)];
        } else {
            this.hidden = 0;
            List<int[]> rows = req.promptIdsView();
            int longest = rows.stream().mapToInt(r -> r.length).max().orElse(0);
            this.promptLength = longest;
            if (!sig.hasAttentionMask() && rows.stream().anyMatch(r -> r.length != longest)) {
                throw new BadInputException(sig.source() + " declares no attention_mask, so prompt rows of different "
                        + "lengths cannot be left-padded; give rows of equal length or one row per call");
            }
            this.tokens = new int[batch][Math.max(16, 2 * longest)];
            for (int b = 0; b < batch; b++) {
                int[] row = rows.get(b);
                pad[b] = longest - row.length;
                Arrays.fill(tokens[b], 0, pad[b], req.padTokenId());
                for (int j = 0; j < row.length; j++) {
                    if (vocab > 0 && row[j] >= vocab) {
                        throw new BadInputException("prompt row " + b + " holds token id " + row[j]
                                + " outside the vocabulary of " + sig.source() + " (" + vocab + " ids)");
                    }
                    tokens[b][pad[b] + j] = row[j];
                }
                histories[b] = IntHistory.of(row);
            }
        }
        this.length = promptLength;
        int limit = req.contextLength() > 0 ? req.contextLength() : sig.contextLength().orElse(Integer.MAX_VALUE);
        if (promptLength > limit) {
            throw new BadInputException("the prompt takes " + promptLength + " positions but the context window of "
                    + sig.source() + " is " + limit);
        }
        this.context = limit;
        this.finish = new Finish[batch];
        this.stopToken = new int[batch];
        Arrays.fill(stopToken, -1);
        this.active = new boolean[batch];
        Arrays.fill(active, true);
        this.sampler = new Sampler(req.sampling(), req.processors());
        for (CacheSlot s : sig.slots()) {
            long[] shape = s.info().getShape();
            if (shape[0] > 0 && shape[0] != batch) {
                throw new BadInputException(sig.source() + " has a fixed batch of " + shape[0] + " in " + s.pastName()
                        + ", the request has " + batch + " rows");
            }
        }
    }

    DecodeResult execute() {
        long start = System.nanoTime();
        if (listener.isCancelled()) {
            return finishAll(Finish.CANCELLED, start);
        }
        if (length >= context) {
            return finishAll(Finish.LENGTH, start);
        }
        createEmptyPast();
        boolean kv = req.cacheMode() == DecodeRequest.CacheMode.KV_CACHE && !sig.slots().isEmpty();
        if (kv) {
            int chunk = req.prefillChunk() > 0 ? req.prefillChunk() : promptLength;
            for (int from = 0; from < promptLength; from += chunk) {
                runCached(from, Math.min(promptLength, from + chunk), true);
            }
        } else {
            runFull(true);
        }
        int[] next = new int[batch];
        sampleRows(next);
        long mark = System.nanoTime();
        long prefillNanos = mark - start;
        emit(next);
        long[] stepNanos = new long[Math.min(req.maxNewTokens(), 1024)];
        int steps = 0;
        while (anyActive()) {
            if (length + 1 >= context) { // the sampled, not yet fed token already takes the last position
                endActive(Finish.LENGTH);
                break;
            }
            if (listener.isCancelled()) {
                endActive(Finish.CANCELLED);
                break;
            }
            append(next);
            if (kv) {
                runCached(length - 1, length, false);
            } else {
                runFull(false);
            }
            sampleRows(next);
            long now = System.nanoTime();
            if (steps == stepNanos.length) {
                stepNanos = Arrays.copyOf(stepNanos, steps * 2);
            }
            stepNanos[steps++] = now - mark;
            mark = now;
            emit(next);
        }
        return result(prefillNanos, Arrays.copyOf(stepNanos, steps));
    }

    // ---------------------------------------------------------------- sampling and rows

    private void sampleRows(int[] next) {
        for (int b = 0; b < batch; b++) {
            next[b] = active[b] ? sampler.sample(rowLogits[b], histories[b]) : req.padTokenId();
        }
    }

    /** Applies stop / length rules and streams the accepted ids. */
    private void emit(int[] next) {
        for (int b = 0; b < batch; b++) {
            if (!active[b]) {
                next[b] = req.padTokenId();
                continue;
            }
            int id = next[b];
            if (isStop(id)) {
                active[b] = false;
                finish[b] = Finish.STOP;
                stopToken[b] = id;
                next[b] = req.padTokenId();
                continue;
            }
            histories[b].add(id);
            listener.onToken(b, id);
            if (histories[b].generatedCount() >= req.maxNewTokens()) {
                active[b] = false;
                finish[b] = Finish.LENGTH;
            }
        }
    }

    private boolean isStop(int id) {
        for (int s : req.stopTokensView()) {
            if (s == id) {
                return true;
            }
        }
        return false;
    }

    private boolean anyActive() {
        for (boolean a : active) {
            if (a) {
                return true;
            }
        }
        return false;
    }

    private void endActive(Finish why) {
        for (int b = 0; b < batch; b++) {
            if (active[b]) {
                active[b] = false;
                finish[b] = why;
            }
        }
    }

    /** Appends one position holding {@code next[b]} to every row. */
    private void append(int[] next) {
        if (length == tokens[0].length) {
            for (int b = 0; b < batch; b++) {
                tokens[b] = Arrays.copyOf(tokens[b], length * 2);
            }
        }
        for (int b = 0; b < batch; b++) {
            tokens[b][length] = next[b];
        }
        if (embeds) {
            float[] e = req.embedder().embed(next.clone());
            if (e == null || e.length != batch * hidden) {
                throw new BadInputException("the TokenEmbedder returned " + (e == null ? "null" : e.length + " floats")
                        + " for " + batch + " ids; expected " + batch + " x " + hidden);
            }
            generatedEmbeddings.add(e);
        }
        length++;
    }

    private DecodeResult finishAll(Finish why, long start) {
        endActive(why);
        return result(System.nanoTime() - start, new long[0]);
    }

    private DecodeResult result(long prefillNanos, long[] stepNanos) {
        List<DecodeResult.Sequence> rows = new ArrayList<>(batch);
        for (int b = 0; b < batch; b++) {
            rows.add(new DecodeResult.Sequence(histories[b].prompt(), histories[b].generated(), finish[b],
                    stopToken[b]));
        }
        return new DecodeResult(rows,
                new DecodeResult.Timings(prefillNanos, stepNanos, prefillRunNanos, decodeRunNanos, runs));
    }

    // ---------------------------------------------------------------- runs

    /** Runs positions [from, to) on top of the cache, then replaces the pasts with the presents. */
    private void runCached(int from, int to, boolean prefill) {
        List<OnnxTensor> temp = new ArrayList<>();
        Map<String, OnnxTensor> feeds = commonFeeds(from, to, cacheFilled, temp);
        feeds.putAll(past);
        Set<String> outputs = new LinkedHashSet<>();
        for (CacheSlot s : sig.slots()) {
            if (s.kind() != CacheKind.ENCODER || !encoderCacheHeld) {
                outputs.add(s.presentName());
            }
        }
        boolean lastChunk = to == length;
        Map<String, OnnxTensor> presents = run(feeds, outputs, temp, to - from, lastChunk, prefill);
        for (CacheSlot s : sig.slots()) {
            if (s.kind() == CacheKind.ENCODER && encoderCacheHeld) {
                continue; // constant once computed: keep feeding the first run's encoder presents
            }
            OnnxTensor fresh = presents.remove(s.presentName());
            if (fresh == null) {
                throw new InferenceException(sig.source() + ": run returned no " + s.presentName());
            }
            OnnxTensor old = past.put(s.pastName(), fresh);
            if (old != emptyPast.get(s.pastName())) {
                release(old);
            }
        }
        presents.values().forEach(this::release);
        cacheFilled = true;
        encoderCacheHeld = sig.slots().stream().anyMatch(s -> s.kind() == CacheKind.ENCODER);
    }

    /** Runs the whole sequence with empty pasts (no cache). */
    private void runFull(boolean prefill) {
        List<OnnxTensor> temp = new ArrayList<>();
        Map<String, OnnxTensor> feeds = commonFeeds(0, length, false, temp);
        feeds.putAll(emptyPast);
        Map<String, OnnxTensor> rest = run(feeds, Set.of(), temp, length, true, prefill);
        rest.values().forEach(this::release);
    }

    /**
     * Runs once, reads the last position's logits into {@link #rowLogits} when {@code wantLogits}, closes the
     * per-run inputs and returns the owned outputs other than logits (the caller takes or releases them).
     */
    private Map<String, OnnxTensor> run(Map<String, OnnxTensor> feeds, Set<String> outputs, List<OnnxTensor> temp,
                                        int newPositions, boolean wantLogits, boolean prefill) {
        int logitsRows = sig.hasNumLogitsToKeep() ? 1 : newPositions;
        OnnxTensor pinned = wantLogits ? pinnedLogits(logitsRows) : null;
        Set<String> requested = new LinkedHashSet<>(outputs);
        if (wantLogits && pinned == null) {
            requested.add(DecoderSignature.LOGITS);
        }
        Map<String, OnnxTensor> pinnedMap = pinned == null ? Map.of() : Map.of(DecoderSignature.LOGITS, pinned);
        Map<String, OnnxTensor> received = new HashMap<>();
        OrtSession.Result result;
        long t0 = System.nanoTime();
        try {
            result = session.run(feeds, requested, pinnedMap);
        } catch (OrtException e) {
            throw new InferenceException(sig.source() + ": run failed for positions " + (length - newPositions)
                    + ".." + (length - 1) + " of " + batch + " row(s): " + e.getMessage(), e);
        } finally {
            temp.forEach(this::release);
        }
        long dt = System.nanoTime() - t0;
        runs++;
        if (prefill) {
            prefillRunNanos += dt;
        } else {
            decodeRunNanos += dt;
        }
        // Take every owned output into this run's ledger before anything can throw. The Result itself is never
        // closed: closing it would close the presents that become the next run's pasts.
        String notTensor = null;
        for (Map.Entry<String, OnnxValue> e : result) {
            OnnxValue v = e.getValue();
            if (v == pinned) {
                continue;
            }
            if (v instanceof OnnxTensor t) {
                track(t, false);
                received.put(e.getKey(), t);
            } else {
                v.close();
                notTensor = e.getKey();
            }
        }
        if (notTensor != null) {
            throw new InferenceException(sig.source() + ": output " + notTensor + " is not a tensor");
        }
        if (wantLogits) {
            if (pinned != null) {
                readPinned(pinned, logitsRows);
            } else {
                OnnxTensor logits = received.remove(DecoderSignature.LOGITS);
                if (logits == null) {
                    throw new InferenceException(sig.source() + ": run returned no logits");
                }
                readUnpinned(logits);
                release(logits);
            }
        }
        return received;
    }

    /** Inputs other than the cache for positions [from, to). */
    private Map<String, OnnxTensor> commonFeeds(int from, int to, boolean useCache, List<OnnxTensor> temp) {
        Map<String, OnnxTensor> feeds = new HashMap<>();
        int n = to - from;
        if (embeds) {
            feeds.put(DecoderSignature.INPUTS_EMBEDS, temp(temp, embeddingTensor(from, to)));
        } else {
            long[] ids = new long[batch * n];
            for (int b = 0; b < batch; b++) {
                for (int j = 0; j < n; j++) {
                    ids[b * n + j] = tokens[b][from + j];
                }
            }
            feeds.put(DecoderSignature.INPUT_IDS,
                    temp(temp, ints(sig.input(DecoderSignature.INPUT_IDS).type, ids, batch, n)));
        }
        if (sig.hasAttentionMask()) {
            long[] mask = new long[batch * to];
            for (int b = 0; b < batch; b++) {
                Arrays.fill(mask, b * to + Math.min(pad[b], to), (b + 1) * to, 1L);
            }
            feeds.put(DecoderSignature.ATTENTION_MASK,
                    temp(temp, ints(sig.input(DecoderSignature.ATTENTION_MASK).type, mask, batch, to)));
        }
        if (sig.hasPositionIds()) {
            long[] pos = new long[batch * n];
            for (int b = 0; b < batch; b++) {
                for (int j = 0; j < n; j++) {
                    int p = from + j;
                    pos[b * n + j] = p < pad[b] ? 1 : p - pad[b];
                }
            }
            feeds.put(DecoderSignature.POSITION_IDS,
                    temp(temp, ints(sig.input(DecoderSignature.POSITION_IDS).type, pos, batch, n)));
        }
        if (sig.hasUseCacheBranch()) {
            feeds.put(DecoderSignature.USE_CACHE_BRANCH, useCacheBranch(useCache));
        }
        if (sig.hasNumLogitsToKeep()) {
            if (logitsToKeep == null) {
                TensorInfo info = sig.input(DecoderSignature.NUM_LOGITS_TO_KEEP);
                long[] shape = info.getShape().length == 0 ? new long[0] : new long[] {1};
                logitsToKeep = track(create(info.type, new long[] {1}, shape));
            }
            feeds.put(DecoderSignature.NUM_LOGITS_TO_KEEP, logitsToKeep);
        }
        if (req.encoderHiddenStates() != null && sig.isEncoderDecoder()) {
            feeds.put(DecoderSignature.ENCODER_HIDDEN_STATES, req.encoderHiddenStates());
            TensorInfo maskInfo = sig.input(DecoderSignature.ENCODER_ATTENTION_MASK);
            if (maskInfo != null) {
                if (encoderMask == null) {
                    int frames = (int) req.encoderHiddenStates().getInfo().getShape()[1];
                    long[] ones = new long[batch * frames];
                    Arrays.fill(ones, 1L);
                    encoderMask = track(ints(maskInfo.type, ones, batch, frames));
                }
                feeds.put(DecoderSignature.ENCODER_ATTENTION_MASK, encoderMask);
            }
        }
        return feeds;
    }

    private OnnxTensor useCacheBranch(boolean value) {
        return useCacheBranch.computeIfAbsent(value, v -> {
            TensorInfo info = sig.input(DecoderSignature.USE_CACHE_BRANCH);
            long[] shape = info.getShape().length == 0 ? new long[0] : new long[] {1};
            ByteBuffer buf = ByteBuffer.allocateDirect(1).order(ByteOrder.nativeOrder());
            buf.put(0, (byte) (v ? 1 : 0));
            return track(tensor(buf, shape, OnnxJavaType.BOOL));
        });
    }

    private OnnxTensor embeddingTensor(int from, int to) {
        int n = to - from;
        float[] data = new float[batch * n * hidden];
        float[] prompt = req.embeddingsView();
        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < n; j++) {
                int p = from + j;
                int dst = (b * n + j) * hidden;
                if (p < promptLength) {
                    System.arraycopy(prompt, (b * promptLength + p) * hidden, data, dst, hidden);
                } else {
                    System.arraycopy(generatedEmbeddings.get(p - promptLength), b * hidden, data, dst, hidden);
                }
            }
        }
        long[] shape = {batch, n, hidden};
        OnnxJavaType type = sig.input(DecoderSignature.INPUTS_EMBEDS).type;
        if (type == OnnxJavaType.FLOAT) {
            return tensorFloats(data, shape);
        }
        ByteBuffer buf = ByteBuffer.allocateDirect(data.length * 2).order(ByteOrder.nativeOrder());
        ShortBuffer sb = buf.asShortBuffer();
        for (float f : data) {
            sb.put(type == OnnxJavaType.FLOAT16 ? Fp16Conversions.floatToFp16(f) : Fp16Conversions.floatToBf16(f));
        }
        return tensor(buf, shape, type);
    }

    /** Past tensors with every symbolic dimension 0 except the batch (MODELS.md §0.5), of the declared type. */
    private void createEmptyPast() {
        for (CacheSlot s : sig.slots()) {
            long[] declared = s.info().getShape();
            long[] shape = new long[declared.length];
            long elements = 1;
            for (int d = 0; d < declared.length; d++) {
                shape[d] = d == 0 ? batch : Math.max(0, declared[d]);
                elements *= shape[d];
            }
            ByteBuffer buf = ByteBuffer.allocateDirect((int) (elements * s.info().type.size))
                    .order(ByteOrder.nativeOrder());
            OnnxTensor t = track(tensor(buf, shape, s.info().type));
            emptyPast.put(s.pastName(), t);
            past.put(s.pastName(), t);
        }
    }

    // ---------------------------------------------------------------- logits

    /**
     * A tensor over a direct buffer that ORT writes the logits into (a pinned output), so that reading one row costs
     * no copy of the whole [batch, seq, vocab] block. Only possible when the vocabulary size is declared.
     */
    private OnnxTensor pinnedLogits(int rows) {
        TensorInfo info = sig.logitsInfo();
        if (vocab <= 0 || info.getShape().length != 3) {
            return null;
        }
        if (rows == 1 && stepLogits != null) {
            return stepLogits;
        }
        long bytes = (long) batch * rows * vocab * info.type.size;
        if (bytes > Integer.MAX_VALUE) {
            return null;
        }
        ByteBuffer buf = ByteBuffer.allocateDirect((int) bytes).order(ByteOrder.nativeOrder());
        OnnxTensor t = track(tensor(buf, new long[] {batch, rows, vocab}, info.type));
        if (rows == 1) {
            stepLogits = t;
            stepLogitsBuffer = buf;
        } else {
            pinnedBuffers.put(t, buf);
        }
        return t;
    }

    private void readPinned(OnnxTensor pinned, int rows) {
        ByteBuffer buf = pinned == stepLogits ? stepLogitsBuffer : pinnedBuffers.remove(pinned);
        ensureRowLogits(vocab);
        OnnxJavaType type = sig.logitsInfo().type;
        for (int b = 0; b < batch; b++) {
            int offset = (b * rows + rows - 1) * vocab;
            if (type == OnnxJavaType.FLOAT) {
                buf.asFloatBuffer().get(offset, rowLogits[b], 0, vocab);
            } else {
                if (halfScratch == null || halfScratch.length != vocab) {
                    halfScratch = new short[vocab];
                }
                buf.asShortBuffer().get(offset, halfScratch, 0, vocab);
                float[] dst = rowLogits[b];
                boolean f16 = type == OnnxJavaType.FLOAT16;
                for (int i = 0; i < vocab; i++) {
                    dst[i] = f16 ? Fp16Conversions.fp16ToFloat(halfScratch[i])
                            : Fp16Conversions.bf16ToFloat(halfScratch[i]);
                }
            }
        }
        if (pinned != stepLogits) {
            release(pinned);
        }
    }

    private void readUnpinned(OnnxTensor logits) {
        long[] shape = logits.getInfo().getShape();
        int v = (int) shape[shape.length - 1];
        long total = logits.getInfo().getNumElements();
        if (shape[0] != batch || total % batch != 0) {
            throw new InferenceException(sig.source() + ": logits have shape " + Arrays.toString(shape) + " for "
                    + batch + " row(s)");
        }
        int perRow = (int) (total / batch);
        FloatBuffer fb = logits.getFloatBuffer();
        if (fb == null) {
            throw new InferenceException(sig.source() + ": cannot read logits of type " + logits.getInfo().type);
        }
        ensureRowLogits(v);
        for (int b = 0; b < batch; b++) {
            fb.get(b * perRow + perRow - v, rowLogits[b], 0, v);
        }
    }

    private void ensureRowLogits(int v) {
        if (rowLogits == null || rowLogits[0].length != v) {
            rowLogits = new float[batch][v];
        }
    }

    // ---------------------------------------------------------------- tensors

    private OnnxTensor ints(OnnxJavaType type, long[] values, int rows, int cols) {
        return create(type, values, new long[] {rows, cols});
    }

    private OnnxTensor create(OnnxJavaType type, long[] values, long[] shape) {
        try {
            if (type == OnnxJavaType.INT64) {
                return OnnxTensor.createTensor(env, LongBuffer.wrap(values), shape);
            }
            int[] narrow = new int[values.length];
            for (int i = 0; i < values.length; i++) {
                narrow[i] = Math.toIntExact(values[i]);
            }
            return OnnxTensor.createTensor(env, IntBuffer.wrap(narrow), shape);
        } catch (OrtException e) {
            throw new InferenceException("cannot create an " + type + " tensor " + Arrays.toString(shape), e);
        }
    }

    private OnnxTensor tensorFloats(float[] data, long[] shape) {
        try {
            return OnnxTensor.createTensor(env, FloatBuffer.wrap(data), shape);
        } catch (OrtException e) {
            throw new InferenceException("cannot create a float tensor " + Arrays.toString(shape), e);
        }
    }

    private OnnxTensor tensor(ByteBuffer buf, long[] shape, OnnxJavaType type) {
        try {
            return OnnxTensor.createTensor(env, buf, shape, type);
        } catch (OrtException e) {
            throw new InferenceException("cannot create a " + type + " tensor " + Arrays.toString(shape), e);
        }
    }

    private OnnxTensor temp(List<OnnxTensor> temp, OnnxTensor t) {
        temp.add(track(t));
        return t;
    }

    private OnnxTensor track(OnnxTensor t) {
        return track(t, true);
    }

    private OnnxTensor track(OnnxTensor t, boolean created) {
        open.add(t);
        observer.opened(t, created);
        return t;
    }

    private void release(OnnxTensor t) {
        if (t != null && open.remove(t)) {
            t.close();
        }
    }

    @Override
    public void close() {
        for (OnnxTensor t : new ArrayList<>(open)) {
            t.close();
        }
        open.clear();
    }
}

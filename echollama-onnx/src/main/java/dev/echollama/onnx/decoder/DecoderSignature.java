package dev.echollama.onnx.decoder;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.echollama.ModelCorruptException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a decoder session declares, read once from its input/output metadata (MODELS.md §0): which token input it
 * takes, which optional inputs it wants, how many cache layers, KV heads and head size, and the element types of
 * the cache and the logits. Nothing is assumed that the session can tell. Immutable and thread-safe.
 */
public final class DecoderSignature {
    static final String INPUT_IDS = "input_ids";
    static final String INPUTS_EMBEDS = "inputs_embeds";
    static final String ATTENTION_MASK = "attention_mask";
    static final String POSITION_IDS = "position_ids";
    static final String USE_CACHE_BRANCH = "use_cache_branch";
    static final String NUM_LOGITS_TO_KEEP = "num_logits_to_keep";
    static final String ENCODER_HIDDEN_STATES = "encoder_hidden_states";
    static final String ENCODER_ATTENTION_MASK = "encoder_attention_mask";
    static final String LOGITS = "logits";

    private static final Pattern PAST = Pattern.compile("past_key_values\\.(\\d+)\\.(?:(decoder|encoder)\\.)?(key|value)");
    private static final List<String> CONTEXT_KEYS =
            List.of("max_position_embeddings", "max_seq_len", "context_length", "n_ctx", "max_target_positions");

    /** Which attention a cache tensor belongs to. */
    enum CacheKind { SELF, DECODER, ENCODER }

    /** One past input and the present output that replaces it. */
    record CacheSlot(int layer, CacheKind kind, boolean key, String pastName, String presentName, TensorInfo info) {
    }

    private final Map<String, TensorInfo> inputs;
    private final List<CacheSlot> slots;
    private final TensorInfo logits;
    private final OptionalInt contextLength;
    private final String source;

    private DecoderSignature(Map<String, TensorInfo> inputs, List<CacheSlot> slots, TensorInfo logits,
                             OptionalInt contextLength, String source) {
        this.inputs = inputs;
        this.slots = slots;
        this.logits = logits;
        this.contextLength = contextLength;
        this.source = source;
    }

    /** Reads the signature of {@code session}; {@code source} (may be null) names the file in error messages. */
    public static DecoderSignature of(OrtSession session, Path source) {
        String where = source != null ? source.toString() : "decoder session";
        Map<String, TensorInfo> in = new TreeMap<>();
        Map<String, TensorInfo> out = new TreeMap<>();
        OptionalInt context = OptionalInt.empty();
        try {
            collect(session.getInputInfo(), in, where, "input");
            collect(session.getOutputInfo(), out, where, "output");
            Map<String, String> meta = session.getMetadata().getCustomMetadata();
            for (String key : CONTEXT_KEYS) {
                String v = meta.get(key);
                if (v != null && v.trim().matches("\\d+")) {
                    context = OptionalInt.of(Integer.parseInt(v.trim()));
                    break;
                }
            }
        } catch (OrtException e) {
            throw new ModelCorruptException(source, where + ": cannot read input/output metadata: " + e.getMessage(), e);
        }
        List<String> problems = new ArrayList<>();
        if (!in.containsKey(INPUT_IDS) && !in.containsKey(INPUTS_EMBEDS)) {
            problems.add("no input named input_ids or inputs_embeds (inputs: " + in.keySet() + ")");
        }
        TensorInfo logits = out.get(LOGITS);
        if (logits == null) {
            problems.add("no output named logits (outputs: " + out.keySet() + ")");
        } else if (!isFloating(logits.type)) {
            problems.add("logits must be float32, float16 or bfloat16, got " + logits.type);
        }
        List<CacheSlot> slots = new ArrayList<>();
        Set<String> known = Set.of(INPUT_IDS, INPUTS_EMBEDS, ATTENTION_MASK, POSITION_IDS, USE_CACHE_BRANCH,
                NUM_LOGITS_TO_KEEP, ENCODER_HIDDEN_STATES, ENCODER_ATTENTION_MASK);
        for (Map.Entry<String, TensorInfo> e : in.entrySet()) {
            String name = e.getKey();
            Matcher m = PAST.matcher(name);
            if (m.matches()) {
                CacheKind kind = m.group(2) == null ? CacheKind.SELF
                        : m.group(2).equals("decoder") ? CacheKind.DECODER : CacheKind.ENCODER;
                String present = "present" + name.substring("past_key_values".length());
                if (!out.containsKey(present)) {
                    problems.add("input " + name + " has no matching output " + present);
                } else if (e.getValue().getShape().length != 4) {
                    problems.add(name + " must be [batch, heads, sequence, head_size], got shape "
                            + Arrays.toString(e.getValue().getShape()));
                } else {
                    slots.add(new CacheSlot(Integer.parseInt(m.group(1)), kind, m.group(3).equals("key"), name,
                            present, e.getValue()));
                }
            } else if (!known.contains(name)) {
                problems.add("input " + name + " is not one a decoder can feed");
            }
        }
        for (String typed : List.of(INPUT_IDS, ATTENTION_MASK, POSITION_IDS, NUM_LOGITS_TO_KEEP,
                ENCODER_ATTENTION_MASK)) {
            TensorInfo t = in.get(typed);
            if (t != null && t.type != OnnxJavaType.INT64 && t.type != OnnxJavaType.INT32) {
                problems.add(typed + " must be int64 or int32, got " + t.type);
            }
        }
        TensorInfo embeds = in.get(INPUTS_EMBEDS);
        if (embeds != null && !isFloating(embeds.type)) {
            problems.add("inputs_embeds must be float32, float16 or bfloat16, got " + embeds.type);
        }
        TensorInfo branch = in.get(USE_CACHE_BRANCH);
        if (branch != null && branch.type != OnnxJavaType.BOOL) {
            problems.add("use_cache_branch must be bool, got " + branch.type);
        }
        slots.sort(Comparator.comparingInt(CacheSlot::layer).thenComparing(CacheSlot::kind)
                .thenComparing(s -> !s.key()));
        checkLayers(slots, problems);
        if (slots.stream().anyMatch(s -> s.kind() == CacheKind.ENCODER) && !in.containsKey(ENCODER_HIDDEN_STATES)) {
            problems.add("encoder caches are declared but no encoder_hidden_states input");
        }
        if (!problems.isEmpty()) {
            throw new ModelCorruptException(source, where + " is not a decoder export the SDK can drive: "
                    + String.join("; ", problems));
        }
        return new DecoderSignature(Map.copyOf(in), List.copyOf(slots), logits, context, where);
    }

    /** Same as {@link #of(OrtSession, Path)} without a file name. */
    public static DecoderSignature of(OrtSession session) {
        return of(session, null);
    }

    private static void checkLayers(List<CacheSlot> slots, List<String> problems) {
        TreeMap<Integer, List<CacheSlot>> byLayer = new TreeMap<>();
        for (CacheSlot s : slots) {
            byLayer.computeIfAbsent(s.layer(), k -> new ArrayList<>()).add(s);
        }
        int expected = 0;
        Integer perLayer = null;
        for (Map.Entry<Integer, List<CacheSlot>> e : byLayer.entrySet()) {
            if (e.getKey() != expected) {
                problems.add("cache layers must be numbered 0.." + (byLayer.size() - 1) + ", found " + byLayer.keySet());
                return;
            }
            expected++;
            long keys = e.getValue().stream().filter(CacheSlot::key).count();
            if (keys * 2 != e.getValue().size()) {
                problems.add("layer " + e.getKey() + " needs a value for every key, got "
                        + e.getValue().stream().map(CacheSlot::pastName).toList());
            }
            if (perLayer != null && perLayer != e.getValue().size()) {
                problems.add("layer " + e.getKey() + " has " + e.getValue().size() + " cache inputs, layer 0 has "
                        + perLayer);
            }
            perLayer = e.getValue().size();
        }
        boolean self = slots.stream().anyMatch(s -> s.kind() == CacheKind.SELF);
        boolean decoder = slots.stream().anyMatch(s -> s.kind() == CacheKind.DECODER);
        if (self && decoder) {
            problems.add("mixes past_key_values.{i}.key and past_key_values.{i}.decoder.key names");
        }
    }

    private static void collect(Map<String, NodeInfo> infos, Map<String, TensorInfo> into, String where,
                                String what) {
        for (Map.Entry<String, NodeInfo> e : infos.entrySet()) {
            if (!(e.getValue().getInfo() instanceof TensorInfo t)) {
                throw new ModelCorruptException(null, where + ": " + what + " " + e.getKey()
                        + " is not a tensor: " + e.getValue().getInfo());
            }
            into.put(e.getKey(), t);
        }
    }

    private static boolean isFloating(OnnxJavaType t) {
        return t == OnnxJavaType.FLOAT || t == OnnxJavaType.FLOAT16 || t == OnnxJavaType.BFLOAT16;
    }

    /** Whether the session takes token ids ({@code input_ids}). */
    public boolean acceptsInputIds() {
        return inputs.containsKey(INPUT_IDS);
    }

    /** Whether the session takes embeddings ({@code inputs_embeds}). */
    public boolean acceptsInputsEmbeds() {
        return inputs.containsKey(INPUTS_EMBEDS);
    }

    /** Number of cache layers (0 for a graph without a cache). */
    public int layers() {
        return slots.isEmpty() ? 0 : slots.get(slots.size() - 1).layer() + 1;
    }

    /** KV heads of the (self / decoder) cache, or -1 when the dimension is symbolic or there is no cache. */
    public int kvHeads() {
        return selfSlot().map(s -> (int) s.info().getShape()[1]).orElse(-1);
    }

    /** Head size of the (self / decoder) cache, or -1 when the dimension is symbolic or there is no cache. */
    public int headSize() {
        return selfSlot().map(s -> (int) s.info().getShape()[3]).orElse(-1);
    }

    /** Element type of the (self / decoder) cache, e.g. FLOAT or FLOAT16; empty without a cache. */
    public Optional<OnnxJavaType> cacheType() {
        return selfSlot().map(s -> s.info().type);
    }

    /** Element type of {@code logits}. */
    public OnnxJavaType logitsType() {
        return logits.type;
    }

    /** Vocabulary size (last dimension of {@code logits}), or -1 when symbolic. */
    public int vocabSize() {
        long[] shape = logits.getShape();
        return shape.length == 0 ? -1 : (int) shape[shape.length - 1];
    }

    /** Last dimension of {@code inputs_embeds}, or -1 when absent or symbolic. */
    public int hiddenSize() {
        TensorInfo t = inputs.get(INPUTS_EMBEDS);
        return t == null || t.getShape().length != 3 ? -1 : (int) t.getShape()[2];
    }

    public boolean hasAttentionMask() {
        return inputs.containsKey(ATTENTION_MASK);
    }

    public boolean hasPositionIds() {
        return inputs.containsKey(POSITION_IDS);
    }

    /** Whether the graph is an optimum merged decoder with a {@code use_cache_branch} switch. */
    public boolean hasUseCacheBranch() {
        return inputs.containsKey(USE_CACHE_BRANCH);
    }

    public boolean hasNumLogitsToKeep() {
        return inputs.containsKey(NUM_LOGITS_TO_KEEP);
    }

    /** Whether the graph takes {@code encoder_hidden_states} (Whisper-style encoder-decoder). */
    public boolean isEncoderDecoder() {
        return inputs.containsKey(ENCODER_HIDDEN_STATES);
    }

    /** The context window from the model's metadata ({@code max_position_embeddings}, {@code max_seq_len}, …). */
    public OptionalInt contextLength() {
        return contextLength;
    }

    List<CacheSlot> slots() {
        return slots;
    }

    TensorInfo input(String name) {
        return inputs.get(name);
    }

    TensorInfo logitsInfo() {
        return logits;
    }

    String source() {
        return source;
    }

    private Optional<CacheSlot> selfSlot() {
        return slots.stream().filter(s -> s.kind() != CacheKind.ENCODER).findFirst();
    }

    @Override
    public String toString() {
        return "DecoderSignature[" + source + ": " + (acceptsInputIds() ? "input_ids" : "inputs_embeds")
                + ", layers=" + layers() + ", kvHeads=" + kvHeads() + ", headSize=" + headSize()
                + ", cache=" + cacheType().map(Object::toString).orElse("none") + ", logits=" + logitsType()
                + ", vocab=" + vocabSize() + (hasUseCacheBranch() ? ", use_cache_branch" : "")
                + (hasNumLogitsToKeep() ? ", num_logits_to_keep" : "") + (isEncoderDecoder() ? ", encoder" : "")
                + "]";
    }
}

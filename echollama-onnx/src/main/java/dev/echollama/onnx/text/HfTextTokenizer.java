package dev.echollama.onnx.text;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.echollama.BadInputException;
import dev.echollama.ModelCorruptException;
import dev.echollama.ModelMissingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.UnaryOperator;

/** {@link TextTokenizer} on DJL's HuggingFaceTokenizer; the vocabulary is read from tokenizer.json with Jackson. */
final class HfTextTokenizer implements TextTokenizer {
    private static final String TOKENIZER_JSON = "tokenizer.json";
    private static final String TOKENIZER_CONFIG = "tokenizer_config.json";
    /** DJL defaults to truncating at 512 tokens and padding; a prompt must never be cut silently. */
    private static final Map<String, String> DJL_OPTIONS =
            Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false");

    private final Path file;
    private final HuggingFaceTokenizer tokenizer;
    private final Map<String, Long> ids;
    private final String[] tokens;
    private final Set<Long> special;
    private final SpecialTokens specialTokens;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile boolean closed; // written under the write lock

    private HfTextTokenizer(Path file, HuggingFaceTokenizer tokenizer, Vocabulary vocab, SpecialTokens specialTokens) {
        this.file = file;
        this.tokenizer = tokenizer;
        this.ids = vocab.ids;
        this.tokens = vocab.tokens;
        this.special = vocab.special;
        this.specialTokens = specialTokens;
    }

    static HfTextTokenizer load(Path folderOrFile) {
        if (folderOrFile == null) {
            throw new BadInputException("tokenizer path is null");
        }
        Path path = folderOrFile.toAbsolutePath().normalize();
        Path json = Files.isDirectory(path) ? path.resolve(TOKENIZER_JSON) : path;
        if (!Files.isRegularFile(json)) {
            throw new ModelMissingException(json, "tokenizer file not found: " + json
                    + (Files.isDirectory(path) ? "" : " (give the folder holding tokenizer.json, or the file itself)"));
        }
        Vocabulary vocab = Vocabulary.read(json);
        Path config = json.resolveSibling(TOKENIZER_CONFIG);
        SpecialTokens specials = Files.isRegularFile(config) ? fromConfig(config, vocab) : byConvention(vocab);
        optOutOfDjlTracking(System::getenv, System.getProperties());
        HuggingFaceTokenizer tokenizer;
        try {
            tokenizer = HuggingFaceTokenizer.newInstance(json, DJL_OPTIONS);
        } catch (IOException | RuntimeException e) {
            throw new ModelCorruptException(json, "cannot load tokenizer " + json + ": " + e.getMessage(), e);
        }
        return new HfTextTokenizer(json, tokenizer, vocab, specials);
    }

    /**
     * DJL reports usage from EC2/SageMaker hosts unless told not to (its {@code Ec2Utils.callHome}, run by every
     * {@code HuggingFaceTokenizer.newInstance}); the SDK never phones home. A value the user set either way wins.
     */
    static void optOutOfDjlTracking(UnaryOperator<String> env, Properties properties) {
        if (env.apply("OPT_OUT_TRACKING") == null && properties.getProperty("OPT_OUT_TRACKING") == null) {
            properties.setProperty("OPT_OUT_TRACKING", "true");
        }
    }

    /** The vocabulary and added tokens of a tokenizer.json, read without building a tree of its merges. */
    private static final class Vocabulary {
        final Map<String, Long> ids = new HashMap<>();
        final Set<Long> special = new HashSet<>();
        final Map<String, Long> specialByText = new HashMap<>();
        String[] tokens;

        static Vocabulary read(Path json) {
            Vocabulary v = new Vocabulary();
            try (JsonParser p = new JsonFactory().createParser(json.toFile())) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    throw new IOException("not a JSON object");
                }
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    p.nextToken();
                    if (field.equals("added_tokens") && p.currentToken() == JsonToken.START_ARRAY) {
                        v.readAdded(p);
                    } else if (field.equals("model") && p.currentToken() == JsonToken.START_OBJECT) {
                        v.readModel(p);
                    } else {
                        p.skipChildren();
                    }
                }
            } catch (IOException | RuntimeException e) {
                throw new ModelCorruptException(json, "cannot read tokenizer " + json + ": " + e.getMessage(), e);
            }
            if (v.ids.isEmpty()) {
                throw new ModelCorruptException(json, "tokenizer " + json + " has no model.vocab and no added_tokens");
            }
            long max = v.ids.values().stream().mapToLong(Long::longValue).max().orElse(-1);
            if (max >= Integer.MAX_VALUE - 8) {
                throw new ModelCorruptException(json, "tokenizer " + json + " has an id of " + max);
            }
            v.tokens = new String[(int) max + 1];
            v.ids.forEach((text, id) -> {
                // An added token may repeat a vocabulary entry; either spelling is the same id.
                if (v.tokens[id.intValue()] == null || v.special.contains(id)) {
                    v.tokens[id.intValue()] = text;
                }
            });
            return v;
        }

        private void readModel(JsonParser p) throws IOException {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                if (field.equals("vocab") && t == JsonToken.START_OBJECT) { // BPE, WordPiece, WordLevel
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String piece = p.currentName();
                        p.nextToken();
                        ids.putIfAbsent(piece, p.getLongValue());
                    }
                } else if (field.equals("vocab") && t == JsonToken.START_ARRAY) { // Unigram: [[piece, score], ...]
                    long id = 0;
                    while (p.nextToken() == JsonToken.START_ARRAY) {
                        p.nextToken();
                        ids.putIfAbsent(p.getText(), id++);
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            p.skipChildren();
                        }
                    }
                } else {
                    p.skipChildren();
                }
            }
        }

        private void readAdded(JsonParser p) throws IOException {
            while (p.nextToken() == JsonToken.START_OBJECT) {
                Long id = null;
                String content = null;
                boolean isSpecial = false;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    p.nextToken();
                    switch (field) {
                        case "id" -> id = p.getLongValue();
                        case "content" -> content = p.getText();
                        case "special" -> isSpecial = p.getBooleanValue();
                        default -> p.skipChildren();
                    }
                }
                if (id != null && content != null) {
                    ids.put(content, id);
                    if (isSpecial) {
                        special.add(id);
                        specialByText.put(content, id);
                    }
                }
            }
        }

        SpecialTokens.Token token(String text) {
            Long id = text == null ? null : ids.get(text);
            return id == null ? null : new SpecialTokens.Token(text, id);
        }
    }

    private static SpecialTokens fromConfig(Path config, Vocabulary vocab) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(config.toFile());
        } catch (IOException e) {
            throw new ModelCorruptException(config, "cannot read " + config + ": " + e.getMessage(), e);
        }
        JsonNode decoderTable = root.path("added_tokens_decoder");
        for (Map.Entry<String, JsonNode> e : decoderTable.properties()) {
            if (e.getValue().path("special").asBoolean(false)) {
                try {
                    vocab.special.add(Long.parseLong(e.getKey()));
                } catch (NumberFormatException ignored) {
                    // Not an id: leave the tokenizer.json's own special flags in charge.
                }
            }
        }
        return new SpecialTokens(vocab.token(tokenText(root.get("bos_token"))),
                vocab.token(tokenText(root.get("eos_token"))), vocab.token(tokenText(root.get("pad_token"))),
                vocab.token(tokenText(root.get("unk_token"))));
    }

    /** A special token in tokenizer_config.json is a string or an object with "content". */
    private static String tokenText(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            return node.asText();
        }
        JsonNode content = node.get("content");
        return content != null && content.isTextual() ? content.asText() : null;
    }

    private static SpecialTokens byConvention(Vocabulary vocab) {
        return new SpecialTokens(
                first(vocab, List.of("<s>", "<|begin_of_text|>", "<bos>", "<|startoftext|>", "<|endoftext|>")),
                first(vocab, List.of("</s>", "<|end_of_text|>", "<eos>", "<|endoftext|>")),
                first(vocab, List.of("<pad>", "<|pad|>", "[PAD]")),
                first(vocab, List.of("<unk>", "<|unk|>", "[UNK]")));
    }

    private static SpecialTokens.Token first(Vocabulary vocab, List<String> names) {
        for (String n : names) {
            Long id = vocab.specialByText.get(n);
            if (id != null) {
                return new SpecialTokens.Token(n, id);
            }
        }
        return null;
    }

    @Override
    public long[] encode(String text, boolean addSpecialTokens) {
        if (text == null) {
            throw new BadInputException("text to encode is null");
        }
        lock.readLock().lock();
        try {
            ensureOpen();
            return tokenizer.encode(text, addSpecialTokens, false).getIds();
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public String decode(long[] ids, boolean skipSpecialTokens) {
        if (ids == null) {
            throw new BadInputException("ids to decode are null");
        }
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= tokens.length) {
                throw new BadInputException("token id " + ids[i] + " at index " + i + " is outside the vocabulary [0, "
                        + tokens.length + ") of " + file);
            }
        }
        lock.readLock().lock();
        try {
            ensureOpen();
            return tokenizer.decode(ids, skipSpecialTokens);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public OptionalLong tokenId(String token) {
        ensureOpen();
        Long id = token == null ? null : ids.get(token);
        return id == null ? OptionalLong.empty() : OptionalLong.of(id);
    }

    @Override
    public Optional<String> token(long id) {
        ensureOpen();
        return id < 0 || id >= tokens.length ? Optional.empty() : Optional.ofNullable(tokens[(int) id]);
    }

    @Override
    public boolean isSpecial(long id) {
        ensureOpen();
        return special.contains(id);
    }

    @Override
    public SpecialTokens specialTokens() {
        ensureOpen();
        return specialTokens;
    }

    @Override
    public int vocabSize() {
        ensureOpen();
        return tokens.length;
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                tokenizer.close();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("tokenizer " + file + " is closed");
        }
    }

    @Override
    public String toString() {
        return "TextTokenizer[" + file + ", " + tokens.length + " ids]";
    }
}

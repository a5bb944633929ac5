package dev.echollama.testkit.onnx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable ONNX model (ModelProto) that serialises itself to the protobuf wire format without any protobuf
 * library. Defaults: IR version 8, opset 17 of the default domain, producer {@code echollama-testkit}.
 *
 * <pre>{@code
 * Graph g = Graph.builder("double")
 *         .input("x", ElementType.FLOAT, "batch_size", 3)
 *         .output("y", ElementType.FLOAT, "batch_size", 3)
 *         .node("Add", List.of("x", "x"), List.of("y"))
 *         .build();
 * OnnxModel.builder(g).metadata("purpose", "test").build().write(dir.resolve("model.onnx"));
 * }</pre>
 *
 * <p>Thread-safe (immutable). The bytes are produced on each call to {@link #toByteArray()}.
 */
public final class OnnxModel {
    /** The IR version written unless told otherwise (ONNX 1.10 - 1.12 era; read by every current ORT). */
    public static final long DEFAULT_IR_VERSION = 8;
    /** The default-domain opset imported unless told otherwise. */
    public static final long DEFAULT_OPSET = 17;

    private final Graph graph;
    private final long irVersion;
    private final Map<String, Long> opsets;
    private final String producerName;
    private final String producerVersion;
    private final String docString;
    private final Map<String, String> metadata;

    private OnnxModel(Builder b) {
        this.graph = b.graph;
        this.irVersion = b.irVersion;
        this.opsets = Map.copyOf(b.opsets);
        this.producerName = b.producerName;
        this.producerVersion = b.producerVersion;
        this.docString = b.docString;
        this.metadata = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.metadata));
    }

    /** Starts a model around its main graph. */
    public static Builder builder(Graph graph) {
        return new Builder(graph);
    }

    public Graph graph() {
        return graph;
    }

    /** metadata_props in insertion order (read-only). */
    public Map<String, String> metadata() {
        return metadata;
    }

    /**
     * ModelProto: ir_version = 1, producer_name = 2, producer_version = 3, doc_string = 6, graph = 7,
     * opset_import = 8 (OperatorSetIdProto: domain = 1, version = 2), metadata_props = 14
     * (StringStringEntryProto: key = 1, value = 2).
     */
    public byte[] toByteArray() {
        ProtoWriter w = new ProtoWriter().int64(1, irVersion);
        if (!producerName.isEmpty()) {
            w.string(2, producerName);
        }
        if (!producerVersion.isEmpty()) {
            w.string(3, producerVersion);
        }
        if (!docString.isEmpty()) {
            w.string(6, docString);
        }
        w.message(7, graph.encode());
        // Default domain first, then the rest by name, so the bytes do not depend on map order.
        opsets.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> w.message(8, new ProtoWriter().string(1, e.getKey()).int64(2, e.getValue())));
        metadata.forEach((k, v) -> w.message(14, new ProtoWriter().string(1, k).string(2, v)));
        return w.toByteArray();
    }

    /**
     * Writes the model to {@code file} (parent folders are created). The bytes go to a temporary file in the same
     * folder first and are then moved into place, so a reader never sees a half-written model.
     *
     * @return {@code file}
     * @throws UncheckedIOException if the file cannot be written
     */
    public Path write(Path file) {
        Path target = file.toAbsolutePath();
        try {
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
            try {
                Files.write(tmp, toByteArray());
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write ONNX model " + target + ": " + e.getMessage(), e);
        }
        return file;
    }

    /** Collects model-level fields. Not thread-safe. */
    public static final class Builder {
        private final Graph graph;
        private long irVersion = DEFAULT_IR_VERSION;
        private final Map<String, Long> opsets = new LinkedHashMap<>(Map.of("", DEFAULT_OPSET));
        private String producerName = "echollama-testkit";
        private String producerVersion = "";
        private String docString = "";
        private final Map<String, String> metadata = new LinkedHashMap<>();

        private Builder(Graph graph) {
            this.graph = Objects.requireNonNull(graph, "graph");
        }

        public Builder irVersion(long version) {
            this.irVersion = version;
            return this;
        }

        /** Imports operator set {@code version} of {@code domain} ({@code ""} = default ONNX domain). */
        public Builder opset(String domain, long version) {
            opsets.put(Objects.requireNonNull(domain, "domain"), version);
            return this;
        }

        public Builder producer(String name, String version) {
            this.producerName = Objects.requireNonNull(name, "name");
            this.producerVersion = Objects.requireNonNull(version, "version");
            return this;
        }

        public Builder docString(String text) {
            this.docString = Objects.requireNonNull(text, "text");
            return this;
        }

        /** Adds a metadata_props entry (ORT exposes them as custom metadata); a key may appear once. */
        public Builder metadata(String key, String value) {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
            if (metadata.putIfAbsent(key, value) != null) {
                throw new IllegalArgumentException("metadata key '" + key + "' given twice");
            }
            return this;
        }

        /**
         * Builds the model after checking the IR version and opsets are positive and that every node input of the
         * main graph and its subgraphs is defined in scope.
         */
        public OnnxModel build() {
            if (irVersion < 3) {
                throw new IllegalStateException("IR version must be at least 3 (opset imports), got " + irVersion);
            }
            opsets.forEach((d, v) -> {
                if (v < 1) {
                    throw new IllegalStateException("opset version for domain '" + d + "' must be positive, got " + v);
                }
            });
            graph.checkScopes(java.util.Set.of());
            return new OnnxModel(this);
        }
    }
}

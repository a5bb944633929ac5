package dev.echollama.onnx;

import dev.echollama.BadInputException;
import dev.echollama.ModelCorruptException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The inputs and outputs a model module expects of an ONNX export, checked against what a session declares
 * before the first run, so that a wrong file fails at load time with one message listing every difference
 * (missing names, element types, ranks, fixed sizes) instead of an ORT error on the first image.
 *
 * <p>Names are matched by default. Graphs whose names are meaningless or unstable (MiDaS' {@code "0"} in and
 * {@code "797"} out) can be bound {@linkplain Builder#bindByIndex() by position}: the expected specs then give the
 * SDK's own names, and the {@link Binding} maps them to the graph's. A {@link TensorSpec#DYNAMIC} axis in an
 * expectation accepts any size; a fixed expected size only conflicts with a different <em>fixed</em> declared size
 * (a dynamic declared axis accepts what the SDK will feed). Inputs the graph declares but the signature does not
 * list are mismatches (the SDK would not feed them, so every run would fail) unless
 * {@link Builder#allowExtraInputs()}; extra outputs are always fine.
 *
 * <p>Immutable and thread-safe.
 */
public final class GraphSignature {
    private final List<TensorSpec> inputs;
    private final List<TensorSpec> outputs;
    private final boolean byIndex;
    private final boolean allowExtraInputs;

    private GraphSignature(Builder b) {
        this.inputs = List.copyOf(b.inputs);
        this.outputs = List.copyOf(b.outputs);
        this.byIndex = b.byIndex;
        this.allowExtraInputs = b.allowExtraInputs;
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<TensorSpec> inputs() {
        return inputs;
    }

    public List<TensorSpec> outputs() {
        return outputs;
    }

    /**
     * Checks {@code model}'s declared inputs and outputs against this signature.
     *
     * @return how the expected names map onto the graph's, with the declared specs (element types included)
     * @throws ModelCorruptException listing every mismatch in one message that names the model file
     */
    public Binding check(OnnxModel model) {
        return check(model.path(), model.inputs(), model.outputs());
    }

    /** As {@link #check(OnnxModel)}, on declared specs read elsewhere; {@code file} is named in the message. */
    Binding check(Path file, List<TensorSpec> declaredInputs, List<TensorSpec> declaredOutputs) {
        List<String> problems = new ArrayList<>();
        Map<String, TensorSpec> in = bind("input", inputs, declaredInputs, !allowExtraInputs, problems);
        Map<String, TensorSpec> out = bind("output", outputs, declaredOutputs, false, problems);
        if (!problems.isEmpty()) {
            StringBuilder sb = new StringBuilder("ONNX model ").append(file)
                    .append(" does not have the inputs/outputs this SDK expects (").append(problems.size())
                    .append(problems.size() == 1 ? " mismatch):" : " mismatches):");
            for (String p : problems) {
                sb.append("\n  - ").append(p);
            }
            sb.append("\n  declared inputs: ").append(declaredInputs)
                    .append("\n  declared outputs: ").append(declaredOutputs);
            throw new ModelCorruptException(file, sb.toString());
        }
        return new Binding(in, out);
    }

    private Map<String, TensorSpec> bind(String kind, List<TensorSpec> expected, List<TensorSpec> declared,
                                         boolean extraIsProblem, List<String> problems) {
        Map<String, TensorSpec> bound = new LinkedHashMap<>();
        Set<String> used = new HashSet<>();
        for (int i = 0; i < expected.size(); i++) {
            TensorSpec want = expected.get(i);
            TensorSpec have = byIndex
                    ? (i < declared.size() ? declared.get(i) : null)
                    : declared.stream().filter(d -> d.name().equals(want.name())).findFirst().orElse(null);
            String label = byIndex ? kind + " #" + i + " (" + want.name() + ")" : kind + " '" + want.name() + "'";
            if (have == null) {
                if (!want.optional()) {
                    problems.add("missing " + label + ": expected " + want.typesText() + " " + want.shapeText());
                }
                continue;
            }
            used.add(have.name());
            bound.put(want.name(), have);
            String where = byIndex ? label + " = '" + have.name() + "'" : label;
            ElementType type = have.types().size() == 1 ? have.types().iterator().next() : ElementType.OTHER;
            if (!want.types().isEmpty() && !want.types().contains(type)) {
                problems.add(where + ": element type " + type + ", expected " + want.typesText());
            }
            if (want.rank() >= 0 && have.rank() >= 0) {
                if (want.rank() != have.rank()) {
                    problems.add(where + ": rank " + have.rank() + " " + have.shapeText() + ", expected rank "
                            + want.rank() + " " + want.shapeText());
                } else {
                    for (int a = 0; a < want.rank(); a++) {
                        long w = want.dim(a);
                        long h = have.dim(a);
                        if (w != TensorSpec.DYNAMIC && h != TensorSpec.DYNAMIC && w != h) {
                            problems.add(where + ": axis " + a + " is " + h + ", expected " + w + " ("
                                    + have.shapeText() + " vs expected " + want.shapeText() + ")");
                        }
                    }
                }
            } else if (want.rank() >= 0) {
                problems.add(where + ": declares no tensor shape (" + have.typesText() + "), expected "
                        + want.shapeText());
            }
        }
        if (extraIsProblem) {
            for (int i = 0; i < declared.size(); i++) {
                TensorSpec d = declared.get(i);
                boolean listed = byIndex ? i < expected.size() : used.contains(d.name());
                if (!listed) {
                    problems.add("unexpected " + kind + " '" + d.name() + "' " + d.typesText() + " " + d.shapeText()
                            + ": the SDK would not feed it");
                }
            }
        }
        return bound;
    }

    /**
     * The result of a successful check: for each expected name, the graph's name and its declared spec. Use the
     * declared spec's {@link TensorSpec#type()} to build tensors (float32 vs float16) and its dims to size them.
     */
    public static final class Binding {
        private final Map<String, TensorSpec> inputs;
        private final Map<String, TensorSpec> outputs;

        private Binding(Map<String, TensorSpec> inputs, Map<String, TensorSpec> outputs) {
            this.inputs = Map.copyOf(inputs);
            this.outputs = Map.copyOf(outputs);
        }

        /** Whether the graph has the (possibly optional) expected input {@code name}. */
        public boolean hasInput(String name) {
            return inputs.containsKey(name);
        }

        /** Whether the graph has the (possibly optional) expected output {@code name}. */
        public boolean hasOutput(String name) {
            return outputs.containsKey(name);
        }

        /** The declared spec bound to expected input {@code name}; empty for an absent optional input. */
        public Optional<TensorSpec> findInput(String name) {
            return Optional.ofNullable(inputs.get(name));
        }

        /** The declared spec bound to expected output {@code name}; empty for an absent optional output. */
        public Optional<TensorSpec> findOutput(String name) {
            return Optional.ofNullable(outputs.get(name));
        }

        /**
         * The graph's name for expected input {@code name}.
         *
         * @throws IllegalArgumentException if {@code name} is absent (not in the signature, or optional and absent)
         */
        public String input(String name) {
            return require(inputs, "input", name).name();
        }

        /** The graph's name for expected output {@code name}; throws like {@link #input(String)}. */
        public String output(String name) {
            return require(outputs, "output", name).name();
        }

        /** The declared spec of expected input {@code name}; throws like {@link #input(String)}. */
        public TensorSpec inputSpec(String name) {
            return require(inputs, "input", name);
        }

        /** The declared spec of expected output {@code name}; throws like {@link #input(String)}. */
        public TensorSpec outputSpec(String name) {
            return require(outputs, "output", name);
        }

        private static TensorSpec require(Map<String, TensorSpec> map, String kind, String name) {
            TensorSpec s = map.get(name);
            if (s == null) {
                throw new IllegalArgumentException("no bound " + kind + " '" + name + "' (bound: " + map.keySet()
                        + "); optional ones are bound only when the graph declares them");
            }
            return s;
        }
    }

    /** Mutable, not thread-safe; {@link #build()} validates. */
    public static final class Builder {
        private final List<TensorSpec> inputs = new ArrayList<>();
        private final List<TensorSpec> outputs = new ArrayList<>();
        private boolean byIndex;
        private boolean allowExtraInputs;

        private Builder() {
        }

        public Builder input(TensorSpec spec) {
            inputs.add(spec);
            return this;
        }

        public Builder inputs(Collection<TensorSpec> specs) {
            inputs.addAll(specs);
            return this;
        }

        public Builder output(TensorSpec spec) {
            outputs.add(spec);
            return this;
        }

        public Builder outputs(Collection<TensorSpec> specs) {
            outputs.addAll(specs);
            return this;
        }

        /**
         * Binds expected specs to the graph's by position instead of name; the expected names become the SDK's
         * own names for them. Optional specs must then come last.
         */
        public Builder bindByIndex() {
            this.byIndex = true;
            return this;
        }

        /** Accepts inputs the graph declares but the signature does not list (the caller feeds them itself). */
        public Builder allowExtraInputs() {
            this.allowExtraInputs = true;
            return this;
        }

        public GraphSignature build() {
            List<String> problems = new ArrayList<>();
            validate("input", inputs, problems);
            validate("output", outputs, problems);
            if (!problems.isEmpty()) {
                throw new BadInputException("invalid graph signature: " + String.join("; ", problems));
            }
            return new GraphSignature(this);
        }

        private void validate(String kind, List<TensorSpec> specs, List<String> problems) {
            Set<String> names = new HashSet<>();
            boolean sawOptional = false;
            for (TensorSpec s : specs) {
                if (s == null) {
                    problems.add("null " + kind + " spec");
                    continue;
                }
                if (!names.add(s.name())) {
                    problems.add(kind + " '" + s.name() + "' listed twice");
                }
                if (byIndex && sawOptional && !s.optional()) {
                    problems.add("with bindByIndex optional " + kind + "s must come last, but '" + s.name()
                            + "' follows an optional one");
                }
                sawOptional |= s.optional();
            }
        }
    }
}

package dev.echollama.testkit.onnx;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An immutable ONNX graph (GraphProto): named inputs and outputs with declared tensor types, initializers and
 * nodes in topological order. Used as the main graph of an {@link OnnxModel} or as a subgraph attribute (the
 * branches of {@code If}), where nodes may read values of the enclosing graphs.
 *
 * <p>Made with {@link #builder(String)}; {@link Builder#build()} checks what can be checked locally (unique
 * names, every output produced); {@link OnnxModel.Builder#build()} then checks that every node input is
 * defined in scope.
 */
public final class Graph {
    private final String name;
    private final String docString;
    private final List<ValueInfo> inputs;
    private final List<ValueInfo> outputs;
    private final List<ValueInfo> valueInfos;
    private final List<Tensor> initializers;
    private final List<Node> nodes;

    private Graph(Builder b) {
        this.name = b.name;
        this.docString = b.docString;
        this.inputs = List.copyOf(b.inputs);
        this.outputs = List.copyOf(b.outputs);
        this.valueInfos = List.copyOf(b.valueInfos);
        this.initializers = List.copyOf(b.initializers);
        this.nodes = List.copyOf(b.nodes);
    }

    /** Starts a graph; {@code name} also prefixes the names {@link Builder#op} makes up, so keep it unique per model. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    public String name() {
        return name;
    }

    /** Input names in declaration order. */
    public List<String> inputNames() {
        return inputs.stream().map(ValueInfo::name).toList();
    }

    /** Output names in declaration order. */
    public List<String> outputNames() {
        return outputs.stream().map(ValueInfo::name).toList();
    }

    List<Node> nodes() {
        return nodes;
    }

    /** Names defined by this graph itself: inputs, initializers and node outputs. */
    Set<String> definedNames() {
        Set<String> s = new HashSet<>();
        inputs.forEach(v -> s.add(v.name()));
        initializers.forEach(t -> s.add(t.name()));
        nodes.forEach(n -> s.addAll(n.outputs()));
        return s;
    }

    /** Checks that each node reads only values defined before it here or in {@code outer}; recurses into subgraphs. */
    void checkScopes(Set<String> outer) {
        Set<String> visible = new HashSet<>(outer);
        inputs.forEach(v -> visible.add(v.name()));
        initializers.forEach(t -> visible.add(t.name()));
        for (Node n : nodes) {
            for (String in : n.inputs()) {
                if (!in.isEmpty() && !visible.contains(in)) {
                    throw new IllegalStateException("graph '" + name + "': node " + n.opType() + " -> " + n.outputs()
                            + " reads '" + in + "', which is not defined before it (nor in an enclosing graph)");
                }
            }
            for (Attribute a : n.attributes()) {
                if (a.graph() != null) {
                    a.graph().checkScopes(visible);
                }
            }
            visible.addAll(n.outputs());
        }
    }

    /**
     * GraphProto: node = 1, name = 2, initializer = 5, doc_string = 10, input = 11, output = 12,
     * value_info = 13.
     */
    ProtoWriter encode() {
        ProtoWriter w = new ProtoWriter();
        for (Node n : nodes) {
            w.message(1, n.encode());
        }
        w.string(2, name);
        for (Tensor t : initializers) {
            w.message(5, t.encode());
        }
        if (!docString.isEmpty()) {
            w.string(10, docString);
        }
        for (ValueInfo v : inputs) {
            w.message(11, v.encode());
        }
        for (ValueInfo v : outputs) {
            w.message(12, v.encode());
        }
        for (ValueInfo v : valueInfos) {
            w.message(13, v.encode());
        }
        return w;
    }

    @Override
    public String toString() {
        return "Graph[" + name + ", inputs " + inputs + ", outputs " + outputs + ", " + nodes.size() + " nodes]";
    }

    /** Collects a graph. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private String docString = "";
        private final List<ValueInfo> inputs = new ArrayList<>();
        private final List<ValueInfo> outputs = new ArrayList<>();
        private final List<ValueInfo> valueInfos = new ArrayList<>();
        private final List<Tensor> initializers = new ArrayList<>();
        private final List<Node> nodes = new ArrayList<>();
        private int counter;

        private Builder(String name) {
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("a graph needs a non-empty name");
            }
            this.name = name;
        }

        /**
         * Declares a graph input. Each dim is an Integer/Long (fixed size), a String (symbolic name, e.g.
         * {@code "batch_size"}) or null (unknown); no dims at all declares a scalar.
         */
        public Builder input(String inputName, ElementType type, Object... dims) {
            inputs.add(new ValueInfo(requireName(inputName), Objects.requireNonNull(type, "type"),
                    Dim.parse("input " + inputName, dims)));
            return this;
        }

        /** Declares a graph output; dims as for {@link #input}. */
        public Builder output(String outputName, ElementType type, Object... dims) {
            outputs.add(new ValueInfo(requireName(outputName), Objects.requireNonNull(type, "type"),
                    Dim.parse("output " + outputName, dims)));
            return this;
        }

        /** Declares the type of an intermediate value (optional in ONNX). */
        public Builder valueInfo(String valueName, ElementType type, Object... dims) {
            valueInfos.add(new ValueInfo(requireName(valueName), Objects.requireNonNull(type, "type"),
                    Dim.parse("value " + valueName, dims)));
            return this;
        }

        /** Adds a constant tensor, visible by its name here and in subgraphs. */
        public Builder initializer(Tensor tensor) {
            requireName(tensor.name());
            initializers.add(tensor);
            return this;
        }

        /** Adds a node of the default ONNX domain. */
        public Builder node(String opType, List<String> nodeInputs, List<String> nodeOutputs, Attribute... attributes) {
            return node("", opType, nodeInputs, nodeOutputs, attributes);
        }

        /** Adds a node of operator set {@code domain} ({@code ""} is the default ONNX domain). */
        public Builder node(String domain, String opType, List<String> nodeInputs, List<String> nodeOutputs,
                Attribute... attributes) {
            if (opType == null || opType.isEmpty()) {
                throw new IllegalArgumentException("graph '" + name + "': a node needs an op_type");
            }
            if (nodeOutputs.isEmpty()) {
                throw new IllegalArgumentException("graph '" + name + "': node " + opType + " has no outputs");
            }
            nodeOutputs.forEach(Builder::requireName);
            nodes.add(new Node(opType, Objects.requireNonNull(domain, "domain"), name + "/" + opType + "_" + (counter++),
                    List.copyOf(nodeInputs), List.copyOf(nodeOutputs), List.of(attributes)));
            return this;
        }

        /**
         * Adds a single-output node whose output gets a fresh name ({@code <graph>/<opType>_<n>}) and returns that
         * name, for writing expressions: {@code g.op("Add", List.of(a, g.op("Neg", List.of(b))))}.
         */
        public String op(String opType, List<String> nodeInputs, Attribute... attributes) {
            String out = name + "/" + opType + "_" + counter + ":0";
            node(opType, nodeInputs, List.of(out), attributes);
            return out;
        }

        /** Adds {@code tensor} as an initializer under a fresh name and returns the name. */
        public String constant(Tensor tensor) {
            String n = name + "/const_" + (counter++) + (tensor.name().isEmpty() ? "" : "_" + tensor.name());
            initializers.add(tensor.named(n));
            return n;
        }

        /** Documentation shown by tools such as Netron. */
        public Builder docString(String text) {
            this.docString = Objects.requireNonNull(text, "text");
            return this;
        }

        /**
         * Builds the graph, checking that input and node output names are unique and that every declared output
         * is an input, an initializer or a node output of this graph.
         */
        public Graph build() {
            if (outputs.isEmpty()) {
                throw new IllegalStateException("graph '" + name + "' declares no outputs");
            }
            Set<String> seen = new LinkedHashSet<>();
            for (ValueInfo v : inputs) {
                if (!seen.add(v.name())) {
                    throw new IllegalStateException("graph '" + name + "': input '" + v.name() + "' declared twice");
                }
            }
            Set<String> inits = new HashSet<>();
            for (Tensor t : initializers) {
                if (!inits.add(t.name())) {
                    throw new IllegalStateException("graph '" + name + "': initializer '" + t.name() + "' added twice");
                }
            }
            seen.addAll(inits);
            for (Node n : nodes) {
                for (String out : n.outputs()) {
                    if (!seen.add(out)) {
                        throw new IllegalStateException("graph '" + name + "': value '" + out
                                + "' is produced twice (second time by " + n.opType() + ")");
                    }
                }
            }
            Set<String> outNames = new HashSet<>();
            for (ValueInfo v : outputs) {
                if (!outNames.add(v.name())) {
                    throw new IllegalStateException("graph '" + name + "': output '" + v.name() + "' declared twice");
                }
                if (!seen.contains(v.name())) {
                    throw new IllegalStateException("graph '" + name + "': output '" + v.name()
                            + "' is not produced by any node, input or initializer of this graph");
                }
            }
            return new Graph(this);
        }

        private static String requireName(String n) {
            if (n == null || n.isEmpty()) {
                throw new IllegalArgumentException("value names must be non-empty");
            }
            return n;
        }
    }
}

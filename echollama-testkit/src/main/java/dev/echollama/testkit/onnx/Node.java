package dev.echollama.testkit.onnx;

import java.util.List;

/** One NodeProto. An empty input name means "optional input left out", as in ONNX. */
record Node(String opType, String domain, String name, List<String> inputs, List<String> outputs,
        List<Attribute> attributes) {

    /** NodeProto: input = 1, output = 2, name = 3, op_type = 4, attribute = 5, domain = 7. */
    ProtoWriter encode() {
        ProtoWriter w = new ProtoWriter();
        for (String in : inputs) {
            w.string(1, in);
        }
        for (String out : outputs) {
            w.string(2, out);
        }
        if (!name.isEmpty()) {
            w.string(3, name);
        }
        w.string(4, opType);
        for (Attribute a : attributes) {
            w.message(5, a.encode());
        }
        if (!domain.isEmpty()) {
            w.string(7, domain);
        }
        return w;
    }
}

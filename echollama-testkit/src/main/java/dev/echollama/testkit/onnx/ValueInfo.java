package dev.echollama.testkit.onnx;

import java.util.List;

/** A graph input, output or value_info entry: name and tensor type (element type plus shape). */
record ValueInfo(String name, ElementType type, List<Dim> dims) {

    /** ValueInfoProto: name = 1, type = 2; TypeProto.tensor_type = 1; Tensor: elem_type = 1, shape = 2. */
    ProtoWriter encode() {
        ProtoWriter shape = new ProtoWriter();
        for (Dim d : dims) {
            shape.message(1, d.encode());
        }
        ProtoWriter tensorType = new ProtoWriter().int64(1, type.onnxCode()).message(2, shape);
        ProtoWriter typeProto = new ProtoWriter().message(1, tensorType);
        return new ProtoWriter().string(1, name).message(2, typeProto);
    }

    @Override
    public String toString() {
        return name + ": " + type + dims;
    }
}

package dev.echollama.testkit.onnx;

import java.util.ArrayList;
import java.util.List;

/** One dimension of a declared tensor type: fixed ({@code value >= 0}), symbolic ({@code param}) or unknown. */
record Dim(long value, String param) {

    static final Dim UNKNOWN = new Dim(-1, null);

    /**
     * Parses builder arguments: an Integer/Long is a fixed size, a String a symbolic name, null an unknown dim.
     */
    static List<Dim> parse(String what, Object... dims) {
        List<Dim> out = new ArrayList<>(dims.length);
        for (Object d : dims) {
            if (d == null) {
                out.add(UNKNOWN);
            } else if (d instanceof Integer || d instanceof Long) {
                long v = ((Number) d).longValue();
                if (v < 0) {
                    throw new IllegalArgumentException(what + ": negative dimension " + v);
                }
                out.add(new Dim(v, null));
            } else if (d instanceof String s) {
                if (s.isEmpty()) {
                    throw new IllegalArgumentException(what + ": empty symbolic dimension name");
                }
                out.add(new Dim(-1, s));
            } else {
                throw new IllegalArgumentException(what + ": a dimension must be an Integer, a Long, a String or null, got "
                        + d.getClass().getName());
            }
        }
        return List.copyOf(out);
    }

    /** TensorShapeProto.Dimension: dim_value = 1, dim_param = 2; an unknown dim is an empty message. */
    ProtoWriter encode() {
        ProtoWriter w = new ProtoWriter();
        if (param != null) {
            w.string(2, param);
        } else if (value >= 0) {
            w.int64(1, value);
        }
        return w;
    }

    @Override
    public String toString() {
        return param != null ? param : value >= 0 ? Long.toString(value) : "?";
    }
}

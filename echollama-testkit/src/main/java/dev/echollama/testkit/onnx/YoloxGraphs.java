package dev.echollama.testkit.onnx;

/** Builds the YOLOX-Nano graph documented at {@link SyntheticModels#yoloxNano}. */
final class YoloxGraphs {
    private YoloxGraphs() {
    }

    static OnnxModel nano(YoloxSpec spec) {
        int size = YoloxSpec.SIZE;
        Graph.Builder g = Graph.builder("synthetic_yolox_nano")
                .input("images", ElementType.FLOAT, 1, 3, size, size)
                .output("output", ElementType.FLOAT, 1, YoloxSpec.NUM_ROWS, YoloxSpec.ROW_LENGTH);
        Ops o = new Ops(g);
        float[] table = new float[YoloxSpec.NUM_ROWS * YoloxSpec.ROW_LENGTH];
        for (YoloxSpec.Row r : spec.rows()) {
            int at = r.index() * YoloxSpec.ROW_LENGTH;
            table[at] = r.xOff();
            table[at + 1] = r.yOff();
            table[at + 2] = r.logW();
            table[at + 3] = r.logH();
            table[at + 4] = r.objectness();
            table[at + 5 + r.classId()] = r.classProb();
        }
        String head = g.constant(Tensor.floats("head", new long[] {1, YoloxSpec.NUM_ROWS, YoloxSpec.ROW_LENGTH},
                table));
        // The table plus 0 x the input's mean ([1], broadcast): the graph reads its input, as a detector's does,
        // so ORT runs it on the fed pixels; the values come out unchanged for any finite input.
        String zero = o.mul(o.reduce("ReduceMean", "images", false, 1, 2, 3), o.f32Scalar(0f));
        o.alias(o.add(head, zero), "output");
        return OnnxModel.builder(g.build())
                .docString("Synthetic YOLOX-Nano from echollama-testkit: a fixed head output; see "
                        + "SyntheticModels.yoloxNano.")
                .metadata("echollama.synthetic", "yolox-nano")
                .metadata("rows", Integer.toString(spec.rows().size()))
                .build();
    }
}

package dev.echollama.testkit.onnx;

import java.util.List;

/** Builds the DETR and depth graphs documented at {@link SyntheticModels}. */
final class VisionGraphs {
    private static final float EPS = 1e-6f;

    private VisionGraphs() {
    }

    static OnnxModel detr(DetrSpec spec) {
        ElementType io = spec.ioType();
        Graph.Builder g = Graph.builder("synthetic_detr")
                .input("pixel_values", io, "batch_size", "num_channels", "height", "width");
        if (spec.pixelMask()) {
            g.input("pixel_mask", ElementType.INT64, "batch_size", 64, 64);
        }
        g.output("logits", io, "batch_size", "num_queries", DetrSpec.NUM_LOGITS)
                .output("pred_boxes", io, "batch_size", "num_queries", 4);
        Ops o = new Ops(g);
        String pixels = io == ElementType.FLOAT ? "pixel_values" : o.cast("pixel_values", ElementType.FLOAT);
        String batch = o.dim(pixels, 0);

        int q = spec.numQueries();
        float[] logits = new float[q * DetrSpec.NUM_LOGITS];
        float[] boxes = new float[q * 4];
        float[] probeRow = new float[q];
        float[] sizeRow = new float[q];
        int firstValue = spec.valueProbeIndex();
        int valueQueries = spec.valueProbeQueries();
        for (int i = 0; i < q; i++) {
            if (i < spec.queries().size()) {
                DetrSpec.Query d = spec.queries().get(i);
                logits[i * DetrSpec.NUM_LOGITS + d.classId()] = d.logit();
                boxes[i * 4] = d.cx();
                boxes[i * 4 + 1] = d.cy();
                boxes[i * 4 + 2] = d.w();
                boxes[i * 4 + 3] = d.h();
            } else if (i == spec.probeIndex()) {
                logits[i * DetrSpec.NUM_LOGITS + spec.probeClass()] = spec.probeLogit();
                probeRow[i] = 1f;
            } else if (i == spec.sizeProbeIndex()) {
                logits[i * DetrSpec.NUM_LOGITS + spec.sizeProbeClass()] = spec.sizeProbeLogit();
                // Centred; the width and height are added from the input's shape below.
                boxes[i * 4] = 0.5f;
                boxes[i * 4 + 1] = 0.5f;
                sizeRow[i] = 1f;
            } else if (firstValue >= 0 && i >= firstValue && i < firstValue + valueQueries) {
                // Logits only; the box is made from the fed values below (the table's row stays 0).
                logits[i * DetrSpec.NUM_LOGITS + spec.valueProbeClass()] = spec.valueProbeLogit()
                        - (i - firstValue) * DetrSpec.VALUE_PROBE_LOGIT_STEP;
            } else {
                logits[i * DetrSpec.NUM_LOGITS + DetrSpec.NO_OBJECT] = DetrSpec.BACKGROUND_LOGIT;
                // A harmless box for background queries: centred, a tenth of the image.
                boxes[i * 4] = 0.5f;
                boxes[i * 4 + 1] = 0.5f;
                boxes[i * 4 + 2] = 0.1f;
                boxes[i * 4 + 3] = 0.1f;
            }
        }
        // The query count goes through Max with a runtime value so that ORT's shape inference cannot pin it to a
        // number: the outputs keep the symbolic num_queries the real export declares.
        String queries = o.max(o.i64(q), o.mul(batch, o.i64(0)));
        String batchShape = o.concat(0, batch, o.i64(1), o.i64(1));
        String logitTable = g.constant(Tensor.floats("logits", new long[] {1, q, DetrSpec.NUM_LOGITS}, logits));
        String logitOut = o.expand(o.slice(logitTable, o.i64(0), queries, o.i64(1)), batchShape);
        if (spec.pixelMask()) {
            String maskMean = o.reduce("ReduceMean", o.cast("pixel_mask", ElementType.FLOAT), true, 1, 2); // [B,1,1]
            logitOut = o.mul(logitOut, maskMean);
        }
        String boxTable = g.constant(Tensor.floats("boxes", new long[] {1, q, 4}, boxes));
        String boxOut = o.expand(o.slice(boxTable, o.i64(0), queries, o.i64(1)), batchShape);
        if (spec.probeIndex() >= 0) {
            String row = g.constant(Tensor.floats("probe_row", new long[] {1, q, 1}, probeRow));
            boxOut = o.add(boxOut, o.mul(o.slice(row, o.i64(0), queries, o.i64(1)),
                    o.unsqueeze(brightBox(o, pixels), 1)));
        }
        if (spec.sizeProbeIndex() >= 0) {
            // Read from pixel_values' runtime shape, so a provider that resized to the wrong size is caught even
            // though the declared height and width stay symbolic, as in the real export.
            String unit = o.f32Scalar(DetrSpec.SIZE_UNIT);
            String w = o.div(o.cast(o.dim(pixels, 3), ElementType.FLOAT), unit);
            String h = o.div(o.cast(o.dim(pixels, 2), ElementType.FLOAT), unit);
            String size = o.concat(0, o.f32(0f, 0f), w, h); // [4]: (0, 0, w, h)
            String row = g.constant(Tensor.floats("size_row", new long[] {1, q, 1}, sizeRow));
            boxOut = o.add(boxOut, o.mul(o.slice(row, o.i64(0), queries, o.i64(1)), size));
        }
        if (firstValue >= 0) {
            boxOut = o.add(boxOut, valueBoxes(o, spec, pixels, queries));
        }
        o.alias(io == ElementType.FLOAT ? logitOut : o.cast(logitOut, io), "logits");
        o.alias(io == ElementType.FLOAT ? boxOut : o.cast(boxOut, io), "pred_boxes");
        return OnnxModel.builder(g.build())
                .docString("Synthetic DETR from echollama-testkit: fixed detections plus a probe box around the "
                        + "bright pixels; see SyntheticModels.detr.")
                .metadata("echollama.synthetic", "detr")
                .metadata("num_queries", Integer.toString(q))
                .metadata("probe_query", Integer.toString(spec.probeIndex()))
                .metadata("size_probe_query", Integer.toString(spec.sizeProbeIndex()))
                .metadata("value_probe_query", Integer.toString(spec.valueProbeIndex()))
                .build();
    }

    /**
     * The value probe's boxes as float {@code [B, num_queries, 4]}, zero outside its queries: the fed values at the
     * spec's pixels, four per query, each as {@code 0.5 + v / VALUE_UNIT}. A pixel outside the fed tensor fails the
     * run ({@link Ops#element}).
     */
    private static String valueBoxes(Ops o, DetrSpec spec, String pixels, String queries) {
        List<DetrSpec.Pixel> points = spec.valueProbePixels();
        String[] values = new String[points.size()];
        for (int i = 0; i < values.length; i++) {
            DetrSpec.Pixel p = points.get(i);
            values[i] = o.element(pixels, p.channel(), p.y(), p.x()); // [B,1]
        }
        int k = spec.valueProbeQueries();
        String all = o.padLast(o.concat(1, values), 2, o.i64((long) k * DetrSpec.VALUES_PER_QUERY - values.length));
        String encoded = o.add(o.div(all, o.f32Scalar(DetrSpec.VALUE_UNIT)), o.f32Scalar(0.5f)); // [B,4k]
        String perQuery = o.reshape(encoded, o.i64(0, k, DetrSpec.VALUES_PER_QUERY)); // [B,k,4]
        int q = spec.numQueries();
        String sum = null;
        for (int j = 0; j < k; j++) {
            float[] oneHot = new float[q];
            oneHot[spec.valueProbeIndex() + j] = 1f;
            // Sliced to the runtime query count, as the tables are, so num_queries stays symbolic.
            String row = o.slice(o.g.constant(Tensor.floats("value_row", new long[] {1, q, 1}, oneHot)), o.i64(0),
                    queries, o.i64(1));
            String box = o.unsqueeze(o.gather(perQuery, o.i64Scalar(j), 1), 1); // [B,1,4]
            String part = o.mul(row, box);
            sum = sum == null ? part : o.add(sum, part);
        }
        return sum;
    }

    /**
     * The box (cx, cy, w, h) of the bright pixels: weights {@code max(0, mean over channels)}, centre = weighted
     * mean of pixel-centre coordinates, size = {@code sqrt(12 * weighted variance)}. Returns float [B,4].
     */
    private static String brightBox(Ops o, String pixels) {
        String weight = o.relu(o.reduce("ReduceMean", pixels, false, 1)); // [B,H,W]
        String total = o.add(o.reduce("ReduceSum", weight, false, 1, 2), o.f32Scalar(EPS)); // [B]
        String h = o.cast(o.squeeze(o.dim(pixels, 2), 0), ElementType.FLOAT);
        String w = o.cast(o.squeeze(o.dim(pixels, 3), 0), ElementType.FLOAT);
        String half = o.f32Scalar(0.5f);
        String xs = o.div(o.add(o.range(o.f32Scalar(0f), w, o.f32Scalar(1f)), half), w); // [W]
        String ys = o.unsqueeze(o.div(o.add(o.range(o.f32Scalar(0f), h, o.f32Scalar(1f)), half), h), 1); // [H,1]
        String[] centreAndSize = new String[4];
        int i = 0;
        for (String coord : new String[] {xs, ys}) {
            String mean = o.div(o.reduce("ReduceSum", o.mul(weight, coord), false, 1, 2), total);
            String meanSq = o.div(o.reduce("ReduceSum", o.mul(weight, o.mul(coord, coord)), false, 1, 2), total);
            String variance = o.relu(o.sub(meanSq, o.mul(mean, mean)));
            centreAndSize[i] = o.unsqueeze(mean, 1);
            centreAndSize[i + 2] = o.unsqueeze(o.sqrt(o.mul(variance, o.f32Scalar(12f))), 1);
            i++;
        }
        return o.concat(1, centreAndSize);
    }

    /**
     * A depth graph: {@code out[b,y,x] = max(0, scale * mean_c(in[b,c,y,x]) + offset)}, computed in float32 (a
     * float16 input is widened first and the result rounded to float16 once, at the end); with {@code sizeProbe}
     * every {@code out[b,y,x] = H * DptSpec.SIZE_BASE + W} of the input instead; with {@code pixelProbe}
     * {@code out[b,y,x] = in[b,0,y,x]}.
     */
    static OnnxModel depth(String inputName, Object[] inputDims, String outputName, Object[] outputDims, float scale,
            float offset, ElementType io, boolean sizeProbe, boolean pixelProbe, String kind) {
        Graph.Builder g = Graph.builder("synthetic_" + kind.replace('-', '_'))
                .input(inputName, io, inputDims)
                .output(outputName, io, outputDims);
        Ops o = new Ops(g);
        String pixels = io == ElementType.FLOAT ? inputName : o.cast(inputName, ElementType.FLOAT);
        String mean = o.reduce("ReduceMean", pixels, false, 1); // [B,H,W]
        String depth;
        if (sizeProbe) {
            // Read from the input's runtime shape: the estimator resizes the map back to the image, so only
            // values, not the map's own size, survive to the caller.
            String h = o.cast(o.dim(pixels, 2), ElementType.FLOAT);
            String w = o.cast(o.dim(pixels, 3), ElementType.FLOAT);
            String code = o.add(o.mul(h, o.f32Scalar(DptSpec.SIZE_BASE)), w); // [1]
            depth = o.expand(code, o.shape(mean));
        } else if (pixelProbe) {
            depth = o.squeeze(o.slice(pixels, o.i64(0), o.i64(1), o.i64(1)), 1); // [B,H,W]: channel 0 as fed
        } else {
            depth = o.relu(o.add(o.mul(mean, o.f32Scalar(scale)), o.f32Scalar(offset)));
        }
        o.alias(io == ElementType.FLOAT ? depth : o.cast(depth, io), outputName);
        String function = sizeProbe ? "height * " + DptSpec.SIZE_BASE + " + width of the input"
                : pixelProbe ? "channel 0 of the input" : "max(0, " + scale + " * channel mean + " + offset + ")";
        return OnnxModel.builder(g.build())
                .docString("Synthetic " + kind + " depth from echollama-testkit: " + function + "; see SyntheticModels.")
                .metadata("echollama.synthetic", kind)
                .metadata("scale", Float.toString(scale))
                .metadata("offset", Float.toString(offset))
                .metadata("size_probe", Boolean.toString(sizeProbe))
                .metadata("pixel_probe", Boolean.toString(pixelProbe))
                .build();
    }
}

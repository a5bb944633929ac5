package dev.echollama.testkit.onnx;

/** Builds the graph documented at {@link SyntheticModels#snacDecoder}. */
final class SnacGraph {
    static final int HOP = 512;
    static final int QUARTER = HOP / 4;
    static final float CODEBOOK = 4096f;
    static final float MARKER = -0.5f;

    private SnacGraph() {
    }

    static OnnxModel build() {
        Graph.Builder g = Graph.builder("synthetic_snac_decoder")
                .input("audio_codes.0", ElementType.INT64, 1, "codes_0_length")
                .input("audio_codes.1", ElementType.INT64, 1, "codes_1_length")
                .input("audio_codes.2", ElementType.INT64, 1, "codes_2_length")
                .output("audio_values", ElementType.FLOAT, 1, 1, "audio_length");
        Ops o = new Ops(g);
        String c0 = latent(o, "audio_codes.0", 4);
        String c1 = latent(o, "audio_codes.1", 2);
        String c2 = latent(o, "audio_codes.2", 1);
        String marker = o.add(o.mul(c2, o.f32Scalar(0f)), o.f32Scalar(MARKER));
        String perStep = o.concat(2, c0, c1, c2, marker); // [1, 4T, 4]
        String samples = o.expand(o.unsqueeze(perStep, 3), o.i64(1, 1, 1, QUARTER)); // [1, 4T, 4, 128]
        o.alias(o.reshape(samples, o.i64(0, 1, -1)), "audio_values");
        return OnnxModel.builder(g.build())
                .docString("Synthetic SNAC 24 kHz decoder from echollama-testkit: each 512-sample step spells its "
                        + "codes; see SyntheticModels.snacDecoder.")
                .metadata("echollama.synthetic", "snac-24khz-decoder")
                .metadata("hop_length", Integer.toString(HOP))
                .build();
    }

    /** codes {@code [1, n]} -> {@code code / 4096} repeated {@code stride} times: float {@code [1, n*stride, 1]}. */
    private static String latent(Ops o, String codes, int stride) {
        String scaled = o.div(o.cast(codes, ElementType.FLOAT), o.f32Scalar(CODEBOOK));
        String repeated = o.expand(o.unsqueeze(scaled, 2), o.i64(1, 1, stride));
        return o.reshape(repeated, o.i64(0, -1, 1));
    }
}

package dev.echollama.testkit.onnx;

import static dev.echollama.testkit.onnx.Ort.io;
import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MoondreamGraphsTest {
    private static final MoondreamSpec SMALL = MoondreamSpec.builder().layers(2).heads(2).headDim(4).hidden(8).build();
    private static final int HIDDEN = 8;

    @TempDir
    Path dir;

    @Test
    void defaultFilesHaveTheXenovaMoondream2Contract() throws Exception {
        SyntheticModels.moondream2(dir, MoondreamSpec.defaults());
        try (OrtSession vision = Ort.open(dir.resolve("vision_encoder.onnx"));
                OrtSession embed = Ort.open(dir.resolve("embed_tokens.onnx"));
                OrtSession dec = Ort.open(dir.resolve("decoder_model_merged.onnx"))) {
            Ort.assertIo(vision.getInputInfo(),
                    List.<Object[]>of(io("pixel_values", OnnxJavaType.FLOAT, "batch_size", 3, 378, 378)));
            Ort.assertIo(vision.getOutputInfo(),
                    List.<Object[]>of(io("image_features", OnnxJavaType.FLOAT, "batch_size", 729, 2048)));
            Ort.assertIo(embed.getInputInfo(),
                    List.<Object[]>of(io("input_ids", OnnxJavaType.INT64, "batch_size", "sequence_length")));
            Ort.assertIo(embed.getOutputInfo(),
                    List.<Object[]>of(io("inputs_embeds", OnnxJavaType.FLOAT, "batch_size", "sequence_length", 2048)));
            List<Object[]> in = new ArrayList<>();
            in.add(io("inputs_embeds", OnnxJavaType.FLOAT, "batch_size", "sequence_length", 2048));
            in.add(io("attention_mask", OnnxJavaType.INT64, "batch_size", "past_sequence_length + sequence_length"));
            in.add(io("position_ids", OnnxJavaType.INT64, "batch_size", "sequence_length"));
            List<Object[]> out = new ArrayList<>();
            out.add(io("logits", OnnxJavaType.FLOAT, "batch_size", "sequence_length", 51200));
            for (int l = 0; l < 24; l++) {
                for (String kv : List.of("key", "value")) {
                    in.add(io("past_key_values." + l + "." + kv, OnnxJavaType.FLOAT, "batch_size", 32,
                            "past_sequence_length", 64));
                    out.add(io("present." + l + "." + kv, OnnxJavaType.FLOAT, "batch_size", 32,
                            "past_sequence_length + sequence_length", 64));
                }
            }
            in.add(io("use_cache_branch", OnnxJavaType.BOOL, 1));
            Ort.assertIo(dec.getInputInfo(), in);
            Ort.assertIo(dec.getOutputInfo(), out);
        }
    }

    @Test
    void visionEncoderRowsCarryPatchMeansInRowMajorOrder() throws Exception {
        SyntheticModels.moondream2(dir, SMALL);
        try (OrtSession vision = Ort.open(dir.resolve("vision_encoder.onnx"))) {
            float[] image = patchImage();
            float[] f = features(vision, image);
            for (int k : new int[] {0, 1, 26, 27, 300, 728}) {
                int row = k / 27;
                int col = k % 27;
                assertThat(Arrays.copyOfRange(f, k * HIDDEN, k * HIDDEN + 4))
                        .containsExactly(new float[] {1f, k / 256, k % 256, row * 0.01f - col * 0.001f},
                                Offset.offset(1e-5f));
                assertThat(f[k * HIDDEN + 7]).isZero();
            }
        }
    }

    @Test
    void embedTokensSplitsIdsExactly() throws Exception {
        SyntheticModels.moondream2(dir, SMALL);
        try (OrtSession embed = Ort.open(dir.resolve("embed_tokens.onnx"))) {
            float[] e = embed(embed, new long[] {50256, 1000, -200});
            assertThat(Arrays.copyOfRange(e, 0, 4)).containsExactly(0f, 196f, 80f, 0f);
            assertThat(Arrays.copyOfRange(e, HIDDEN, HIDDEN + 4)).containsExactly(0f, 3f, 232f, 0f);
            assertThat(Arrays.copyOfRange(e, 2 * HIDDEN, 2 * HIDDEN + 4)).containsExactly(0f, -1f, 56f, 0f);
        }
    }

    @Test
    void splicedPromptDecodesToTheDocumentedSequence() throws Exception {
        SyntheticModels.moondream2(dir,
                MoondreamSpec.builder().layers(2).heads(2).headDim(4).hidden(8).stopAt(734, 50256).build());
        try (OrtSession vision = Ort.open(dir.resolve("vision_encoder.onnx"));
                OrtSession embed = Ort.open(dir.resolve("embed_tokens.onnx"));
                OrtSession dec = Ort.open(dir.resolve("decoder_model_merged.onnx"))) {
            float[] image = features(vision, patchImage());
            float[] bos = embed(embed, new long[] {50256});
            float[] text = embed(embed, new long[] {10, 20});
            float[] spliced = concat(bos, image, text); // 732 positions
            Loop loop = new Loop(dec);
            long first = loop.run(spliced);
            assertThat(first).isEqualTo((20 + 732 + 729) % 51200); // 1481
            long second = loop.run(embed(embed, new long[] {first}));
            assertThat(second).isEqualTo(1481 + 733 + 729); // 2943
            assertThat(loop.run(embed(embed, new long[] {second}))).isEqualTo(50256); // 734 positions: stop
            assertThat(loop.pastLength).isEqualTo(734);

            // Without the image (or with the unspliced <image> id) the sequence differs.
            Loop noImage = new Loop(dec);
            assertThat(noImage.run(concat(bos, text))).isEqualTo(20 + 3);
            Loop unspliced = new Loop(dec);
            assertThat(unspliced.run(concat(bos, embed(embed, new long[] {-200}), text))).isEqualTo(20 + 4);

            // Image rows in the wrong order: the mismatch token.
            float[] reversed = new float[image.length];
            for (int k = 0; k < 729; k++) {
                System.arraycopy(image, k * HIDDEN, reversed, (728 - k) * HIDDEN, HIDDEN);
            }
            assertThat(new Loop(dec).run(concat(bos, reversed, text))).isEqualTo(51199);
        }
    }

    @Test
    void fp16VariantDeclaresHalfEmbedsAndCache() throws Exception {
        MoondreamSpec spec = MoondreamSpec.builder().layers(2).heads(2).headDim(4).hidden(8)
                .kvType(ElementType.FLOAT16).embedType(ElementType.FLOAT16).useCacheBranch(false).build();
        SyntheticModels.moondream2(dir, spec);
        try (OrtSession vision = Ort.open(dir.resolve("vision_encoder.onnx"));
                OrtSession embed = Ort.open(dir.resolve("embed_tokens_fp16.onnx"));
                OrtSession dec = Ort.open(dir.resolve("decoder_model_merged_fp16.onnx"))) {
            assertThat(((TensorInfo) embed.getOutputInfo().get("inputs_embeds").getInfo()).type)
                    .isEqualTo(OnnxJavaType.FLOAT16);
            assertThat(((TensorInfo) dec.getInputInfo().get("past_key_values.0.key").getInfo()).type)
                    .isEqualTo(OnnxJavaType.FLOAT16);
            assertThat(dec.getInputNames()).doesNotContain("use_cache_branch");
            float[] spliced = concat(embed(embed, new long[] {50256}), features(vision, patchImage()),
                    embed(embed, new long[] {10, 20}));
            Loop loop = new Loop(dec);
            assertThat(loop.run(spliced)).isEqualTo(1481);
            assertThat(loop.run(embed(embed, new long[] {1481}))).isEqualTo(2943);
        }
    }

    @Test
    void layoutCheckRejectsAnImageBlockOutOfPlace() throws Exception {
        // MODELS.md §3.5: BOS, then the 729 rows where <image> (-200) stands, then the text after it.
        SyntheticModels.moondream2(dir, MoondreamSpec.builder().layers(2).heads(2).headDim(4).hidden(8)
                .layout(50256, MoondreamSpec.IMAGE_TOKEN_INDEX, 10, 20).build());
        try (OrtSession vision = Ort.open(dir.resolve("vision_encoder.onnx"));
                OrtSession embed = Ort.open(dir.resolve("embed_tokens.onnx"));
                OrtSession dec = Ort.open(dir.resolve("decoder_model_merged.onnx"))) {
            float[] image = features(vision, patchImage());
            float[] bos = embed(embed, new long[] {50256});
            float[] text = embed(embed, new long[] {10, 20});
            Loop loop = new Loop(dec);
            assertThat(loop.run(concat(bos, image, text))).isEqualTo(1481);
            assertThat(loop.run(embed(embed, new long[] {1481}))).isEqualTo(2943); // the check holds on later steps

            // Same rows, same count, same image order: only the position of the block (or of the text) is wrong.
            assertThat(new Loop(dec).run(concat(image, bos, text))).isEqualTo(51199);
            assertThat(new Loop(dec).run(concat(bos, text, image))).isEqualTo(51199);
            assertThat(new Loop(dec).run(concat(bos, embed(embed, new long[] {10}), image,
                    embed(embed, new long[] {20})))).isEqualTo(51199);
            assertThat(new Loop(dec).run(concat(bos, image, embed(embed, new long[] {20, 10})))).isEqualTo(51199);
            assertThat(new Loop(dec).run(concat(embed(embed, new long[] {50255}), image, text))).isEqualTo(51199);
            // Too short, and one row too many on the first pass.
            assertThat(new Loop(dec).run(concat(bos, image, embed(embed, new long[] {10})))).isEqualTo(51199);
            assertThat(new Loop(dec).run(concat(bos, image, text, text))).isEqualTo(51199);
        }
    }

    @Test
    void fp16VisionEncoderTakesAndGivesHalves() throws Exception {
        SyntheticModels.moondream2(dir, MoondreamSpec.builder().layers(2).heads(2).headDim(4).hidden(8)
                .visionType(ElementType.FLOAT16).build());
        assertThat(dir.resolve("vision_encoder.onnx")).doesNotExist();
        try (OrtSession vision = Ort.open(dir.resolve("vision_encoder_fp16.onnx"))) {
            Ort.assertIo(vision.getInputInfo(),
                    List.<Object[]>of(io("pixel_values", OnnxJavaType.FLOAT16, "batch_size", 3, 378, 378)));
            Ort.assertIo(vision.getOutputInfo(),
                    List.<Object[]>of(io("image_features", OnnxJavaType.FLOAT16, "batch_size", 729, 8)));
            float[] f = features(vision, patchImage());
            for (int k : new int[] {0, 300, 728}) {
                // The patch values (|v| <= 0.26) survive float16 to about 1e-4.
                assertThat(Arrays.copyOfRange(f, k * HIDDEN, k * HIDDEN + 4))
                        .containsExactly(new float[] {1f, k / 256, k % 256, (k / 27) * 0.01f - (k % 27) * 0.001f},
                                Offset.offset(3e-4f));
            }
        }
    }

    @Test
    void q4MixTakesFloat32EmbedsBesideHalfEmbedTokens() throws Exception {
        SyntheticModels.moondream2(dir, MoondreamSpec.builder().layers(2).heads(2).headDim(4).hidden(8)
                .logitMargin(0.5f).embedType(ElementType.FLOAT16).decoderEmbedType(ElementType.FLOAT)
                .decoderFile("decoder_model_merged_q4.onnx").build());
        try (OrtSession embed = Ort.open(dir.resolve("embed_tokens_fp16.onnx"));
                OrtSession dec = Ort.open(dir.resolve("decoder_model_merged_q4.onnx"))) {
            assertThat(((TensorInfo) embed.getOutputInfo().get("inputs_embeds").getInfo()).type)
                    .isEqualTo(OnnxJavaType.FLOAT16);
            assertThat(((TensorInfo) dec.getInputInfo().get("inputs_embeds").getInfo()).type)
                    .isEqualTo(OnnxJavaType.FLOAT);
            assertThat(((TensorInfo) dec.getInputInfo().get("past_key_values.0.key").getInfo()).type)
                    .isEqualTo(OnnxJavaType.FLOAT);
            Loop loop = new Loop(dec);
            assertThat(loop.run(embed(embed, new long[] {50256, 10, 20}))).isEqualTo(23);
            // The chosen token's logit is the margin, every other one 0.
            assertThat(loop.lastLogits[23]).isEqualTo(0.5f);
            assertThat(loop.lastLogits[22]).isZero();
            assertThat(loop.lastLogits[51199]).isZero();
        }
    }

    @Test
    void pixelChecksRenumberTheImageRowsWhenAFedValueIsOff() throws Exception {
        // patchImage(): pixel (y, x) of every channel is (y / 14) * 0.01 - (x / 14) * 0.001, so (c 1, y 30, x 300)
        // is 2 * 0.01 - 21 * 0.001 = -0.001 and (c 2, y 377, x 0) is 26 * 0.01 = 0.26.
        MoondreamSpec.Builder spec = MoondreamSpec.builder().layers(2).heads(2).headDim(4).hidden(8)
                .expectPixel(1, 30, 300, -0.001f).expectPixel(2, 377, 0, 0.26f);
        SyntheticModels.moondream2(dir, spec.build());
        try (OrtSession vision = Ort.open(dir.resolve("vision_encoder.onnx"));
                OrtSession embed = Ort.open(dir.resolve("embed_tokens.onnx"));
                OrtSession dec = Ort.open(dir.resolve("decoder_model_merged.onnx"))) {
            float[] rows = features(vision, patchImage());
            assertThat(Arrays.copyOfRange(rows, 300 * HIDDEN, 300 * HIDDEN + 3)).containsExactly(1f, 1f, 44f);
            float[] bos = embed(embed, new long[] {50256});
            float[] text = embed(embed, new long[] {10, 20});
            assertThat(new Loop(dec).run(concat(bos, rows, text))).isEqualTo(1481);

            // One element 3e-4 off (tolerance 1e-4), or NaN: every row reads one higher, and the decoder sees
            // image rows numbered from 1.
            for (float wrong : new float[] {-0.001f + 3e-4f, Float.NaN}) {
                float[] image = patchImage();
                image[(378 + 30) * 378 + 300] = wrong;
                float[] off = features(vision, image);
                assertThat(Arrays.copyOfRange(off, 0, 4)).as("fed %s", wrong)
                        .containsExactly(1f, 0f, 1f, rows[3]);
                assertThat(Arrays.copyOfRange(off, 300 * HIDDEN, 300 * HIDDEN + 3)).containsExactly(1f, 1f, 45f);
                assertThat(new Loop(dec).run(concat(bos, off, text))).as("fed %s", wrong).isEqualTo(51199);
            }
        }
        // Within the tolerance passes.
        SyntheticModels.moondream2(dir, spec.pixelTolerance(5e-4f).build());
        try (OrtSession vision = Ort.open(dir.resolve("vision_encoder.onnx"))) {
            float[] image = patchImage();
            image[(378 + 30) * 378 + 300] = -0.001f + 3e-4f;
            assertThat(features(vision, image)[2]).isZero();
        }
    }

    /** 378x378 image whose patch (row, col) holds the value row*0.01 - col*0.001 in every channel. */
    static float[] patchImage() {
        int s = 378;
        float[] px = new float[3 * s * s];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < s; y++) {
                for (int x = 0; x < s; x++) {
                    px[(c * s + y) * s + x] = (y / 14) * 0.01f - (x / 14) * 0.001f;
                }
            }
        }
        return px;
    }

    static float[] features(OrtSession vision, float[] image) throws OrtException {
        OnnxJavaType type = ((TensorInfo) vision.getInputInfo().get("pixel_values").getInfo()).type;
        try (OnnxTensor t = Ort.of(type, image, 1, 3, 378, 378);
                OrtSession.Result r = vision.run(Map.of("pixel_values", t))) {
            return Ort.floatsOf(Ort.out(r, "image_features"));
        }
    }

    static float[] embed(OrtSession embed, long[] ids) throws OrtException {
        try (OnnxTensor t = Ort.longs(ids, 1, ids.length); OrtSession.Result r = embed.run(Map.of("input_ids", t))) {
            return Ort.floatsOf(Ort.out(r, "inputs_embeds"));
        }
    }

    static float[] concat(float[]... parts) {
        int n = 0;
        for (float[] p : parts) {
            n += p.length;
        }
        float[] out = new float[n];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /** Batch-1 KV-cache loop over embeddings, dtypes read from the session. */
    static final class Loop {
        final OrtSession session;
        final Map<String, float[]> data = new LinkedHashMap<>();
        final Map<String, long[]> shapes = new HashMap<>();
        int pastLength;
        /** The last position's logits of the latest run. */
        float[] lastLogits;

        Loop(OrtSession session) throws OrtException {
            this.session = session;
            for (var e : session.getInputInfo().entrySet()) {
                if (e.getKey().startsWith("past_key_values.")) {
                    long[] shape = ((TensorInfo) e.getValue().getInfo()).getShape().clone();
                    shape[0] = 1;
                    shape[2] = 0;
                    data.put(e.getKey(), new float[0]);
                    shapes.put(e.getKey(), shape);
                }
            }
        }

        long run(float[] embeds) throws OrtException {
            int seq = embeds.length / HIDDEN;
            int total = pastLength + seq;
            long[] mask = new long[total];
            Arrays.fill(mask, 1);
            long[] pos = new long[seq];
            for (int i = 0; i < seq; i++) {
                pos[i] = pastLength + i;
            }
            Map<String, OnnxTensor> feeds = new LinkedHashMap<>();
            try {
                OnnxJavaType embedType = ((TensorInfo) session.getInputInfo().get("inputs_embeds").getInfo()).type;
                feeds.put("inputs_embeds", Ort.of(embedType, embeds, 1, seq, HIDDEN));
                feeds.put("attention_mask", Ort.longs(mask, 1, total));
                if (session.getInputNames().contains("position_ids")) {
                    feeds.put("position_ids", Ort.longs(pos, 1, seq));
                }
                for (String k : data.keySet()) {
                    OnnxJavaType type = ((TensorInfo) session.getInputInfo().get(k).getInfo()).type;
                    feeds.put(k, Ort.of(type, data.get(k), shapes.get(k)));
                }
                if (session.getInputNames().contains("use_cache_branch")) {
                    feeds.put("use_cache_branch", Ort.bool(pastLength > 0));
                }
                try (OrtSession.Result r = session.run(feeds)) {
                    for (String k : data.keySet()) {
                        OnnxTensor p = Ort.out(r, k.replace("past_key_values.", "present."));
                        data.put(k, Ort.floatsOf(p));
                        shapes.put(k, p.getInfo().getShape());
                    }
                    pastLength = total;
                    float[] logits = Ort.floatsOf(Ort.out(r, "logits"));
                    int vocab = (int) Ort.out(r, "logits").getInfo().getShape()[2];
                    lastLogits = Arrays.copyOfRange(logits, logits.length - vocab, logits.length);
                    long[] am = Ort.argmax(Ort.out(r, "logits"));
                    return am[am.length - 1];
                }
            } finally {
                feeds.values().forEach(OnnxTensor::close);
            }
        }
    }
}

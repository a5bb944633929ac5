package dev.echollama.testkit.onnx;

import static dev.echollama.testkit.onnx.Ort.io;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VisionGraphsTest {
    private static final float[] MEAN = {0.485f, 0.456f, 0.406f};
    private static final float[] STD = {0.229f, 0.224f, 0.225f};
    private static final Offset<Float> TOL = Offset.offset(1e-4f);

    @TempDir
    Path dir;

    /** ImageNet-normalised CHW image: black, with white where {@code x0 <= x < x1, y0 <= y < y1}. */
    static float[] blackWithWhiteRect(int h, int w, int x0, int x1, int y0, int y1) {
        float[] px = new float[3 * h * w];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    boolean white = x >= x0 && x < x1 && y >= y0 && y < y1;
                    px[(c * h + y) * w + x] = ((white ? 1f : 0f) - MEAN[c]) / STD[c];
                }
            }
        }
        return px;
    }

    private static DetrSpec.Builder dogAndBicycle() {
        return DetrSpec.builder()
                .detection(18, 10f, 0.25f, 0.7f, 0.3f, 0.4f) // dog
                .detection(2, 4f, 0.6f, 0.5f, 0.5f, 0.6f) // bicycle
                .probe(1, 8f); // person, boxed around the bright pixels
    }

    @Test
    void detrHasTheExportContract() throws Exception {
        try (OrtSession s = Ort.open(SyntheticModels.detr(dir, dogAndBicycle().build()))) {
            Ort.assertIo(s.getInputInfo(), List.<Object[]>of(
                    io("pixel_values", OnnxJavaType.FLOAT, "batch_size", "num_channels", "height", "width")));
            Ort.assertIo(s.getOutputInfo(), List.of(
                    io("logits", OnnxJavaType.FLOAT, "batch_size", "num_queries", 92),
                    io("pred_boxes", OnnxJavaType.FLOAT, "batch_size", "num_queries", 4)));
        }
        Path maskDir = dir.resolve("mask");
        try (OrtSession s = Ort.open(SyntheticModels.detr(maskDir, dogAndBicycle().pixelMask(true).build()))) {
            assertThat(s.getInputNames()).containsExactly("pixel_values", "pixel_mask");
            Ort.assertIo(Map.of("pixel_mask", s.getInputInfo().get("pixel_mask")),
                    List.<Object[]>of(io("pixel_mask", OnnxJavaType.INT64, "batch_size", 64, 64)));
        }
    }

    @Test
    void detrGivesFixedDetectionsAndAProbeAroundTheBrightPixels() throws Exception {
        try (OrtSession s = Ort.open(SyntheticModels.detr(dir, dogAndBicycle().build()))) {
            // Row 0: white 12x10 rectangle at x 6..17, y 20..29 of a 60x40 image. Row 1: white right half.
            float[] a = blackWithWhiteRect(40, 60, 6, 18, 20, 30);
            float[] b = blackWithWhiteRect(40, 60, 30, 60, 0, 40);
            float[] both = new float[a.length * 2];
            System.arraycopy(a, 0, both, 0, a.length);
            System.arraycopy(b, 0, both, a.length, b.length);
            try (OnnxTensor px = Ort.floats(both, 2, 3, 40, 60);
                    OrtSession.Result r = s.run(Map.of("pixel_values", px))) {
                OnnxTensor logits = Ort.out(r, "logits");
                assertThat(logits.getInfo().getShape()).containsExactly(2, 100, 92);
                long[] best = Ort.argmax(logits);
                assertThat(best[0]).isEqualTo(18);
                assertThat(best[1]).isEqualTo(2);
                assertThat(best[2]).isEqualTo(1);
                assertThat(best[3]).isEqualTo(91);
                assertThat(best[199]).isEqualTo(91);
                float[] l = Ort.floatsOf(logits);
                assertThat(l[18]).isEqualTo(10f);
                assertThat(l[91]).isZero();
                // transformers.js / DETR score of the dog: e^10 / (e^10 + 91)
                assertThat(softmaxMax(l, 0)).isCloseTo(0.995887f, TOL);

                float[] boxes = Ort.floatsOf(Ort.out(r, "pred_boxes"));
                assertThat(boxes).startsWith(0.25f, 0.7f, 0.3f, 0.4f, 0.6f, 0.5f, 0.5f, 0.6f);
                // Probe, row 0: centre (12/60, 25/40), size sqrt(12^2-1)/60 x sqrt(10^2-1)/40.
                assertThat(boxes[8]).isCloseTo(0.2f, TOL);
                assertThat(boxes[9]).isCloseTo(0.625f, TOL);
                assertThat(boxes[10]).isCloseTo((float) Math.sqrt(143) / 60, TOL);
                assertThat(boxes[11]).isCloseTo((float) Math.sqrt(99) / 40, TOL);
                // Probe, row 1: the right half.
                int row1 = 100 * 4 + 8;
                assertThat(boxes[row1]).isCloseTo(0.75f, TOL);
                assertThat(boxes[row1 + 1]).isCloseTo(0.5f, TOL);
                assertThat(boxes[row1 + 2]).isCloseTo((float) Math.sqrt(899) / 60, TOL);
                assertThat(boxes[row1 + 3]).isCloseTo((float) Math.sqrt(1599) / 40, TOL);
                assertThat(boxes[12]).isEqualTo(0.5f); // background query box
            }
        }
    }

    @Test
    void detrPixelMaskScalesLogitsAndFp16KeepsHalfIo() throws Exception {
        try (OrtSession s = Ort.open(SyntheticModels.detr(dir, dogAndBicycle().pixelMask(true).build()))) {
            long[] mask = new long[64 * 64];
            java.util.Arrays.fill(mask, 0, 64 * 32, 1);
            try (OnnxTensor px = Ort.floats(blackWithWhiteRect(8, 8, 0, 4, 0, 8), 1, 3, 8, 8);
                    OnnxTensor m = Ort.longs(mask, 1, 64, 64);
                    OrtSession.Result r = s.run(Map.of("pixel_values", px, "pixel_mask", m))) {
                assertThat(Ort.floatsOf(Ort.out(r, "logits"))[18]).isEqualTo(5f);
            }
        }
        Path half = dir.resolve("fp16");
        Path file = SyntheticModels.detr(half, dogAndBicycle().ioType(ElementType.FLOAT16).build());
        assertThat(file.getFileName()).hasToString("model_fp16.onnx");
        try (OrtSession s = Ort.open(file)) {
            Ort.assertIo(s.getOutputInfo(), List.of(
                    io("logits", OnnxJavaType.FLOAT16, "batch_size", "num_queries", 92),
                    io("pred_boxes", OnnxJavaType.FLOAT16, "batch_size", "num_queries", 4)));
            try (OnnxTensor px = Ort.halfs(blackWithWhiteRect(40, 60, 6, 18, 20, 30), 1, 3, 40, 60);
                    OrtSession.Result r = s.run(Map.of("pixel_values", px))) {
                float[] boxes = Ort.floatsOf(Ort.out(r, "pred_boxes"));
                assertThat(boxes[8]).isCloseTo(0.2f, Offset.offset(2e-3f));
                assertThat(boxes[9]).isCloseTo(0.625f, Offset.offset(2e-3f));
                assertThat(Ort.argmax(Ort.out(r, "logits"))[0]).isEqualTo(18);
            }
        }
    }

    @Test
    void detrSizeProbeSpellsTheFedHeightAndWidthWhileDimsStaySymbolic() throws Exception {
        Path file = SyntheticModels.detr(dir, dogAndBicycle().sizeProbe(3, 9f).build());
        try (OrtSession s = Ort.open(file)) {
            Ort.assertIo(s.getInputInfo(), List.<Object[]>of(
                    io("pixel_values", OnnxJavaType.FLOAT, "batch_size", "num_channels", "height", "width")));
            Ort.assertIo(s.getOutputInfo(), List.of(
                    io("logits", OnnxJavaType.FLOAT, "batch_size", "num_queries", 92),
                    io("pred_boxes", OnnxJavaType.FLOAT, "batch_size", "num_queries", 4)));
            // Query 3 follows the two fixed detections and the probe. h=40, w=60, then h=7, w=1333.
            for (int[] hw : new int[][] {{40, 60}, {7, 1333}}) {
                int h = hw[0];
                int w = hw[1];
                try (OnnxTensor px = Ort.floats(blackWithWhiteRect(h, w, 0, 1, 0, 1), 1, 3, h, w);
                        OrtSession.Result r = s.run(Map.of("pixel_values", px))) {
                    assertThat(Ort.argmax(Ort.out(r, "logits"))[3]).isEqualTo(3);
                    float[] boxes = Ort.floatsOf(Ort.out(r, "pred_boxes"));
                    assertThat(Arrays.copyOfRange(boxes, 12, 16))
                            .containsExactly(0.5f, 0.5f, w / 4096f, h / 4096f);
                    assertThat(boxes[16 + 2]).isEqualTo(0.1f); // the next query is background again
                }
            }
        }
        assertThatThrownBy(() -> dogAndBicycle().sizeProbe(3, 9f).numQueries(3).build())
                .hasMessageContaining("cannot hold 4");
    }

    @Test
    void detrValueProbeSpellsTheFedValuesFourPerQuery() throws Exception {
        // Queries 0-1 fixed, 2 the probe, 3 the size probe, then 5 pixels in two value queries (4 + 1).
        DetrSpec spec = dogAndBicycle().sizeProbe(3, 9f).valueProbe(44, 7f, new DetrSpec.Pixel(0, 0, 0),
                new DetrSpec.Pixel(1, 0, 0), new DetrSpec.Pixel(2, 0, 0), new DetrSpec.Pixel(0, 39, 59),
                new DetrSpec.Pixel(2, 21, 7)).build();
        assertThat(spec.valueProbeIndex()).isEqualTo(4);
        assertThat(spec.valueProbeQueries()).isEqualTo(2);
        try (OrtSession s = Ort.open(SyntheticModels.detr(dir, spec))) {
            Ort.assertIo(s.getOutputInfo(), List.of(
                    io("logits", OnnxJavaType.FLOAT, "batch_size", "num_queries", 92),
                    io("pred_boxes", OnnxJavaType.FLOAT, "batch_size", "num_queries", 4)));
            // 60x40, black with white at x 50..59, y 30..39: (0, 0, 0) is black, (0, 39, 59) white, (2, 21, 7)
            // black: ImageNet gives black R -0.485/0.229, G -0.456/0.224, B -0.406/0.225 and white R 0.515/0.229.
            try (OnnxTensor px = Ort.floats(blackWithWhiteRect(40, 60, 50, 60, 30, 40), 1, 3, 40, 60);
                    OrtSession.Result r = s.run(Map.of("pixel_values", px))) {
                float[] l = Ort.floatsOf(Ort.out(r, "logits"));
                assertThat(l[4 * 92 + 44]).isEqualTo(7f);
                assertThat(l[5 * 92 + 44]).isEqualTo(6.75f); // a quarter lower: sorted by score, still in order
                assertThat(l[6 * 92 + 91]).isEqualTo(10f); // background after the probe
                float[] boxes = Ort.floatsOf(Ort.out(r, "pred_boxes"));
                float[] values = new float[8];
                for (int i = 0; i < 8; i++) {
                    values[i] = (boxes[16 + i] - 0.5f) * 32;
                }
                assertThat(values).containsExactly(new float[] {-0.485f / 0.229f, -0.456f / 0.224f,
                        -0.406f / 0.225f, 0.515f / 0.229f, -0.406f / 0.225f, 0f, 0f, 0f}, Offset.offset(1e-5f));
                assertThat(Arrays.copyOfRange(boxes, 12, 16)).containsExactly(0.5f, 0.5f, 60 / 4096f, 40 / 4096f);
                assertThat(Arrays.copyOfRange(boxes, 24, 28)).containsExactly(0.5f, 0.5f, 0.1f, 0.1f);
            }
            // A pixel outside the fed tensor fails the run rather than reading a clamped neighbour.
            try (OnnxTensor px = Ort.floats(blackWithWhiteRect(30, 60, 0, 1, 0, 1), 1, 3, 30, 60)) {
                assertThatThrownBy(() -> s.run(Map.of("pixel_values", px))).isInstanceOf(OrtException.class);
            }
        }
        assertThatThrownBy(() -> DetrSpec.builder().valueProbe(44, 7f).build()).hasMessageContaining("at least one");
        assertThatThrownBy(() -> new DetrSpec.Pixel(3, 0, 0)).hasMessageContaining("channel");
        assertThatThrownBy(() -> dogAndBicycle().valueProbe(44, 7f, new DetrSpec.Pixel(0, 0, 0)).numQueries(3)
                .build()).hasMessageContaining("cannot hold 4");
        assertThatThrownBy(() -> dogAndBicycle().valueProbe(44, 7f, new DetrSpec.Pixel(0, 0, 0))
                .ioType(ElementType.FLOAT16).build()).hasMessageContaining("float32");
    }

    @Test
    void dptHybridFloat16KeepsHalfIoAndRoundsOnceAtTheEnd() throws Exception {
        Path file = SyntheticModels.dptHybrid(dir, DptSpec.builder().ioType(ElementType.FLOAT16).build());
        assertThat(file.getFileName()).hasToString("model_fp16.onnx");
        try (OrtSession s = Ort.open(file)) {
            Ort.assertIo(s.getInputInfo(), List.<Object[]>of(
                    io("pixel_values", OnnxJavaType.FLOAT16, "batch_size", "num_channels", "height", "width")));
            Ort.assertIo(s.getOutputInfo(), List.<Object[]>of(
                    io("predicted_depth", OnnxJavaType.FLOAT16, "batch_size", "height", "width")));
            // 1x3x1x2: pixel 0 pure red (1, -1, -1), pixel 1 white (1, 1, 1). Depth = mean + 1: 2/3 rounded to
            // float16 (1365/2048; float32 would be 0.6666667) and 2 exactly.
            float[] px = {1f, 1f, -1f, 1f, -1f, 1f};
            try (OnnxTensor t = Ort.halfs(px, 1, 3, 1, 2); OrtSession.Result r = s.run(Map.of("pixel_values", t))) {
                OnnxTensor d = Ort.out(r, "predicted_depth");
                assertThat(d.getInfo().type).isEqualTo(OnnxJavaType.FLOAT16);
                assertThat(Ort.floatsOf(d)).containsExactly(1365 / 2048f, 2f);
            }
            try (OnnxTensor t = Ort.floats(px, 1, 3, 1, 2)) {
                assertThatThrownBy(() -> s.run(Map.of("pixel_values", t))).hasMessageContaining("type");
            }
        }
    }

    @Test
    void dptHybridSizeProbeSpellsTheFedHeightAndWidth() throws Exception {
        try (OrtSession s = Ort.open(SyntheticModels.dptHybrid(dir, DptSpec.builder().sizeProbe(true).build()))) {
            Ort.assertIo(s.getInputInfo(), List.<Object[]>of(
                    io("pixel_values", OnnxJavaType.FLOAT, "batch_size", "num_channels", "height", "width")));
            Ort.assertIo(s.getOutputInfo(), List.<Object[]>of(
                    io("predicted_depth", OnnxJavaType.FLOAT, "batch_size", "height", "width")));
            try (OnnxTensor t = Ort.floats(new float[3 * 2 * 5], 1, 3, 2, 5);
                    OrtSession.Result r = s.run(Map.of("pixel_values", t))) {
                OnnxTensor d = Ort.out(r, "predicted_depth");
                assertThat(d.getInfo().getShape()).containsExactly(1, 2, 5);
                float[] expected = new float[10];
                Arrays.fill(expected, 2 * 4096 + 5);
                assertThat(Ort.floatsOf(d)).containsExactly(expected);
            }
        }
        assertThatThrownBy(() -> DptSpec.builder().sizeProbe(true).ioType(ElementType.FLOAT16).build())
                .hasMessageContaining("size probe").hasMessageContaining("FLOAT16");
    }

    @Test
    void dptHybridPixelProbeReturnsTheFedRedPlane() throws Exception {
        try (OrtSession s = Ort.open(SyntheticModels.dptHybrid(dir, DptSpec.builder().pixelProbe(true).build()))) {
            Ort.assertIo(s.getOutputInfo(), List.<Object[]>of(
                    io("predicted_depth", OnnxJavaType.FLOAT, "batch_size", "height", "width")));
            // 1x3x2x2: channel c pixel i = c * 10 + i - 1.5, so the red plane is -1.5, -0.5, 0.5, 1.5 (no ReLU).
            float[] px = new float[12];
            for (int i = 0; i < 12; i++) {
                px[i] = (i / 4) * 10 + i % 4 - 1.5f;
            }
            try (OnnxTensor t = Ort.floats(px, 1, 3, 2, 2); OrtSession.Result r = s.run(Map.of("pixel_values", t))) {
                OnnxTensor d = Ort.out(r, "predicted_depth");
                assertThat(d.getInfo().getShape()).containsExactly(1, 2, 2);
                assertThat(Ort.floatsOf(d)).containsExactly(-1.5f, -0.5f, 0.5f, 1.5f);
            }
        }
        assertThatThrownBy(() -> DptSpec.builder().pixelProbe(true).sizeProbe(true).build())
                .hasMessageContaining("pick one");
    }

    @Test
    void detrSpecRejectsTooManyDetections() {
        assertThatThrownBy(() -> dogAndBicycle().numQueries(2).build()).hasMessageContaining("cannot hold 3");
        assertThatThrownBy(() -> DetrSpec.builder().detection(92, 1f, 0, 0, 0, 0))
                .hasMessageContaining("classId must be in [0, 92)");
    }

    @Test
    void dptHybridIsTheScaledChannelMeanPixelForPixel() throws Exception {
        try (OrtSession s = Ort.open(SyntheticModels.dptHybrid(dir, 2f, 1f))) {
            Ort.assertIo(s.getInputInfo(), List.<Object[]>of(
                    io("pixel_values", OnnxJavaType.FLOAT, "batch_size", "num_channels", "height", "width")));
            Ort.assertIo(s.getOutputInfo(), List.<Object[]>of(
                    io("predicted_depth", OnnxJavaType.FLOAT, "batch_size", "height", "width")));
            // 1x3x2x3 (h=2, w=3): channel c pixel (y,x) = c*0.1 + y*0.3 - x*0.2 - 0.5
            float[] px = new float[18];
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 2; y++) {
                    for (int x = 0; x < 3; x++) {
                        px[(c * 2 + y) * 3 + x] = c * 0.1f + y * 0.3f - x * 0.2f - 0.5f;
                    }
                }
            }
            try (OnnxTensor t = Ort.floats(px, 1, 3, 2, 3); OrtSession.Result r = s.run(Map.of("pixel_values", t))) {
                OnnxTensor d = Ort.out(r, "predicted_depth");
                assertThat(d.getInfo().getShape()).containsExactly(1, 2, 3);
                float[] v = Ort.floatsOf(d);
                for (int y = 0; y < 2; y++) {
                    for (int x = 0; x < 3; x++) {
                        float mean = 0.1f + y * 0.3f - x * 0.2f - 0.5f;
                        assertThat(v[y * 3 + x]).as("(%d,%d)", y, x).isCloseTo(Math.max(0f, 2 * mean + 1), TOL);
                    }
                }
            }
        }
    }

    @Test
    void midasSmallHasFixedNumericNames() throws Exception {
        Path file = SyntheticModels.midasSmall(dir);
        assertThat(file.getFileName()).hasToString("model-small.onnx");
        try (OrtSession s = Ort.open(file)) {
            Ort.assertIo(s.getInputInfo(), List.<Object[]>of(io("0", OnnxJavaType.FLOAT, 1, 3, 256, 256)));
            Ort.assertIo(s.getOutputInfo(), List.<Object[]>of(io("797", OnnxJavaType.FLOAT, 1, 256, 256)));
            float[] px = new float[3 * 256 * 256];
            for (int i = 0; i < 256 * 256; i++) {
                int x = i % 256;
                px[i] = x / 255f; // R: a left-to-right ramp
                px[256 * 256 + i] = x / 255f;
                px[2 * 256 * 256 + i] = x / 255f;
            }
            try (OnnxTensor t = Ort.floats(px, 1, 3, 256, 256); OrtSession.Result r = s.run(Map.of("0", t))) {
                float[] v = Ort.floatsOf(Ort.out(r, "797"));
                assertThat(v[0]).isZero();
                assertThat(v[255]).isCloseTo(1f, TOL); // right edge nearest
                assertThat(v[100 * 256 + 51]).isCloseTo(51 / 255f, TOL);
            }
        }
    }

    private static float softmaxMax(float[] logits, int query) {
        double sum = 0;
        double max = 0;
        for (int j = 0; j < 92; j++) {
            double e = Math.exp(logits[query * 92 + j]);
            sum += e;
            max = Math.max(max, e);
        }
        return (float) (max / sum);
    }
}

package dev.echollama.vision.yolox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.echollama.InferenceException;
import dev.echollama.testkit.SharedModels;
import dev.echollama.vision.Detection;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

class YoloxDecoderTest {
    private static final int DOG = 16;
    private static final int CAT = 15;
    private final YoloxDecoder decoder = new YoloxDecoder(416, 416, Coco80.LABELS);
    private final float[] out = new float[3549 * 85];

    /** Writes one head row at grid cell (gx, gy) of the given stride. */
    private void put(int stride, int gx, int gy, float xOff, float yOff, double w, double h, float obj,
                     int cls, float p) {
        int row = 0;
        for (int s : YoloxDecoder.STRIDES) {
            if (s == stride) {
                break;
            }
            row += (416 / s) * (416 / s);
        }
        row += gy * (416 / stride) + gx;
        int o = row * 85;
        out[o] = xOff;
        out[o + 1] = yOff;
        out[o + 2] = (float) Math.log(w / stride);
        out[o + 3] = (float) Math.log(h / stride);
        out[o + 4] = obj;
        out[o + 5 + cls] = p;
    }

    @Test
    void gridSizeFor416() {
        assertThat(decoder.rows()).isEqualTo(52 * 52 + 26 * 26 + 13 * 13).isEqualTo(3549);
        assertThat(decoder.rowLength()).isEqualTo(85);
    }

    @Test
    void decodesGridCellAndMapsBackThroughCentredLetterbox() {
        // Stride 16, cell (5, 10): cx = (0.5 + 5) * 16 = 88, cy = (0.25 + 10) * 16 = 164; w 64, h 32
        // -> network box [56, 148, 120, 180]. Source 832x416 letterboxed with scale 0.5 and 104 px on top:
        // x / 0.5 / 832 and (y - 104) / 0.5 / 416.
        put(16, 5, 10, 0.5f, 0.25f, 64, 32, 0.9f, DOG, 0.8f);
        List<Detection> dets = decoder.decode(out, new Letterbox(832, 416, 0.5, 0.5, 0, 104), 0.25, 0.45);
        assertThat(dets).hasSize(1);
        Detection d = dets.get(0);
        assertThat(d.label()).isEqualTo("dog");
        assertThat(d.score()).isCloseTo(0.72, within(1e-6));
        assertThat(d.box().x1()).isCloseTo(112.0 / 832, within(1e-5));
        assertThat(d.box().x2()).isCloseTo(240.0 / 832, within(1e-5));
        assertThat(d.box().y1()).isCloseTo(88.0 / 416, within(1e-5));
        assertThat(d.box().y2()).isCloseTo(152.0 / 416, within(1e-5));
    }

    @Test
    void stridesComeInOrder8Then16Then32() {
        // The same cell index (0, 0) at each stride is a different box size and place.
        put(8, 1, 2, 0f, 0f, 8, 8, 0.9f, 0, 0.9f);
        put(32, 12, 12, 0.5f, 0.5f, 32, 32, 0.8f, 0, 0.9f);
        List<Detection> dets = decoder.decode(out, Letterbox.topLeft(416, 416, 1), 0.25, 0.45);
        assertThat(dets).hasSize(2);
        // stride 8 cell (1, 2): centre (8, 16), 8x8 -> [4, 12, 12, 20] / 416
        assertThat(dets.get(0).box().x1()).isCloseTo(4.0 / 416, within(1e-5));
        assertThat(dets.get(0).box().y2()).isCloseTo(20.0 / 416, within(1e-5));
        // stride 32 cell (12, 12): centre 12.5 * 32 = 400, 32 wide -> [384, 416]
        assertThat(dets.get(1).box().x1()).isCloseTo(384.0 / 416, within(1e-5));
        assertThat(dets.get(1).box().x2()).isCloseTo(1.0, within(1e-5));
    }

    @Test
    void nmsIsClassAwareAndUsesIouAboveThreshold() {
        // Two dogs 100 px wide shifted by 20 px: IoU = 80/120 = 0.667 -> the weaker is suppressed.
        put(8, 10, 10, 0.5f, 0.5f, 100, 100, 0.95f, DOG, 0.95f);
        put(8, 12, 10, 1.0f, 0.5f, 100, 100, 0.90f, DOG, 0.90f);
        // A cat on the first dog's box: other class, kept.
        put(8, 11, 10, 0.0f, 0.5f, 100, 100, 0.85f, CAT, 0.85f);
        // A dog shifted by 50 px: IoU = 50 * 100 / (2 * 10000 - 5000) = 0.333 -> kept.
        put(8, 16, 10, 0.75f, 0.5f, 100, 100, 0.80f, DOG, 0.80f);
        List<Detection> dets = decoder.decode(out, Letterbox.topLeft(416, 416, 1), 0.25, 0.45);
        assertThat(dets).extracting(Detection::label).containsExactly("dog", "cat", "dog");
        assertThat(dets.get(0).score()).isCloseTo(0.95 * 0.95, within(1e-6));
        assertThat(dets.get(1).score()).isCloseTo(0.85 * 0.85, within(1e-6));
        assertThat(dets.get(2).score()).isCloseTo(0.8 * 0.8, within(1e-6));
    }

    @Test
    void aThresholdJustAboveTheIouKeepsBothAndJustBelowSuppresses() {
        // Boxes [0,0,100,100] and [x,0,x+100,100]: IoU = (100-x)/(100+x) = 0.5 at x = 100/3.
        put(8, 10, 10, 0.5f, 0.5f, 100, 100, 0.9f, DOG, 0.9f);
        float shift = (float) (100.0 / 3 / 8);
        put(8, 10, 11, 0.5f + shift, 0.5f - 1, 100, 100, 0.8f, DOG, 0.8f);
        assertThat(decoder.decode(out, Letterbox.topLeft(416, 416, 1), 0.25, 0.5001)).hasSize(2);
        assertThat(decoder.decode(out, Letterbox.topLeft(416, 416, 1), 0.25, 0.4999)).hasSize(1);
    }

    @Test
    void iouEqualToTheThresholdKeepsBothBoxesAsYoloxNmsDoes() {
        // As torchvision's nms in YOLOX's postprocess: continuous box areas, and only an IoU above the threshold
        // suppresses. (YOLOX's numpy demo_utils.nms adds a pixel to each side: 81 / 289 here.)
        // Every value here is exact in binary: log w = log h = log(1) = 0, so exp(0) * stride is the stride itself.
        // Stride 8, cell (4, 4), offsets (1, 1): centre (1 + 4) * 8 = 40, side 8 -> [36, 44]².
        put(8, 4, 4, 1f, 1f, 8, 8, 0.9f, DOG, 0.9f);
        // Stride 16, cell (2, 2), offsets (0.5, 0.5): centre 2.5 * 16 = 40, side 16 -> [32, 48]².
        put(16, 2, 2, 0.5f, 0.5f, 16, 16, 0.8f, DOG, 0.8f);
        // The small box lies inside the big one: IoU = 64 / (64 + 256 - 64) = 0.25 exactly.
        List<Detection> dets = decoder.decode(out, Letterbox.topLeft(416, 416, 1), 0.25, 0.25);
        assertThat(dets).extracting(Detection::label).containsExactly("dog", "dog");
        assertThat(dets.get(0).box().x1()).isCloseTo(36.0 / 416, within(1e-9));
        assertThat(dets.get(1).box().x1()).isCloseTo(32.0 / 416, within(1e-9));
        // Control: just below 0.25 the weaker, bigger box goes.
        List<Detection> below = decoder.decode(out, Letterbox.topLeft(416, 416, 1), 0.25, 0.2499);
        assertThat(below).hasSize(1);
        assertThat(below.get(0).box().x1()).isCloseTo(36.0 / 416, within(1e-9));
    }

    @Test
    void oneRowCanGiveSeveralClassesAndTheFloorIsObjectnessTimesClass() {
        put(16, 3, 3, 0.5f, 0.5f, 40, 40, 0.8f, DOG, 0.5f);   // 0.40
        out[(52 * 52 + 3 * 26 + 3) * 85 + 5 + CAT] = 0.3f;     // 0.24: below 0.25
        out[(52 * 52 + 3 * 26 + 3) * 85 + 5 + 0] = 0.35f;      // person 0.28
        List<Detection> dets = decoder.decode(out, Letterbox.topLeft(416, 416, 1), 0.25, 0.45);
        assertThat(dets).extracting(Detection::label).containsExactly("dog", "person");
    }

    @Test
    void boxesOutsideTheImageAreClampedAndGarbageIsSurvived() {
        put(32, 0, 0, -3f, -3f, 2000, 2000, 0.9f, DOG, 0.9f);
        out[5] = Float.NaN; // row 0 objectness-free garbage
        out[4] = Float.NaN;
        List<Detection> dets = decoder.decode(out, Letterbox.topLeft(416, 416, 1), 0.25, 0.45);
        assertThat(dets).hasSize(1);
        assertThat(dets.get(0).box().x1()).isZero();
        assertThat(dets.get(0).box().x2()).isEqualTo(1.0);
    }

    @Test
    void wrongOutputSizeIsAnInferenceErrorNamingBothSizes() {
        assertThatThrownBy(() -> decoder.decode(new float[10], Letterbox.topLeft(416, 416, 1), 0.25, 0.45))
                .isInstanceOf(InferenceException.class).hasMessageContaining("301665").hasMessageContaining("10");
    }

    @Test
    void builtInLabelsAreTheSharedNamesInCocoSpelling() throws Exception {
        List<String> names = Files.readAllLines(SharedModels.require("detection/coco80.names")).stream()
                .filter(s -> !s.isBlank()).map(Coco80::cocoSpelling).toList();
        assertThat(names).containsExactlyElementsOf(Coco80.LABELS);
        assertThat(Coco80.cocoSpelling("tvmonitor")).isEqualTo("tv");
        assertThat(Coco80.cocoSpelling("motorbike")).isEqualTo("motorcycle");
    }
}

package dev.echollama.vision.detr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.echollama.InferenceException;
import dev.echollama.vision.Detection;
import java.util.List;
import org.junit.jupiter.api.Test;

class DetrDecoderTest {
    private static final int CLASSES = 92;
    private final DetrDecoder decoder = new DetrDecoder(Coco91.LABELS);

    @Test
    void tableHas91IdsWithCocoNamesAndHoles() {
        assertThat(Coco91.LABELS).hasSize(91);
        assertThat(Coco91.LABELS.get(1)).isEqualTo("person");
        assertThat(Coco91.LABELS.get(18)).isEqualTo("dog");
        assertThat(Coco91.LABELS.get(63)).isEqualTo("couch");
        assertThat(Coco91.LABELS.get(72)).isEqualTo("tv");
        assertThat(Coco91.LABELS.get(90)).isEqualTo("toothbrush");
        assertThat(Coco91.LABELS.stream().filter("N/A"::equals).count()).isEqualTo(11);
    }

    @Test
    void softmaxOverAll92ThenBestRealClass() {
        float[] logits = new float[2 * CLASSES];
        float[] boxes = {0.25f, 0.5f, 0.1f, 0.2f, 0.5f, 0.5f, 1f, 1f};
        // Query 0: dog logit 5, "no object" logit 5, rest 0 -> p(dog) = e^5 / (2 e^5 + 90) = 0.4629...
        logits[18] = 5;
        logits[91] = 5;
        // Query 1: "no object" dominates (logit 10) but the best real class is still scored: bus logit 2.
        logits[CLASSES + 6] = 2;
        logits[CLASSES + 91] = 10;
        List<Detection> dets = decoder.decode(logits, boxes, 2, CLASSES, 0.0);
        double e5 = Math.exp(5);
        assertThat(dets).hasSize(2);
        assertThat(dets.get(0).label()).isEqualTo("dog");
        assertThat(dets.get(0).score()).isCloseTo(e5 / (2 * e5 + 90), within(1e-6));
        assertThat(dets.get(0).box().x1()).isCloseTo(0.20, within(1e-6));
        assertThat(dets.get(0).box().y1()).isCloseTo(0.40, within(1e-6));
        assertThat(dets.get(0).box().x2()).isCloseTo(0.30, within(1e-6));
        assertThat(dets.get(0).box().y2()).isCloseTo(0.60, within(1e-6));
        double e2 = Math.exp(2);
        double e10 = Math.exp(10);
        assertThat(dets.get(1).label()).isEqualTo("bus");
        assertThat(dets.get(1).score()).isCloseTo(e2 / (e10 + e2 + 90), within(1e-9));
        assertThat(dets.get(1).box().x1()).isZero();
        assertThat(dets.get(1).box().x2()).isEqualTo(1.0);
    }

    @Test
    void floorAndNotAClassDropQueries() {
        float[] logits = new float[3 * CLASSES];
        float[] boxes = new float[3 * 4];
        logits[12] = 20;                 // query 0: id 12 is "N/A"
        logits[CLASSES + 1] = 20;        // query 1: person, ~1.0
        logits[2 * CLASSES + 3] = 1;     // query 2: car, low
        List<Detection> dets = decoder.decode(logits, boxes, 3, CLASSES, 0.9);
        assertThat(dets).extracting(Detection::label).containsExactly("person");
        assertThat(dets.get(0).score()).isCloseTo(1.0, within(1e-6));
    }

    @Test
    void resultsAreBestFirst() {
        float[] logits = new float[2 * CLASSES];
        logits[3] = 3;
        logits[CLASSES + 18] = 9;
        List<Detection> dets = decoder.decode(logits, new float[8], 2, CLASSES, 0.0);
        assertThat(dets).extracting(Detection::label).containsExactly("dog", "car");
    }

    @Test
    void nanQueriesAreSkipped() {
        float[] logits = new float[CLASSES];
        logits[5] = Float.NaN;
        assertThat(decoder.decode(logits, new float[4], 1, CLASSES, 0.0)).isEmpty();
    }

    @Test
    void wrongSizesNameExpectedAndActual() {
        assertThatThrownBy(() -> decoder.decode(new float[10], new float[4], 1, CLASSES, 0.5))
                .isInstanceOf(InferenceException.class).hasMessageContaining("92").hasMessageContaining("10");
        assertThatThrownBy(() -> decoder.decode(new float[CLASSES], new float[3], 1, CLASSES, 0.5))
                .isInstanceOf(InferenceException.class).hasMessageContaining("pred_boxes");
    }
}

package dev.echollama.scene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.echollama.BadInputException;
import dev.echollama.vision.BoundingBox;
import dev.echollama.vision.DepthMap;
import dev.echollama.vision.Detection;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SceneMatrixBuilderTest {

    private static Detection det(String label, double score, double x1, double y1, double x2, double y2) {
        return new Detection(label, score, new BoundingBox(x1, y1, x2, y2));
    }

    /*
     * 4x4 relative inverse depth (larger = nearer), min 0 and max 10:
     *   10 10 2 2
     *   10 10 2 2
     *   10 10 2 2
     *   10 10 2 0
     */
    private static DepthMap depth(DepthMap.Convention convention) {
        float[] v = new float[16];
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                v[y * 4 + x] = x < 2 ? 10 : 2;
            }
        }
        v[15] = 0;
        return DepthMap.of(4, 4, v, convention);
    }

    @Test
    void centreOnAGridLineGoesToTheCellRightOfAndBelowIt() {
        SceneMatrixBuilder b = SceneMatrixBuilder.paper();
        // centre x = 1/3 exactly (a column line), centre y = 0.5 exactly (the row line)
        SceneMatrix m = b.build(List.of(det("dog", 0.95, 0, 0, 2.0 / 3, 1)));
        assertThat(m.cell(1, 1)).extracting(SceneObject::label).containsExactly("dog");
        // centre x = 2/3 exactly
        m = b.build(List.of(det("cat", 0.95, 1.0 / 3, 0, 1, 0.2)));
        assertThat(m.cell(0, 2)).extracting(SceneObject::label).containsExactly("cat");
        // a centre on the far edges (1.0) stays in the last cell
        m = b.build(List.of(det("kite", 0.95, 1, 1, 1, 1)));
        assertThat(m.cell(1, 2)).extracting(SceneObject::label).containsExactly("kite");
        // and 0.0 in the first
        m = b.build(List.of(det("bird", 0.95, 0, 0, 0, 0)));
        assertThat(m.cell(0, 0)).extracting(SceneObject::label).containsExactly("bird");
    }

    @Test
    void aScoreOfExactlyTheThresholdEntersAndJustBelowDoesNot() {
        SceneMatrixBuilder b = SceneMatrixBuilder.paper();
        SceneMatrix m = b.build(List.of(
                det("dog", 0.90, 0.1, 0.6, 0.3, 0.9),
                det("cat", 0.8999, 0.1, 0.6, 0.3, 0.9),
                det("bicycle", (double) 0.9f, 0.1, 0.6, 0.3, 0.9))); // a detector's float 0.9f
        assertThat(m.objects()).extracting(SceneObject::label).containsExactlyInAnyOrder("dog", "bicycle");
    }

    @Test
    void emptyInputGivesAnEmptyGridOfTheRightShape() {
        SceneMatrix m = SceneMatrixBuilder.of(3, 4, 0.5).build(List.of());
        assertThat(m.rows()).isEqualTo(3);
        assertThat(m.columns()).isEqualTo(4);
        assertThat(m.isEmpty()).isTrue();
        assertThat(MatrixFormatter.standard().format(SceneMatrix.empty(2, 3)))
                .isEqualTo("[[[], [], []], [[], [], []]]");
    }

    @Test
    void xAndYAreTheBoxCentre() {
        SceneObject o = SceneMatrixBuilder.paper().build(List.of(det("dog", 0.99, 0.1, 0.5, 0.3, 0.9)))
                .objects().get(0);
        assertThat(o.x()).isCloseTo(0.2, within(1e-12));
        assertThat(o.y()).isCloseTo(0.7, within(1e-12));
        assertThat(o.z()).isEmpty();
        assertThat(o.probability()).isEqualTo(0.99);
    }

    @Test
    void zIsTheInnerHalfMedianMappedOverTheMapsRange() {
        SceneMatrixBuilder b = SceneMatrixBuilder.of(1, 1, 0.5);
        DepthMap d = depth(DepthMap.Convention.RELATIVE_INVERSE_DEPTH);
        // Left half box: inner half covers columns 0..1, rows 1..2, all 10 = the map's max = nearest.
        // Right half box: columns 2..3, rows 1..2, all 2 -> (2-0)/(10-0) = 0.2 of the way to near -> z = 0.8.
        // Middle box: columns 1..2, rows 1..2: 10, 2, 10, 2 -> median 6 -> z = 0.4.
        // A sliver with no pixel centre inside its inner half uses the pixel under its centre (1, 1) = 10.
        SceneMatrix m = b.build(List.of(
                det("a", 0.9, 0, 0, 0.5, 1),
                det("b", 0.8, 0.5, 0, 1, 1),
                det("c", 0.7, 0.25, 0, 0.75, 1),
                det("d", 0.6, 0.30, 0.30, 0.31, 0.31)), Optional.of(d));
        List<SceneObject> objects = m.cell(0, 0);
        assertThat(objects).extracting(SceneObject::label).containsExactly("a", "b", "c", "d");
        assertThat(objects.get(0).z().getAsDouble()).isCloseTo(0.0, within(1e-9));
        assertThat(objects.get(1).z().getAsDouble()).isCloseTo(0.8, within(1e-6));
        assertThat(objects.get(2).z().getAsDouble()).isCloseTo(0.4, within(1e-6));
        assertThat(objects.get(3).z().getAsDouble()).isCloseTo(0.0, within(1e-9));
    }

    @Test
    void metricDepthCountsLargerAsFarther() {
        DepthMap d = depth(DepthMap.Convention.METRIC_METERS);
        SceneMatrix m = SceneMatrixBuilder.of(1, 1, 0.5).build(List.of(
                det("a", 0.9, 0, 0, 0.5, 1), det("b", 0.8, 0.5, 0, 1, 1)), Optional.of(d));
        assertThat(m.cell(0, 0).get(0).z().getAsDouble()).isCloseTo(1.0, within(1e-9));
        assertThat(m.cell(0, 0).get(1).z().getAsDouble()).isCloseTo(0.2, within(1e-6));
    }

    @Test
    void aFlatDepthMapPutsEverythingAtZeroRatherThanInventingOrder() {
        DepthMap flat = DepthMap.of(2, 2, new float[] {3, 3, 3, 3}, DepthMap.Convention.RELATIVE_INVERSE_DEPTH);
        SceneMatrix m = SceneMatrixBuilder.paper().build(List.of(det("dog", 0.95, 0, 0, 1, 1)), Optional.of(flat));
        assertThat(m.objects().get(0).z().getAsDouble()).isEqualTo(0.0);
    }

    @Test
    void entriesInACellAreOrderedByScoreThenLabel() {
        SceneMatrix m = SceneMatrixBuilder.paper().build(List.of(
                det("person", 0.91, 0.0, 0.0, 0.1, 0.1),
                det("dog", 0.99, 0.0, 0.0, 0.1, 0.1),
                det("cat", 0.91, 0.0, 0.0, 0.1, 0.1)));
        assertThat(m.cell(0, 0)).extracting(SceneObject::label).containsExactly("dog", "cat", "person");
    }

    @Test
    void medianHandlesOddEvenAndDuplicates() {
        assertThat(SceneMatrixBuilder.median(new float[] {5}, 1)).isEqualTo(5f);
        assertThat(SceneMatrixBuilder.median(new float[] {3, 1, 2}, 3)).isEqualTo(2f);
        assertThat(SceneMatrixBuilder.median(new float[] {4, 1, 3, 2}, 4)).isEqualTo(2.5f);
        assertThat(SceneMatrixBuilder.median(new float[] {7, 7, 7, 1, 7, 1}, 6)).isEqualTo(7f);
        assertThat(SceneMatrixBuilder.median(new float[] {9, 9, 1, 1}, 4)).isEqualTo(5f);
    }

    @Test
    void badGridsAndThresholdsAreRefusedByName() {
        assertThatThrownBy(() -> SceneMatrixBuilder.of(0, 3, 0.9)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("0x3");
        assertThatThrownBy(() -> SceneMatrixBuilder.of(2, 3, 1.5)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("1.5");
    }
}

package dev.echollama.testkit.onnx;

import static dev.echollama.testkit.onnx.Ort.io;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YoloxGraphsTest {
    @TempDir
    Path dir;

    @Test
    void yoloxNanoHasTheExportContractAndPutsEachRowInItsCell() throws Exception {
        YoloxSpec spec = YoloxSpec.builder()
                .row(8, 3, 2, 0.25f, 0.75f, 0f, 0.5f, 0.9f, 16, 0.8f)
                .row(32, 12, 12, -0.5f, 1.5f, -1f, 0f, 0.7f, 0, 0.6f)
                .build();
        Path file = SyntheticModels.yoloxNano(dir, spec);
        assertThat(file.getFileName().toString()).isEqualTo("yolox_nano.onnx");
        // Row indices by hand: stride 8 cell (3, 2) = 2 * 52 + 3 = 107; stride 32 cell (12, 12) comes after the
        // 52² + 26² = 3380 rows of strides 8 and 16: 3380 + 12 * 13 + 12 = 3548, the last row.
        assertThat(spec.rows()).extracting(YoloxSpec.Row::index).containsExactly(107, 3548);
        try (OrtSession s = Ort.open(file)) {
            Ort.assertIo(s.getInputInfo(), List.<Object[]>of(io("images", OnnxJavaType.FLOAT, 1, 3, 416, 416)));
            Ort.assertIo(s.getOutputInfo(), List.<Object[]>of(io("output", OnnxJavaType.FLOAT, 1, 3549, 85)));
            float[] pixels = new float[3 * 416 * 416];
            Arrays.fill(pixels, 114f); // YOLOX's padding grey: the head must not depend on the pixels
            try (OnnxTensor in = Ort.floats(pixels, 1, 3, 416, 416);
                    OrtSession.Result r = s.run(Map.of("images", in))) {
                float[] out = Ort.floatsOf(Ort.out(r, "output"));
                assertThat(out).hasSize(3549 * 85);
                float[] first = new float[85];
                first[0] = 0.25f;
                first[1] = 0.75f;
                first[3] = 0.5f;
                first[4] = 0.9f;
                first[5 + 16] = 0.8f;
                float[] last = new float[85];
                last[0] = -0.5f;
                last[1] = 1.5f;
                last[2] = -1f;
                last[4] = 0.7f;
                last[5] = 0.6f;
                assertThat(Arrays.copyOfRange(out, 107 * 85, 108 * 85)).containsExactly(first);
                assertThat(Arrays.copyOfRange(out, 3548 * 85, 3549 * 85)).containsExactly(last);
                // Row 107 has 5 non-zero values (log_w is 0), row 3548 has 5 (log_h is 0); nothing else.
                assertThat(IntStream.range(0, out.length).filter(i -> out[i] != 0).count()).isEqualTo(5 + 5);
            }
        }
    }

    @Test
    void specRejectsRowsOutsideTheGridAndTwoRowsInOneCell() {
        assertThatThrownBy(() -> YoloxSpec.builder().row(16, 26, 0, 0, 0, 0, 0, 1, 0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("26x26");
        assertThatThrownBy(() -> YoloxSpec.builder().row(4, 0, 0, 0, 0, 0, 0, 1, 0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stride");
        assertThatThrownBy(() -> YoloxSpec.builder().row(8, 0, 0, 0, 0, 0, 0, 1, 80, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("classId");
        assertThatThrownBy(() -> YoloxSpec.builder().row(8, 1, 1, 0, 0, 0, 0, 1, 0, 1)
                .row(8, 1, 1, 0, 0, 0, 0, 1, 2, 1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two rows");
    }
}

package dev.echollama.testkit.onnx;

import static dev.echollama.testkit.onnx.Ort.io;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnacGraphTest {
    @TempDir
    Path dir;

    @Test
    void decoderHasTheSnacContract() throws Exception {
        try (OrtSession s = Ort.open(SyntheticModels.snacDecoder(dir))) {
            Ort.assertIo(s.getInputInfo(), List.of(
                    io("audio_codes.0", OnnxJavaType.INT64, 1, "codes_0_length"),
                    io("audio_codes.1", OnnxJavaType.INT64, 1, "codes_1_length"),
                    io("audio_codes.2", OnnxJavaType.INT64, 1, "codes_2_length")));
            Ort.assertIo(s.getOutputInfo(),
                    List.<Object[]>of(io("audio_values", OnnxJavaType.FLOAT, 1, 1, "audio_length")));
        }
    }

    @Test
    void orpheusWindowSpellsFrameOneCodes() throws Exception {
        try (OrtSession s = Ort.open(SyntheticModels.snacDecoder(dir))) {
            // 4 frames (28 Orpheus tokens): frame t has c0 = 100 + t, c1 = 200 + 2t(+1), c2 = 300 + 4t(+0..3).
            long[] c0 = new long[4];
            long[] c1 = new long[8];
            long[] c2 = new long[16];
            for (int t = 0; t < 4; t++) {
                c0[t] = 100 + t;
                c1[2 * t] = 200 + 2 * t;
                c1[2 * t + 1] = 201 + 2 * t;
                for (int j = 0; j < 4; j++) {
                    c2[4 * t + j] = 300 + 4 * t + j;
                }
            }
            float[] audio = decode(s, c0, c1, c2);
            assertThat(audio).hasSize(8192);
            // Frame 1 occupies samples [2048, 4096): steps s = 4..7.
            for (int step = 4; step < 8; step++) {
                int base = step * 512;
                assertThat(audio[base]).isEqualTo(101 / 4096f);
                assertThat(audio[base + 127]).isEqualTo(101 / 4096f);
                assertThat(audio[base + 128]).isEqualTo((step < 6 ? 202 : 203) / 4096f);
                assertThat(audio[base + 256]).isEqualTo((300 + step) / 4096f);
                assertThat(audio[base + 383]).isEqualTo((300 + step) / 4096f);
                assertThat(audio[base + 384]).isEqualTo(-0.5f);
                assertThat(audio[base + 511]).isEqualTo(-0.5f);
            }
            // As Orpheus writes it: round(x * 32767) to int16.
            assertThat((short) Math.round(audio[2048] * 32767)).isEqualTo((short) 808);
            assertThat(audio[0]).isEqualTo(100 / 4096f);
            assertThat(audio[8191]).isEqualTo(-0.5f);
        }
    }

    @Test
    void inconsistentLengthsFail() throws Exception {
        try (OrtSession s = Ort.open(SyntheticModels.snacDecoder(dir))) {
            assertThatThrownBy(() -> decode(s, new long[2], new long[4], new long[7])).isInstanceOf(OrtException.class);
        }
    }

    private static float[] decode(OrtSession s, long[] c0, long[] c1, long[] c2) throws OrtException {
        try (OnnxTensor a = Ort.longs(c0, 1, c0.length);
                OnnxTensor b = Ort.longs(c1, 1, c1.length);
                OnnxTensor c = Ort.longs(c2, 1, c2.length);
                OrtSession.Result r = s.run(Map.of("audio_codes.0", a, "audio_codes.1", b, "audio_codes.2", c))) {
            OnnxTensor out = Ort.out(r, "audio_values");
            assertThat(out.getInfo().getShape()).containsExactly(1, 1, 2048L * c0.length);
            return Ort.floatsOf(out);
        }
    }
}

package dev.echollama.testkit.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxModelWireTest {

    /**
     * {@link TinyModel} as serialised by Debian python3-onnx 1.12.0 ({@code onnx.helper.make_model} etc. with the
     * same names, float/float16 initializers as raw data, then {@code SerializeToString()}); the same script ran
     * {@code onnx.checker.check_model(full_check=True)} on the Java-written file. Recorded offline; no Python at
     * test time.
     */
    private static final String PYTHON_ONNX_HEX =
            "080812116563686f6c6c616d612d746573746b69741a04746573743ae5050a1a0a01780a01771201741a0a74696e792f"
            + "4d756c5f3022034d756c0a351201631a0f74696e792f436f6e7374616e745f312208436f6e7374616e742a150a0b7661"
            + "6c75655f666c6f6174150000003fa001010a1a0a01740a01631201751a0a74696e792f4164645f3222034164640a320a"
            + "01750a04706164731201701a0a74696e792f5061645f3322035061642a130a046d6f64652208636f6e7374616e74a001"
            + "030a430a017012016d1a1174696e792f5265647563654d65616e5f34220a5265647563654d65616e2a0b0a0461786573"
            + "4001a001072a0f0a086b65657064696d731801a001020a1a0a01700a016d1201791a0a74696e792f5375625f35220353"
            + "75620a4012016b1a0f74696e792f436f6e7374616e745f362208436f6e7374616e742a200a0576616c75652a14080210"
            + "073a0cffffffffffffffffff01ac024200a001040ae2010a04666c616712017a1a0974696e792f49665f37220249662a"
            + "5e0a0b656c73655f6272616e6368324c0a1e0a01781208656c73655f6f75741a0a656c73652f4e65675f3022034e6567"
            + "1204656c736562240a08656c73655f6f757412180a16080112120a0c120a62617463685f73697a650a020803a001052a"
            + "680a0b7468656e5f6272616e636832560a280a017812087468656e5f6f75741a0f7468656e2f4964656e746974795f30"
            + "22084964656e7469747912047468656e62240a087468656e5f6f757412180a16080112120a0c120a62617463685f7369"
            + "7a650a020803a00105120474696e792a15080310014201774a0c0000803f00000040000040402a0f0803100a4201684a"
            + "06003c00c1ff7b2a10080410073a04000000004204706164732a0b080210092a0201004201625a1d0a017812180a1608"
            + "0112120a0c120a62617463685f73697a650a0208035a0e0a04666c616712060a0408091200621d0a017912180a160801"
            + "12120a0c120a62617463685f73697a650a020803621d0a017a12180a16080112120a0c120a62617463685f73697a650a"
            + "02080342040a00101172140a07707572706f73651209776972652d74657374";

    private static String hex(ProtoWriter w) {
        return HexFormat.of().formatHex(w.toByteArray());
    }

    @Test
    void varintsMatchTheProtobufEncoding() {
        assertThat(hex(new ProtoWriter().rawVarint(0))).isEqualTo("00");
        assertThat(hex(new ProtoWriter().rawVarint(1))).isEqualTo("01");
        assertThat(hex(new ProtoWriter().rawVarint(127))).isEqualTo("7f");
        assertThat(hex(new ProtoWriter().rawVarint(128))).isEqualTo("8001");
        assertThat(hex(new ProtoWriter().rawVarint(300))).isEqualTo("ac02");
        assertThat(hex(new ProtoWriter().rawVarint(16_383))).isEqualTo("ff7f");
        assertThat(hex(new ProtoWriter().rawVarint(16_384))).isEqualTo("808001");
        assertThat(hex(new ProtoWriter().rawVarint(Integer.MAX_VALUE))).isEqualTo("ffffffff07");
        assertThat(hex(new ProtoWriter().rawVarint(Long.MAX_VALUE))).isEqualTo("ffffffffffffffff7f");
        // Negative int64 (and sign-extended int32) values always take ten bytes.
        assertThat(hex(new ProtoWriter().rawVarint(-1))).isEqualTo("ffffffffffffffffff01");
        assertThat(hex(new ProtoWriter().rawVarint(Long.MIN_VALUE))).isEqualTo("80808080808080808001");
    }

    @Test
    void tagsAndScalarFields() {
        assertThat(hex(new ProtoWriter().int64(1, 8))).isEqualTo("0808");
        assertThat(hex(new ProtoWriter().int64(20, 2))).isEqualTo("a00102");
        assertThat(hex(new ProtoWriter().float32(2, 0.5f))).isEqualTo("150000003f");
        assertThat(hex(new ProtoWriter().string(1, "x"))).isEqualTo("0a0178");
        assertThat(hex(new ProtoWriter().string(1, "\u00e9"))).isEqualTo("0a02c3a9");
        assertThat(hex(new ProtoWriter().message(2, new ProtoWriter()))).isEqualTo("1200");
        assertThat(hex(new ProtoWriter().packedInt64(7, new long[] {1, 300, -1})))
                .isEqualTo("3a0d01ac02ffffffffffffffffff01");
        assertThat(hex(new ProtoWriter().packedInt64(7, new long[0]))).isEmpty();
        assertThat(hex(new ProtoWriter().packedInt32(5, new int[] {1, 0}))).isEqualTo("2a020100");
        assertThatThrownBy(() -> new ProtoWriter().tag(0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void float16RoundsToNearestEven() {
        assertThat(Float16.fromFloat(1f)).isEqualTo((short) 0x3c00);
        assertThat(Float16.fromFloat(-2.5f)).isEqualTo((short) 0xc100);
        assertThat(Float16.fromFloat(0.1f)).isEqualTo((short) 0x2e66);
        assertThat(Float16.fromFloat(65504f)).isEqualTo((short) 0x7bff);
        assertThat(Float16.fromFloat(65520f)).isEqualTo((short) 0x7c00); // halfway to the next power: ties up to inf
        assertThat(Float16.fromFloat(1e6f)).isEqualTo((short) 0x7c00);
        assertThat(Float16.fromFloat(0x1p-24f)).isEqualTo((short) 0x0001); // smallest subnormal
        assertThat(Float16.fromFloat(0x1p-25f)).isEqualTo((short) 0x0000); // tie to even (zero)
        assertThat(Float16.fromFloat(0x1.8p-25f)).isEqualTo((short) 0x0001);
        assertThat(Float16.fromFloat(0x1p-14f)).isEqualTo((short) 0x0400); // smallest normal
        assertThat(Float16.fromFloat(-0f)).isEqualTo((short) 0x8000);
        assertThat(Float16.fromFloat(Float.NaN) & 0x7c00).isEqualTo(0x7c00);
        assertThat(Float16.fromFloat(Float.NaN) & 0x03ff).isNotZero();
        assertThat(Float16.fromFloat(2049f)).isEqualTo((short) 0x6800); // 2048: ties to even
        assertThat(Float16.fromFloat(2051f)).isEqualTo((short) 0x6802); // 2052: ties to even
        for (int bits = 0; bits < 0x10000; bits++) {
            if ((bits & 0x7c00) == 0x7c00 && (bits & 0x3ff) != 0) {
                continue; // NaN payloads need not survive
            }
            assertThat(Float16.fromFloat(Float16.toFloat((short) bits))).isEqualTo((short) bits);
        }
    }

    @Test
    void attributesAndValueInfosMatchPythonOnnx() {
        // Expected bytes from onnx.helper.make_attribute / make_tensor_value_info (python3-onnx 1.12.0), recorded.
        assertThat(hex(Attribute.floats("scales", 1f, 2f).encode())).isEqualTo("0a067363616c65733d0000803f3d00000040a00106");
        assertThat(hex(Attribute.ints("perm", 0, 2, 1, 3).encode())).isEqualTo("0a047065726d4000400240014003a00107");
        assertThat(hex(Attribute.of("alpha", 0.25f).encode())).isEqualTo("0a05616c706861150000803ea00101");
        assertThat(hex(new ValueInfo("s", ElementType.INT64, Dim.parse("s")).encode())).isEqualTo("0a017312060a0408071200");
        assertThat(hex(new ValueInfo("u", ElementType.FLOAT, Dim.parse("u", null, "n", 3)).encode()))
                .isEqualTo("0a017512110a0f0801120b0a000a0312016e0a020803");
    }

    @Test
    void tinyModelMatchesPythonOnnxBytes() {
        assertThat(HexFormat.of().formatHex(TinyModel.build().toByteArray())).isEqualTo(PYTHON_ONNX_HEX);
    }

    @Test
    void tinyModelRunsInOnnxRuntime(@TempDir Path dir) throws Exception {
        Path file = TinyModel.build().write(dir.resolve("tiny.onnx"));
        assertThat(Files.list(dir)).containsExactly(file); // no temporary file left behind
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession s = env.createSession(file.toString(), new OrtSession.SessionOptions())) {
            assertThat(s.getMetadata().getCustomMetadata()).containsEntry("purpose", "wire-test");
            assertThat(s.getMetadata().getProducerName()).isEqualTo("echollama-testkit");
            assertThat(s.getInputNames()).containsExactly("x", "flag");
            for (boolean flag : new boolean[] {true, false}) {
                try (OnnxTensor x = OnnxTensor.createTensor(env, new float[][] {{1, 2, 3}});
                        OnnxTensor f = OnnxTensor.createTensor(env, flag);
                        OrtSession.Result r = s.run(Map.of("x", x, "flag", f))) {
                    float[][] y = (float[][]) r.get("y").orElseThrow().getValue();
                    float[][] z = (float[][]) r.get("z").orElseThrow().getValue();
                    // x*w + 0.5 = [1.5, 4.5, 9.5], mean 31/6
                    assertThat(y[0]).containsExactly(new float[] {1.5f - 31f / 6, 4.5f - 31f / 6, 9.5f - 31f / 6},
                            org.assertj.core.data.Offset.offset(1e-5f));
                    assertThat(z[0]).containsExactly(flag ? new float[] {1, 2, 3} : new float[] {-1, -2, -3});
                }
            }
        }
    }

    @Test
    void buildRejectsWhatOnnxRuntimeWouldRejectLater() {
        assertThatThrownBy(() -> Graph.builder("g").input("x", ElementType.FLOAT, 1)
                .output("y", ElementType.FLOAT, 1).build())
                .hasMessageContaining("'y' is not produced");
        Graph typo = Graph.builder("g").input("x", ElementType.FLOAT, 1).output("y", ElementType.FLOAT, 1)
                .node("Neg", List.of("xx"), List.of("y")).build();
        assertThatThrownBy(() -> OnnxModel.builder(typo).build()).hasMessageContaining("reads 'xx'");
        assertThatThrownBy(() -> Graph.builder("g").input("x", ElementType.FLOAT, 1).output("y", ElementType.FLOAT, 1)
                .node("Neg", List.of("x"), List.of("y")).node("Abs", List.of("x"), List.of("y")).build())
                .hasMessageContaining("'y' is produced twice");
        assertThatThrownBy(() -> Tensor.floats("w", new long[] {2, 2}, 1f, 2f)).hasMessageContaining("needs 4 values, got 2");
        assertThatThrownBy(() -> Graph.builder("g").input("x", ElementType.FLOAT, -3))
                .hasMessageContaining("negative dimension");
        assertThatThrownBy(() -> Graph.builder("g").input("x", ElementType.FLOAT, 2.5))
                .hasMessageContaining("Integer, a Long, a String or null");
        assertThatThrownBy(() -> OnnxModel.builder(TinyModel.build().graph()).metadata("k", "a").metadata("k", "b"))
                .hasMessageContaining("'k' given twice");
    }
}

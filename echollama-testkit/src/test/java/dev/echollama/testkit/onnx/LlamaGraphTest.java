package dev.echollama.testkit.onnx;

import static dev.echollama.testkit.onnx.Ort.io;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.NodeInfo;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LlamaGraphTest {
    private static final LlamaSpec SMALL = LlamaSpec.builder().layers(2).kvHeads(2).headDim(4).build();

    @TempDir
    Path dir;

    @Test
    void defaultGraphHasTheLlama32ExportContract() throws Exception {
        Path file = SyntheticModels.llama32(dir, LlamaSpec.defaults());
        assertThat(file.getFileName()).hasToString("model.onnx");
        try (OrtSession s = Ort.open(file)) {
            List<Object[]> in = new ArrayList<>();
            in.add(io("input_ids", OnnxJavaType.INT64, "batch_size", "sequence_length"));
            in.add(io("attention_mask", OnnxJavaType.INT64, "batch_size", "past_sequence_length + sequence_length"));
            in.add(io("position_ids", OnnxJavaType.INT64, "batch_size", "sequence_length"));
            List<Object[]> out = new ArrayList<>();
            out.add(io("logits", OnnxJavaType.FLOAT, "batch_size", "sequence_length", 128256));
            for (int l = 0; l < 16; l++) {
                for (String kv : List.of("key", "value")) {
                    in.add(io("past_key_values." + l + "." + kv, OnnxJavaType.FLOAT, "batch_size", 8,
                            "past_sequence_length", 64));
                    out.add(io("present." + l + "." + kv, OnnxJavaType.FLOAT, "batch_size", 8,
                            "past_sequence_length + sequence_length", 64));
                }
            }
            Ort.assertIo(s.getInputInfo(), in);
            Ort.assertIo(s.getOutputInfo(), out);
            assertThat(s.getMetadata().getCustomMetadata())
                    .containsEntry("echollama.synthetic", "llama-3.2")
                    .containsEntry("num_hidden_layers", "16")
                    .containsEntry("kv_cache_dtype", "float32");
            // Real-size greedy run: prompt [128000, 10, 20] -> 23, 27, 32.
            assertThat(new Loop(s).generate(new long[] {128000, 10, 20}, 3)).containsExactly(23, 27, 32);
        }
    }

    @Test
    void prefillPredictsInputPlusRunningLengthAtEveryPosition() throws Exception {
        try (OrtSession s = Ort.open(SyntheticModels.llama32(dir, SMALL))) {
            Loop loop = new Loop(s);
            try (OrtSession.Result r = loop.step(new long[][] {{128000, 10, 20}}, new long[][] {{1, 1, 1}},
                    new long[][] {{0, 1, 2}})) {
                assertThat(Ort.argmax(Ort.out(r, "logits"))).containsExactly(128001, 12, 23);
                float[] logits = Ort.floatsOf(Ort.out(r, "logits"));
                assertThat(logits[128001]).isEqualTo(30f);
                assertThat(logits[0]).isZero();
                OnnxTensor k1 = Ort.out(r, "present.1.key");
                assertThat(k1.getInfo().getShape()).containsExactly(1, 2, 3, 4);
                assertThat(Ort.floatsOf(k1)).containsOnly(2f);
                assertThat(Ort.floatsOf(Ort.out(r, "present.1.value"))).containsOnly(-2f);
                assertThat(Ort.floatsOf(Ort.out(r, "present.0.key"))).containsOnly(1f);
            }
        }
    }

    @Test
    void greedyDecodingWithCacheStopsAtTheRequestedLength() throws Exception {
        LlamaSpec spec = SMALL.toBuilder().stopAt(6, 128009).build();
        try (OrtSession s = Ort.open(SyntheticModels.llama32(dir, spec))) {
            Loop loop = new Loop(s);
            assertThat(loop.generate(new long[] {128000, 10, 20}, 10)).containsExactly(23, 27, 32, 128009);
            // presents grew one position per step: 3 (prefill) + 3 more steps.
            assertThat(loop.pastLength()).isEqualTo(6);
        }
    }

    @Test
    void droppedDuplicatedOrZeroedCachesGiveTheMismatchToken() throws Exception {
        try (OrtSession s = Ort.open(SyntheticModels.llama32(dir, SMALL))) {
            Loop loop = new Loop(s);
            loop.generate(new long[] {128000, 10, 20}, 1); // caches 3 positions, next input 23
            long mismatch = 128255;
            // Dropped: fresh empty pasts, mask for the new token only.
            Loop dropped = new Loop(s);
            try (OrtSession.Result r = dropped.step(new long[][] {{23}}, new long[][] {{1}}, new long[][] {{3}})) {
                assertThat(Ort.argmax(Ort.out(r, "logits"))).containsExactly(mismatch);
            }
            // Duplicated: every cached position twice, mask grown to match.
            Loop doubled = loop.copy(2);
            try (OrtSession.Result r = doubled.step(new long[][] {{23}}, new long[][] {{1, 1, 1, 1, 1, 1, 1}},
                    new long[][] {{3}})) {
                assertThat(Ort.argmax(Ort.out(r, "logits"))).containsExactly(mismatch);
            }
            // Zeros of the right length.
            Loop zeroed = loop.zeroed();
            try (OrtSession.Result r = zeroed.step(new long[][] {{23}}, new long[][] {{1, 1, 1, 1}},
                    new long[][] {{3}})) {
                assertThat(Ort.argmax(Ort.out(r, "logits"))).containsExactly(mismatch);
            }
            // The correct step, for contrast.
            try (OrtSession.Result r = loop.step(new long[][] {{23}}, new long[][] {{1, 1, 1, 1}},
                    new long[][] {{3}})) {
                assertThat(Ort.argmax(Ort.out(r, "logits"))).containsExactly(27);
            }
            // A mask that does not cover past + new fails instead of broadcasting.
            assertThatThrownBy(() -> loop.step(new long[][] {{23}}, new long[][] {{1}}, new long[][] {{3}}).close())
                    .isInstanceOf(OrtException.class);
        }
    }

    @Test
    void leftPaddedBatchMatchesTheUnpaddedRow() throws Exception {
        try (OrtSession s = Ort.open(SyntheticModels.llama32(dir, SMALL))) {
            Loop loop = new Loop(s);
            // Row 0 is [10, 20] left-padded with 0; position_ids = cumsum(mask) - 1, masked positions 1.
            try (OrtSession.Result r = loop.step(new long[][] {{0, 10, 20}, {5, 10, 20}},
                    new long[][] {{0, 1, 1}, {1, 1, 1}}, new long[][] {{1, 0, 1}, {0, 1, 2}})) {
                long[] tokens = Ort.argmax(Ort.out(r, "logits"));
                assertThat(tokens[1]).isEqualTo(11); // 10 + 1
                assertThat(tokens[2]).isEqualTo(22); // 20 + 2, as unpadded [10, 20]
                assertThat(Arrays.copyOfRange(tokens, 3, 6)).containsExactly(6, 12, 23);
            }
        }
    }

    @Test
    void fp16VariantDeclaresAndCarriesFloat16Kv() throws Exception {
        LlamaSpec spec = SMALL.toBuilder().kvType(ElementType.FLOAT16).stopAt(5, 128009).build();
        Path file = SyntheticModels.llama32(dir, spec);
        assertThat(file.getFileName()).hasToString("model_fp16.onnx");
        try (OrtSession s = Ort.open(file)) {
            assertThat(((TensorInfo) s.getInputInfo().get("past_key_values.1.value").getInfo()).type)
                    .isEqualTo(OnnxJavaType.FLOAT16);
            assertThat(((TensorInfo) s.getOutputInfo().get("present.0.key").getInfo()).type)
                    .isEqualTo(OnnxJavaType.FLOAT16);
            assertThat(((TensorInfo) s.getOutputInfo().get("logits").getInfo()).type).isEqualTo(OnnxJavaType.FLOAT);
            assertThat(s.getMetadata().getCustomMetadata()).containsEntry("kv_cache_dtype", "float16");
            Loop loop = new Loop(s);
            assertThat(loop.generate(new long[] {128000, 10, 20}, 10)).containsExactly(23, 27, 128009);
        }
        LlamaSpec halfLogits = spec.toBuilder().logitsType(ElementType.FLOAT16).fileName("model_q4f16.onnx").build();
        try (OrtSession s = Ort.open(SyntheticModels.llama32(dir, halfLogits))) {
            assertThat(((TensorInfo) s.getOutputInfo().get("logits").getInfo()).type).isEqualTo(OnnxJavaType.FLOAT16);
            assertThat(new Loop(s).generate(new long[] {128000, 10, 20}, 10)).containsExactly(23, 27, 128009);
        }
    }

    @Test
    void mergedVariantIgnoresPastsWhenUseCacheBranchIsFalse() throws Exception {
        LlamaSpec spec = SMALL.toBuilder().useCacheBranch(true).build();
        try (OrtSession s = Ort.open(SyntheticModels.llama32(dir, spec))) {
            List<String> inputs = new ArrayList<>(s.getInputNames());
            assertThat(inputs.get(inputs.size() - 1)).isEqualTo("use_cache_branch");
            Ort.assertIo(Map.of("use_cache_branch", s.getInputInfo().get("use_cache_branch")),
                    List.<Object[]>of(io("use_cache_branch", OnnxJavaType.BOOL, 1)));
            Loop loop = new Loop(s);
            assertThat(loop.generate(new long[] {128000, 10, 20}, 3)).containsExactly(23, 27, 32);
            // With use_cache_branch false the (non-empty) pasts are ignored: presents hold only the new position.
            loop.forceCacheBranch = false;
            try (OrtSession.Result r = loop.step(new long[][] {{7}}, new long[][] {{1}}, new long[][] {{0}})) {
                assertThat(Ort.out(r, "present.0.key").getInfo().getShape()).containsExactly(1, 2, 1, 4);
                assertThat(Ort.argmax(Ort.out(r, "logits"))).containsExactly(8);
            }
        }
    }

    @Test
    void numLogitsToKeepLimitsTheReturnedPositions() throws Exception {
        LlamaSpec spec = SMALL.toBuilder().numLogitsToKeep(true).vocabSize(1000).build();
        try (OrtSession s = Ort.open(SyntheticModels.llama32(dir, spec))) {
            assertThat(((TensorInfo) s.getInputInfo().get("num_logits_to_keep").getInfo()).getShape()).isEmpty();
            Loop loop = new Loop(s);
            loop.numLogitsToKeep = 1;
            try (OrtSession.Result r = loop.step(new long[][] {{998, 10, 20}}, new long[][] {{1, 1, 1}},
                    new long[][] {{0, 1, 2}})) {
                assertThat(Ort.out(r, "logits").getInfo().getShape()).containsExactly(1, 1, 1000);
                assertThat(Ort.argmax(Ort.out(r, "logits"))).containsExactly(23);
            }
            Loop all = new Loop(s);
            all.numLogitsToKeep = 0;
            try (OrtSession.Result r = all.step(new long[][] {{998, 10, 20}}, new long[][] {{1, 1, 1}},
                    new long[][] {{0, 1, 2}})) {
                assertThat(Ort.argmax(Ort.out(r, "logits"))).containsExactly(999, 12, 23); // (998 + 1) mod 1000
            }
        }
    }

    @Test
    void specRejectsImpossibleValues() {
        assertThatThrownBy(() -> LlamaSpec.builder().vocabSize(100).stopAt(4, 128009).build())
                .hasMessageContaining("stopToken 128009 is outside the vocabulary [0, 100)");
        assertThatThrownBy(() -> LlamaSpec.builder().kvType(ElementType.INT64).build())
                .hasMessageContaining("kvType must be FLOAT or FLOAT16");
        assertThatThrownBy(() -> LlamaSpec.builder().layers(0).build()).hasMessageContaining("layers=0");
        assertThat(LlamaSpec.builder().vocabSize(100).build().mismatchToken()).isEqualTo(99);
    }

    /**
     * A plain KV-cache loop of the kind a provider would write, driven from the session's metadata: empty pasts of
     * the declared dtype first, then presents renamed to pasts.
     */
    static final class Loop {
        private final OrtSession session;
        private final Map<String, float[]> pastData = new LinkedHashMap<>();
        private final Map<String, long[]> pastShape = new HashMap<>();
        Boolean forceCacheBranch;
        long numLogitsToKeep = 1;

        Loop(OrtSession session) throws OrtException {
            this.session = session;
            for (Map.Entry<String, NodeInfo> e : session.getInputInfo().entrySet()) {
                if (e.getKey().startsWith("past_key_values.")) {
                    long[] shape = ((TensorInfo) e.getValue().getInfo()).getShape().clone();
                    shape[0] = 1;
                    shape[2] = 0;
                    pastData.put(e.getKey(), new float[0]);
                    pastShape.put(e.getKey(), shape);
                }
            }
        }

        int pastLength() {
            return (int) pastShape.values().iterator().next()[2];
        }

        /** A copy whose cache holds every position {@code times} times. */
        Loop copy(int times) throws OrtException {
            Loop c = new Loop(session);
            for (String k : pastData.keySet()) {
                long[] shape = pastShape.get(k).clone();
                float[] d = pastData.get(k);
                int b = (int) shape[0];
                int h = (int) shape[1];
                int t = (int) shape[2];
                int dim = (int) shape[3];
                float[] out = new float[d.length * times];
                for (int bi = 0; bi < b; bi++) {
                    for (int hi = 0; hi < h; hi++) {
                        for (int rep = 0; rep < times; rep++) {
                            System.arraycopy(d, (bi * h + hi) * t * dim, out, ((bi * h + hi) * t * times + rep * t) * dim,
                                    t * dim);
                        }
                    }
                }
                shape[2] = t * times;
                c.pastData.put(k, out);
                c.pastShape.put(k, shape);
            }
            return c;
        }

        /** A copy whose cache has the right shapes but only zeros. */
        Loop zeroed() throws OrtException {
            Loop c = copy(1);
            c.pastData.replaceAll((k, v) -> new float[v.length]);
            return c;
        }

        OrtSession.Result step(long[][] ids, long[][] mask, long[][] positions) throws OrtException {
            int b = ids.length;
            int seq = ids[0].length;
            Map<String, OnnxTensor> feeds = new LinkedHashMap<>();
            try {
                feeds.put("input_ids", Ort.longs(flat(ids), b, seq));
                feeds.put("attention_mask", Ort.longs(flat(mask), b, mask[0].length));
                if (session.getInputNames().contains("position_ids")) {
                    feeds.put("position_ids", Ort.longs(flat(positions), b, seq));
                }
                for (String k : pastData.keySet()) {
                    long[] shape = pastShape.get(k).clone();
                    float[] data = pastData.get(k);
                    if (shape[0] != b) { // empty first-step cache for a batch
                        shape[0] = b;
                    }
                    OnnxJavaType type = ((TensorInfo) session.getInputInfo().get(k).getInfo()).type;
                    feeds.put(k, Ort.of(type, data, shape));
                }
                if (session.getInputNames().contains("use_cache_branch")) {
                    boolean useCache = forceCacheBranch != null ? forceCacheBranch : pastLength() > 0;
                    feeds.put("use_cache_branch", Ort.bool(useCache));
                }
                if (session.getInputNames().contains("num_logits_to_keep")) {
                    feeds.put("num_logits_to_keep", Ort.scalar(numLogitsToKeep));
                }
                OrtSession.Result r = session.run(feeds);
                for (String k : pastData.keySet()) {
                    OnnxTensor present = Ort.out(r, k.replace("past_key_values.", "present."));
                    pastData.put(k, Ort.floatsOf(present));
                    pastShape.put(k, present.getInfo().getShape());
                }
                return r;
            } finally {
                feeds.values().forEach(OnnxTensor::close);
            }
        }

        /** Greedy generation for one sequence, stopping at a Llama-3 stop token or after {@code max} tokens. */
        long[] generate(long[] prompt, int max) throws OrtException {
            List<Long> out = new ArrayList<>();
            long[] ids = prompt;
            int total = 0;
            for (int n = 0; n < max; n++) {
                int past = pastLength();
                total = past + ids.length;
                long[] mask = new long[total];
                Arrays.fill(mask, 1);
                long[] pos = new long[ids.length];
                for (int i = 0; i < pos.length; i++) {
                    pos[i] = past + i;
                }
                long next;
                try (OrtSession.Result r = step(new long[][] {ids}, new long[][] {mask}, new long[][] {pos})) {
                    long[] am = Ort.argmax(Ort.out(r, "logits"));
                    next = am[am.length - 1];
                }
                out.add(next);
                if (next == 128001 || next == 128008 || next == 128009) {
                    break;
                }
                ids = new long[] {next};
            }
            return out.stream().mapToLong(Long::longValue).toArray();
        }

        private static long[] flat(long[][] rows) {
            return Arrays.stream(rows).flatMapToLong(Arrays::stream).toArray();
        }
    }
}

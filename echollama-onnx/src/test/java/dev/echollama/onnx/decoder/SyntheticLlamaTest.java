package dev.echollama.onnx.decoder;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.echollama.language.Generation.Finish;
import dev.echollama.onnx.decoder.DecodeRequest.CacheMode;
import dev.echollama.testkit.onnx.ElementType;
import dev.echollama.testkit.onnx.LlamaSpec;
import dev.echollama.testkit.onnx.SyntheticModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The decoder against the testkit's synthetic Llama-3.2-shaped graphs (16 layers, 8 KV heads, head_dim 64,
 * vocabulary 128,256): float32 and float16 caches, float16 logits, the merged {@code use_cache_branch} form,
 * {@code num_logits_to_keep}, with and without {@code position_ids}. The graph's next token counts the cache
 * positions that are valid in every layer and checks position_ids against that count, so a decoder that drops,
 * zeroes, reorders or fails to grow the cache, or sends wrong positions, gets a different token (see
 * {@link SyntheticModels#llama32}). The expected ids follow from its contract: after prompt t_0..t_{n-1},
 * x_1 = t_{n-1} + n, x_{k+1} = x_k + n + k (mod V).
 */
class SyntheticLlamaTest {
    private static final int V = 128_256;

    static Stream<Arguments> specs() {
        LlamaSpec base = LlamaSpec.defaults();
        return Stream.of(
                Arguments.of("fp32", base),
                Arguments.of("fp16-kv", base.toBuilder().kvType(ElementType.FLOAT16).build()),
                Arguments.of("fp16-kv-fp16-logits", base.toBuilder().kvType(ElementType.FLOAT16)
                        .logitsType(ElementType.FLOAT16).build()),
                Arguments.of("use_cache_branch", base.toBuilder().useCacheBranch(true).build()),
                Arguments.of("use_cache_branch-fp16-num_logits_to_keep", base.toBuilder().useCacheBranch(true)
                        .kvType(ElementType.FLOAT16).numLogitsToKeep(true).build()),
                Arguments.of("num_logits_to_keep", base.toBuilder().numLogitsToKeep(true).build()),
                Arguments.of("no-position_ids", base.toBuilder().positionIds(false).build()));
    }

    static int[] expected(int[] prompt, int count) {
        int n = prompt.length;
        int[] out = new int[count];
        long x = prompt[n - 1];
        for (int k = 0; k < count; k++) {
            x = (x + n + k) % V;
            out[k] = (int) x;
        }
        return out;
    }

    private static OrtSession open(OrtEnvironment env, LlamaSpec spec, String name) throws Exception {
        Path dir = Files.createTempDirectory("synthetic-llama-" + name);
        Path file = SyntheticModels.llama32(dir, spec);
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(1);
        return env.createSession(file.toString(), options);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void cachedRecomputedChunkedAndBatchedDecodingFollowTheCacheContract(String name, LlamaSpec spec)
            throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = open(env, spec, name)) {
            List<OnnxTensor> opened = new ArrayList<>();
            KvDecoder decoder = new KvDecoder(env, session, null, (t, created) -> opened.add(t));
            DecoderSignature sig = decoder.signature();
            assertThat(sig.layers()).isEqualTo(16);
            assertThat(sig.kvHeads()).isEqualTo(8);
            assertThat(sig.headSize()).isEqualTo(64);
            assertThat(sig.vocabSize()).isEqualTo(V);
            assertThat(sig.cacheType()).contains(spec.kvType() == ElementType.FLOAT16 ? OnnxJavaType.FLOAT16
                    : OnnxJavaType.FLOAT);
            assertThat(sig.logitsType()).isEqualTo(spec.logitsType() == ElementType.FLOAT16 ? OnnxJavaType.FLOAT16
                    : OnnxJavaType.FLOAT);
            assertThat(sig.hasUseCacheBranch()).isEqualTo(spec.useCacheBranch());
            assertThat(sig.hasNumLogitsToKeep()).isEqualTo(spec.numLogitsToKeep());

            int[] prompt = {128_000, 10, 20};
            assertThat(expected(prompt, 4)).containsExactly(23, 27, 32, 38); // the contract's own example
            for (CacheMode mode : CacheMode.values()) {
                for (int chunk : new int[] {0, 2}) {
                    DecodeResult r = decoder.generate(DecodeRequest.builder().prompt(prompt).maxNewTokens(12)
                            .cacheMode(mode).prefillChunk(chunk).build());
                    assertThat(r.ids()).as("%s %s chunk %d", name, mode, chunk).containsExactly(expected(prompt, 12));
                }
            }
            if (spec.positionIds()) { // without position_ids the graph cannot see left padding's positions
                List<int[]> rows = List.of(new int[] {128_000, 7}, new int[] {128_000, 1, 2, 3, 4, 5},
                        new int[] {128_000, 100, 200, 300});
                DecodeResult batch = decoder.generate(DecodeRequest.builder().prompts(rows).maxNewTokens(10).build());
                for (int b = 0; b < rows.size(); b++) {
                    assertThat(batch.sequences().get(b).ids()).as("%s row %d", name, b)
                            .containsExactly(expected(rows.get(b), 10));
                }
            }
            assertThat(opened).isNotEmpty().allSatisfy(t -> assertThat(t.isClosed()).isTrue());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void theGraphsStopTokenEndsGeneration(String name, LlamaSpec spec) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        LlamaSpec stopping = spec.toBuilder().stopAt(9, 128_009).build();
        try (OrtSession session = open(env, stopping, name + "-stop")) {
            int[] prompt = {128_000, 10, 20, 30};
            DecodeResult r = new KvDecoder(env, session).generate(DecodeRequest.builder().prompt(prompt)
                    .maxNewTokens(50).stopTokens(128_001, 128_008, 128_009).build());
            assertThat(r.ids()).containsExactly(expected(prompt, 5)); // 4 + 5 = 9 positions, then <|eot_id|>
            assertThat(r.finish()).isEqualTo(Finish.STOP);
            assertThat(r.sequences().get(0).stopToken()).isEqualTo(128_009);
        }
    }

    @org.junit.jupiter.api.Test
    void theOracleRejectsWrongPositions() throws Exception {
        // The parity above is not vacuous: the same graph fed a wrong position id answers the mismatch token.
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = open(env, LlamaSpec.defaults(), "oracle")) {
            java.util.Map<String, OnnxTensor> feeds = new java.util.HashMap<>();
            try {
                for (int l = 0; l < 16; l++) {
                    for (String kv : new String[] {"key", "value"}) {
                        feeds.put("past_key_values." + l + "." + kv, OnnxTensor.createTensor(env,
                                java.nio.FloatBuffer.allocate(0), new long[] {1, 8, 0, 64}));
                    }
                }
                feeds.put("input_ids", OnnxTensor.createTensor(env, new long[][] {{27}}));
                feeds.put("attention_mask", OnnxTensor.createTensor(env, new long[][] {{1}}));
                for (long position : new long[] {0, 5}) {
                    try (OnnxTensor pos = OnnxTensor.createTensor(env, new long[][] {{position}})) {
                        feeds.put("position_ids", pos);
                        try (OrtSession.Result r = session.run(feeds, java.util.Set.of("logits"))) {
                            float[] logits = ((float[][][]) r.get(0).getValue())[0][0];
                            assertThat(Sampler.argMax(logits)).as("position %d", position)
                                    .isEqualTo(position == 0 ? 28 : V - 1);
                        }
                    }
                }
            } finally {
                feeds.remove("position_ids");
                feeds.values().forEach(OnnxTensor::close);
            }
        }
    }
}

package dev.echollama.onnx.decoder;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.echollama.language.Generation;
import dev.echollama.onnx.decoder.DecodeRequest.CacheMode;
import dev.echollama.testkit.SharedModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Greedy parity with llama2.c on the real stories260K export: the ids in REFERENCE.md (60 continuation ids for the
 * empty prompt and three prompts) must come out exactly, with the KV cache, without it, with chunked prefill and as
 * one left-padded batch.
 */
class StoriesParityTest {
    private static OrtEnvironment env;
    private static OrtSession session;
    private static List<StoriesReference> cases;

    @BeforeAll
    static void open() throws Exception {
        Path model = SharedModels.require("llm/stories260K/model.onnx");
        cases = StoriesReference.parse(SharedModels.require("llm/stories260K/REFERENCE.md"));
        env = OrtEnvironment.getEnvironment();
        session = env.createSession(model.toString(), new OrtSession.SessionOptions());
    }

    @AfterAll
    static void close() throws OrtException {
        if (session != null) {
            session.close();
        }
    }

    static Stream<Arguments> modes() throws Exception {
        Path md = SharedModels.require("llm/stories260K/REFERENCE.md");
        List<Arguments> args = new ArrayList<>();
        for (StoriesReference c : StoriesReference.parse(md)) {
            args.add(Arguments.of(c, CacheMode.KV_CACHE, 0));
            args.add(Arguments.of(c, CacheMode.RECOMPUTE, 0));
            for (int chunk : new int[] {2, 3, 7}) {
                args.add(Arguments.of(c, CacheMode.KV_CACHE, chunk));
            }
        }
        return args.stream();
    }

    @Test
    void referenceHasTheFourCases() {
        assertThat(cases).hasSize(4);
        assertThat(cases).allSatisfy(c -> assertThat(c.generatedIds()).hasSize(60));
        assertThat(cases.get(0).promptIds()).containsExactly(1);
    }

    @Test
    void signatureComesFromTheSessionMetadata() {
        DecoderSignature sig = new KvDecoder(env, session).signature();
        assertThat(sig.layers()).isEqualTo(5);
        assertThat(sig.kvHeads()).isEqualTo(4);
        assertThat(sig.headSize()).isEqualTo(8);
        assertThat(sig.vocabSize()).isEqualTo(512);
        assertThat(sig.cacheType()).contains(OnnxJavaType.FLOAT);
        assertThat(sig.logitsType()).isEqualTo(OnnxJavaType.FLOAT);
        assertThat(sig.acceptsInputIds()).isTrue();
        assertThat(sig.hasPositionIds()).isTrue();
        assertThat(sig.hasUseCacheBranch()).isFalse();
        assertThat(sig.isEncoderDecoder()).isFalse();
        assertThat(sig.contextLength()).hasValue(512);
    }

    @ParameterizedTest(name = "{0} {1} chunk={2}")
    @MethodSource("modes")
    void greedyIdsEqualLlama2c(StoriesReference c, CacheMode mode, int chunk) {
        KvDecoder decoder = new KvDecoder(env, session);
        List<Integer> streamed = new ArrayList<>();
        DecodeResult r = decoder.generate(DecodeRequest.builder().prompt(c.promptIds()).maxNewTokens(60)
                .cacheMode(mode).prefillChunk(chunk).build(), (row, id) -> streamed.add(id));
        assertThat(r.ids()).containsExactly(c.generatedIds());
        assertThat(streamed).containsExactlyElementsOf(
                java.util.Arrays.stream(c.generatedIds()).boxed().toList());
        assertThat(r.finish()).isEqualTo(Generation.Finish.LENGTH);
        int expectedRuns = mode == CacheMode.RECOMPUTE ? 60
                : (chunk == 0 ? 1 : (c.promptIds().length + chunk - 1) / chunk) + 59;
        assertThat(r.timings().runs()).isEqualTo(expectedRuns);
        assertThat(r.timings().tokenNanos()).hasSize(59);
    }

    @Test
    void allPromptsAsOneLeftPaddedBatch() {
        KvDecoder decoder = new KvDecoder(env, session);
        List<int[]> prompts = cases.stream().map(StoriesReference::promptIds).toList();
        for (CacheMode mode : CacheMode.values()) {
            DecodeResult r = decoder.generate(DecodeRequest.builder().prompts(prompts).maxNewTokens(60)
                    .cacheMode(mode).build());
            assertThat(r.sequences()).hasSize(4);
            for (int i = 0; i < cases.size(); i++) {
                assertThat(r.sequences().get(i).ids()).as("row %d %s", i, mode)
                        .containsExactly(cases.get(i).generatedIds());
                assertThat(r.sequences().get(i).promptIds()).containsExactly(cases.get(i).promptIds());
            }
        }
    }
}

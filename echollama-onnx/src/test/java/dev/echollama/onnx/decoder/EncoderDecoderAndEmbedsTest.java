package dev.echollama.onnx.decoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.echollama.BadInputException;
import dev.echollama.language.Generation.Finish;
import dev.echollama.onnx.decoder.DecodeRequest.CacheMode;
import dev.echollama.testkit.onnx.ElementType;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The encoder-decoder (Whisper) and inputs_embeds (Moondream) paths, on the graphs of {@link TinyGraphs}. */
class EncoderDecoderAndEmbedsTest {
    private static final int V = 64;
    private static final int LAYERS = 3;

    @TempDir
    Path dir;

    static int[] expected(int[] prompt, int count, int vocab) {
        int n = prompt.length;
        int[] out = new int[count];
        long x = prompt[n - 1];
        for (int k = 0; k < count; k++) {
            x = (x + n + k) % vocab;
            out[k] = (int) x;
        }
        return out;
    }

    private static OrtSession open(OrtEnvironment env, Path file) throws Exception {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(1);
        return env.createSession(file.toString(), options);
    }

    /** Integer-valued encoder states [rows, 3, 4] so that the graph's sums are exact. */
    private static OnnxTensor encoderStates(OrtEnvironment env, int rows) throws Exception {
        float[] v = new float[rows * 3 * TinyGraphs.D_MODEL];
        for (int i = 0; i < v.length; i++) {
            v[i] = i % 7 + 1;
        }
        return OnnxTensor.createTensor(env, FloatBuffer.wrap(v), new long[] {rows, 3, TinyGraphs.D_MODEL});
    }

    @Test
    void whisperMergedDecoderReusesTheEncoderCacheAndDropsItsPresents() throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = open(env, TinyGraphs.whisper(dir.resolve("whisper.onnx"), LAYERS, V));
             OnnxTensor states = encoderStates(env, 1)) {
            DecoderSignature sig = new KvDecoder(env, session).signature();
            assertThat(sig.isEncoderDecoder()).isTrue();
            assertThat(sig.hasUseCacheBranch()).isTrue();
            assertThat(sig.layers()).isEqualTo(LAYERS);
            assertThat(sig.kvHeads()).isEqualTo(TinyGraphs.HEADS);
            assertThat(sig.headSize()).isEqualTo(TinyGraphs.HEAD);
            assertThat(sig.contextLength()).hasValue(448);
            assertThat(sig.hasAttentionMask()).isFalse();

            int[] prompt = {2, 5, 9, 11}; // a decoder prompt like [sot, lang, task, notimestamps]
            for (CacheMode mode : CacheMode.values()) {
                for (int chunk : new int[] {0, 3}) {
                    List<OnnxTensor> created = new ArrayList<>();
                    List<OnnxTensor> received = new ArrayList<>();
                    KvDecoder decoder = new KvDecoder(env, session, null,
                            (t, made) -> (made ? created : received).add(t));
                    DecodeResult r = decoder.generate(DecodeRequest.builder().prompt(prompt).encoderHiddenStates(states)
                            .maxNewTokens(20).cacheMode(mode).prefillChunk(chunk).build());
                    assertThat(r.ids()).as("%s chunk %d", mode, chunk).containsExactly(expected(prompt, 20, V));
                    assertThat(created).allSatisfy(t -> assertThat(t.isClosed()).isTrue());
                    assertThat(received).allSatisfy(t -> assertThat(t.isClosed()).isTrue());
                    assertThat(states.isClosed()).as("the caller's encoder states stay open").isFalse();
                    if (mode == CacheMode.KV_CACHE) {
                        // the first run returns decoder and encoder presents; later runs only the decoder's
                        int runs = r.timings().runs();
                        assertThat(received).hasSize(4 * LAYERS + (runs - 1) * 2 * LAYERS);
                        assertThat(received.subList(4 * LAYERS, received.size()))
                                .allSatisfy(t -> assertThat(t.getInfo().getShape()[2]).isNotEqualTo(3));
                    } else {
                        assertThat(received).isEmpty(); // logits are pinned, presents not requested
                    }
                }
            }
        }
    }

    @Test
    void whisperProcessorsAndBatches() throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = open(env, TinyGraphs.whisper(dir.resolve("whisper.onnx"), LAYERS, V));
             OnnxTensor one = encoderStates(env, 1);
             OnnxTensor two = encoderStates(env, 2)) {
            KvDecoder decoder = new KvDecoder(env, session);
            int[] prompt = {2, 5, 9, 11};
            // the graph would say 15 first; begin-suppression forbids it, forcing then decides the second token
            int natural = expected(prompt, 1, V)[0];
            DecodeResult r = decoder.generate(DecodeRequest.builder().prompt(prompt).encoderHiddenStates(one)
                    .maxNewTokens(3).sampling(SamplingConfig.greedy())
                    .processors(LogitsProcessors.suppressAtBegin(natural), LogitsProcessors.forceSequence(1, 40))
                    .build());
            assertThat(r.ids()[0]).isNotEqualTo(natural);
            assertThat(r.ids()[1]).isEqualTo(40);
            assertThat(r.ids()[2]).isEqualTo((40 + 4 + 2) % V);
            // stop id, as <|endoftext|>
            int stop = expected(prompt, 5, V)[4];
            DecodeResult stopped = decoder.generate(DecodeRequest.builder().prompt(prompt).encoderHiddenStates(one)
                    .stopTokens(stop).maxNewTokens(100).build());
            assertThat(stopped.finish()).isEqualTo(Finish.STOP);
            assertThat(stopped.ids()).containsExactly(expected(prompt, 4, V));
            // two rows of equal length share the call
            DecodeResult batch = decoder.generate(DecodeRequest.builder()
                    .prompts(List.of(prompt, new int[] {2, 5, 9, 30})).encoderHiddenStates(two).maxNewTokens(6).build());
            assertThat(batch.sequences().get(0).ids()).containsExactly(expected(prompt, 6, V));
            assertThat(batch.sequences().get(1).ids()).containsExactly(expected(new int[] {2, 5, 9, 30}, 6, V));
            // rows of different length cannot be masked without attention_mask
            assertThatThrownBy(() -> decoder.generate(DecodeRequest.builder()
                    .prompts(List.of(prompt, new int[] {2, 5})).encoderHiddenStates(two).build()))
                    .isInstanceOf(BadInputException.class).hasMessageContaining("attention_mask");
            assertThatThrownBy(() -> decoder.generate(DecodeRequest.builder().prompt(prompt).build()))
                    .isInstanceOf(BadInputException.class).hasMessageContaining("encoderHiddenStates");
            assertThatThrownBy(() -> decoder.generate(DecodeRequest.builder().prompt(prompt).encoderHiddenStates(two)
                    .build())).isInstanceOf(BadInputException.class).hasMessageContaining("[1, frames, d_model]");
        }
    }

    private static float[] oneHot(int[] ids, int vocab) {
        float[] e = new float[ids.length * vocab];
        for (int i = 0; i < ids.length; i++) {
            e[i * vocab + ids[i]] = 10f;
        }
        return e;
    }

    @ParameterizedTest
    @EnumSource(value = ElementType.class, names = {"FLOAT", "FLOAT16"})
    void embeddingsInputWithAnEmbedderForGeneratedTokens(ElementType type) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        int vocab = 32;
        try (OrtSession session = open(env, TinyGraphs.embeds(dir.resolve("embeds.onnx"), vocab, type))) {
            List<OnnxTensor> opened = new ArrayList<>();
            KvDecoder decoder = new KvDecoder(env, session, null, (t, made) -> opened.add(t));
            DecoderSignature sig = decoder.signature();
            assertThat(sig.acceptsInputsEmbeds()).isTrue();
            assertThat(sig.acceptsInputIds()).isFalse();
            assertThat(sig.hiddenSize()).isEqualTo(vocab);
            assertThat(sig.cacheType()).contains(type == ElementType.FLOAT ? OnnxJavaType.FLOAT : OnnxJavaType.FLOAT16);
            TokenEmbedder embedder = ids -> oneHot(ids, vocab);
            int[] prompt = {3, 8, 1};
            for (CacheMode mode : CacheMode.values()) {
                for (int chunk : new int[] {0, 2}) {
                    List<Integer> streamed = new ArrayList<>();
                    DecodeResult r = decoder.generate(DecodeRequest.builder()
                            .embeddings(oneHot(prompt, vocab), 1, prompt.length, embedder).maxNewTokens(15)
                            .cacheMode(mode).prefillChunk(chunk).build(), (row, id) -> streamed.add(id));
                    assertThat(r.ids()).as("%s %s chunk %d", type, mode, chunk)
                            .containsExactly(expected(prompt, 15, vocab));
                    assertThat(streamed).hasSize(15);
                    assertThat(r.sequences().get(0).promptIds()).isEmpty();
                }
            }
            // two rows, the second left-padded by two positions (zero embeddings, masked)
            float[] rows = new float[2 * 3 * vocab];
            System.arraycopy(oneHot(prompt, vocab), 0, rows, 0, 3 * vocab);
            System.arraycopy(oneHot(new int[] {20}, vocab), 0, rows, (3 + 2) * vocab, vocab);
            DecodeResult batch = decoder.generate(DecodeRequest.builder().embeddings(rows, 2, 3, embedder)
                    .embeddingPadding(0, 2).maxNewTokens(8).build());
            assertThat(batch.sequences().get(0).ids()).containsExactly(expected(prompt, 8, vocab));
            assertThat(batch.sequences().get(1).ids()).containsExactly(expected(new int[] {20}, 8, vocab));
            assertThat(opened).isNotEmpty().allSatisfy(t -> assertThat(t.isClosed()).isTrue());

            assertThatThrownBy(() -> decoder.generate(DecodeRequest.builder().prompt(1, 2).build()))
                    .isInstanceOf(BadInputException.class).hasMessageContaining("inputs_embeds");
            assertThatThrownBy(() -> decoder.generate(DecodeRequest.builder().embeddings(new float[6], 1, 1, embedder)
                    .build())).isInstanceOf(BadInputException.class).hasMessageContaining("hidden size 6");
            assertThatThrownBy(() -> decoder.generate(DecodeRequest.builder()
                    .embeddings(oneHot(prompt, vocab), 1, 3, ids -> new float[1]).maxNewTokens(3).build()))
                    .isInstanceOf(BadInputException.class).hasMessageContaining("TokenEmbedder returned 1 floats");
        }
    }
}

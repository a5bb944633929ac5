package dev.echollama.onnx.decoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.echollama.InferenceException;
import dev.echollama.onnx.decoder.DecodeRequest.CacheMode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every tensor a generation creates (inputs, empty pasts, pinned logits, flags) or receives (presents, logits) is
 * closed when {@code generate} returns: normally, on cancellation, and when a listener, a processor or ONNX Runtime
 * throws. Also checks that the cache travels as native tensors: per step the decoder creates only the small
 * per-step inputs, never a cache-sized tensor.
 */
class NoLeakTest {
    private static OrtEnvironment env;
    private static OrtSession session;

    @BeforeAll
    static void open() throws Exception {
        env = OrtEnvironment.getEnvironment();
        session = StoriesSession.open(env);
    }

    @AfterAll
    static void close() throws OrtException {
        if (session != null) {
            session.close();
        }
    }

    private static final class Ledger implements ValueObserver {
        final List<OnnxTensor> created = new ArrayList<>();
        final List<OnnxTensor> received = new ArrayList<>();

        @Override
        public void opened(OnnxTensor tensor, boolean made) {
            (made ? created : received).add(tensor);
        }

        void assertAllClosed() {
            assertThat(created).isNotEmpty();
            assertThat(created).allSatisfy(t -> assertThat(t.isClosed()).as("created %s", t.getInfo()).isTrue());
            assertThat(received).allSatisfy(t -> assertThat(t.isClosed()).as("received %s", t.getInfo()).isTrue());
        }
    }

    private static DecodeRequest.Builder request() {
        return DecodeRequest.builder().prompt(1, 403, 407, 261, 378).maxNewTokens(20);
    }

    @Test
    void normalRunsCloseEverything() {
        for (DecodeRequest r : List.of(request().build(), request().cacheMode(CacheMode.RECOMPUTE).build(),
                request().prefillChunk(2).build(),
                DecodeRequest.builder().prompts(List.of(new int[] {1}, new int[] {1, 403, 407})).maxNewTokens(20)
                        .stopTokens(426).build(),
                request().sampling(SamplingConfig.ofTemperature(0.9).withTopP(0.9).withSeed(5)).build())) {
            Ledger ledger = new Ledger();
            new KvDecoder(env, session, null, ledger).generate(r);
            ledger.assertAllClosed();
        }
    }

    @Test
    void theCacheIsCarriedAsNativeTensorsNotCopied() {
        Ledger ledger = new Ledger();
        new KvDecoder(env, session, null, ledger).generate(request().maxNewTokens(20).build());
        // made once: 10 empty pasts + the pinned [1, 1, 512] step logits + the prefill's pinned [1, 5, 512] logits;
        // per run: input_ids, attention_mask, position_ids
        assertThat(ledger.created).hasSize(10 + 2 + 3 * 20);
        // nothing the decoder made holds cache data: the only non-empty pasts are presents ORT returned
        assertThat(ledger.created).filteredOn(t -> t.getInfo().getShape().length == 4)
                .allSatisfy(t -> assertThat(t.getInfo().getShape()[2]).isZero());
        // 10 presents per run, no unpinned logits
        assertThat(ledger.received).hasSize(10 * 20)
                .allSatisfy(t -> assertThat(t.getInfo().getShape()).hasSize(4));
    }

    @Test
    void cancellationClosesEverything() {
        Ledger ledger = new Ledger();
        AtomicInteger n = new AtomicInteger();
        DecodeResult r = new KvDecoder(env, session, null, ledger).generate(request().build(), new TokenListener() {
            @Override
            public void onToken(int row, int tokenId) {
                n.incrementAndGet();
            }

            @Override
            public boolean isCancelled() {
                return n.get() == 3;
            }
        });
        assertThat(r.ids()).hasSize(3);
        ledger.assertAllClosed();
    }

    @Test
    void aThrowingListenerStillClosesEverything() {
        Ledger ledger = new Ledger();
        AtomicInteger n = new AtomicInteger();
        assertThatThrownBy(() -> new KvDecoder(env, session, null, ledger).generate(request().build(), (row, id) -> {
            if (n.incrementAndGet() == 7) {
                throw new IllegalStateException("listener failed");
            }
        })).isInstanceOf(IllegalStateException.class).hasMessage("listener failed");
        ledger.assertAllClosed();
    }

    @Test
    void aThrowingProcessorStillClosesEverything() {
        Ledger ledger = new Ledger();
        LogitsProcessor failing = (logits, history) -> {
            if (history.generatedCount() == 4) {
                throw new IllegalArgumentException("processor failed");
            }
        };
        assertThatThrownBy(() -> new KvDecoder(env, session, null, ledger)
                .generate(request().processors(failing).cacheMode(CacheMode.RECOMPUTE).build()))
                .hasMessage("processor failed");
        ledger.assertAllClosed();
    }

    @Test
    void anOnnxRuntimeFailureMidGenerationStillClosesEverything() {
        // Two unpadded rows; "The little dog" samples the stop id 426 at step 9, after which its row is fed the
        // pad id, here outside the vocabulary: the graph's embedding Gather fails on the next run.
        Ledger ledger = new Ledger();
        KvDecoder decoder = new KvDecoder(env, session, null, ledger);
        DecodeRequest r = DecodeRequest.builder().padTokenId(100_000).stopTokens(426)
                .prompts(List.of(new int[] {1, 403, 407, 261, 378}, new int[] {1, 291, 376, 400, 428}))
                .maxNewTokens(60).build();
        assertThatThrownBy(() -> decoder.generate(r)).isInstanceOf(InferenceException.class)
                .hasMessageContaining("run failed for positions 13..13 of 2 row(s)");
        ledger.assertAllClosed();
    }
}

package dev.echollama.onnx.decoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.echollama.BadInputException;
import dev.echollama.language.Generation.Finish;
import dev.echollama.language.GenerationOptions;
import dev.echollama.testkit.SharedModels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Stop ids, limits, cancellation, sampling and errors, on the real stories260K export. */
class KvDecoderBehaviourTest {
    private static OrtEnvironment env;
    private static OrtSession session;
    private static StoriesReference onceUponATime;

    @BeforeAll
    static void open() throws Exception {
        env = OrtEnvironment.getEnvironment();
        session = StoriesSession.open(env);
        onceUponATime = StoriesReference.parse(SharedModels.require("llm/stories260K/REFERENCE.md")).get(1);
    }

    @AfterAll
    static void close() throws OrtException {
        if (session != null) {
            session.close();
        }
    }

    private static DecodeRequest.Builder once() {
        return DecodeRequest.builder().prompt(onceUponATime.promptIds());
    }

    private static int[] reference(int n) {
        return Arrays.copyOf(onceUponATime.generatedIds(), n);
    }

    @Test
    void aStopIdEndsTheRowAndIsNeitherStreamedNorReturned() {
        int stop = onceUponATime.generatedIds()[4]; // 432 (" there"? whatever it is, it first appears at index 4)
        int first = Arrays.stream(onceUponATime.generatedIds()).boxed().toList().indexOf(stop);
        List<Integer> streamed = new ArrayList<>();
        DecodeResult r = new KvDecoder(env, session).generate(once().maxNewTokens(60).stopTokens(stop).build(),
                (row, id) -> streamed.add(id));
        assertThat(r.finish()).isEqualTo(Finish.STOP);
        assertThat(r.sequences().get(0).stopToken()).isEqualTo(stop);
        assertThat(r.ids()).containsExactly(reference(first));
        assertThat(streamed).hasSize(first);
    }

    @Test
    void maxNewTokensEndsWithLength() {
        DecodeResult r = new KvDecoder(env, session).generate(once().maxNewTokens(7).build());
        assertThat(r.ids()).containsExactly(reference(7));
        assertThat(r.finish()).isEqualTo(Finish.LENGTH);
        assertThat(r.sequences().get(0).stopToken()).isEqualTo(-1);
    }

    @Test
    void theContextWindowBoundsPromptPlusGenerated() {
        DecodeResult r = new KvDecoder(env, session).generate(once().maxNewTokens(60).contextLength(20).build());
        assertThat(r.ids()).containsExactly(reference(15)); // 5 prompt + 15 = 20
        assertThat(r.finish()).isEqualTo(Finish.LENGTH);
        // the model's own window (metadata max_seq_len 512)
        DecodeResult full = new KvDecoder(env, session).generate(DecodeRequest.builder().prompt(1)
                .maxNewTokens(100_000).build());
        assertThat(full.ids()).hasSize(511);
        assertThat(full.finish()).isEqualTo(Finish.LENGTH);
        // a prompt that fills the window leaves no room
        DecodeResult none = new KvDecoder(env, session).generate(once().contextLength(5).build());
        assertThat(none.ids()).isEmpty();
        assertThat(none.finish()).isEqualTo(Finish.LENGTH);
        assertThat(none.timings().runs()).isZero();
    }

    @Test
    void cancellationIsCheckedBetweenSteps() {
        AtomicInteger seen = new AtomicInteger();
        TokenListener cancelAfterFive = new TokenListener() {
            @Override
            public void onToken(int row, int tokenId) {
                seen.incrementAndGet();
            }

            @Override
            public boolean isCancelled() {
                return seen.get() >= 5;
            }
        };
        DecodeResult r = new KvDecoder(env, session).generate(once().maxNewTokens(60).build(), cancelAfterFive);
        assertThat(r.finish()).isEqualTo(Finish.CANCELLED);
        assertThat(r.ids()).containsExactly(reference(5));
        assertThat(r.timings().runs()).isEqualTo(5);
    }

    @Test
    void cancelledBeforeStartRunsNothing() {
        DecodeResult r = new KvDecoder(env, session).generate(once().build(), new TokenListener() {
            @Override
            public void onToken(int row, int tokenId) {
            }

            @Override
            public boolean isCancelled() {
                return true;
            }
        });
        assertThat(r.finish()).isEqualTo(Finish.CANCELLED);
        assertThat(r.ids()).isEmpty();
        assertThat(r.timings().runs()).isZero();
    }

    @Test
    void processorsRunInTheLoop() {
        // forbidding the reference's first token changes the continuation's first token
        DecodeResult r = new KvDecoder(env, session).generate(once().maxNewTokens(3)
                .processors(LogitsProcessors.suppressAtBegin(onceUponATime.generatedIds()[0])).build());
        assertThat(r.ids()[0]).isNotEqualTo(onceUponATime.generatedIds()[0]);
        DecodeResult forced = new KvDecoder(env, session).generate(once().maxNewTokens(3)
                .processors(LogitsProcessors.forceSequence(0, 13, 13)).build());
        assertThat(forced.ids()[0]).isEqualTo(13);
        assertThat(forced.ids()[1]).isEqualTo(13);
    }

    @Test
    void seededSamplingIsReproducibleAndBatchRowsAreIndependentOfOrder() {
        KvDecoder decoder = new KvDecoder(env, session);
        GenerationOptions options = GenerationOptions.paper().withMaxNewTokens(40).withSeed(1234);
        DecodeResult a = decoder.generate(once().options(options).build());
        DecodeResult b = decoder.generate(once().options(options).build());
        assertThat(a.ids()).containsExactly(b.ids()).hasSize(40);
        DecodeResult c = decoder.generate(once().options(options.withSeed(99)).build());
        assertThat(c.ids()).isNotEqualTo(a.ids());
    }

    @Test
    void timingsAreConsistent() {
        DecodeResult r = new KvDecoder(env, session).generate(once().maxNewTokens(30).build());
        DecodeResult.Timings t = r.timings();
        assertThat(t.runs()).isEqualTo(30);
        assertThat(t.tokenNanos()).hasSize(29);
        assertThat(Arrays.stream(t.tokenNanos()).min().getAsLong()).isPositive();
        assertThat(t.prefillNanos()).isGreaterThanOrEqualTo(t.prefillRunNanos()).isPositive();
        assertThat(t.decodeNanos()).isGreaterThanOrEqualTo(t.decodeRunNanos());
        assertThat(t.tokensPerSecond()).isPositive();
        assertThat(t.overheadNanosPerToken()).isPositive();
    }

    @Test
    void requestsTheGraphCannotTakeAreBadInput() {
        KvDecoder decoder = new KvDecoder(env, session);
        assertThatThrownBy(() -> decoder.generate(DecodeRequest.builder().prompt(1, 512).build()))
                .isInstanceOf(BadInputException.class).hasMessageContaining("512").hasMessageContaining("vocabulary");
        assertThatThrownBy(() -> decoder.generate(DecodeRequest.builder().embeddings(new float[64], 1, 1, ids -> null)
                .build())).isInstanceOf(BadInputException.class).hasMessageContaining("input_ids");
        int[] tooLong = new int[600];
        Arrays.fill(tooLong, 1);
        assertThatThrownBy(() -> decoder.generate(DecodeRequest.builder().prompt(tooLong).build()))
                .isInstanceOf(BadInputException.class).hasMessageContaining("600").hasMessageContaining("512");
        assertThatThrownBy(() -> DecodeRequest.builder().prompt().build()).isInstanceOf(BadInputException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> DecodeRequest.builder().prompt(1).maxNewTokens(0).build())
                .hasMessageContaining("maxNewTokens");
    }
}

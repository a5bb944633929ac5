package dev.echollama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.echollama.audio.AudioClip;
import dev.echollama.language.Generation;
import dev.echollama.language.LanguageRequest;
import dev.echollama.language.SceneLanguageModel;
import dev.echollama.language.TokenSink;
import dev.echollama.speech.SpeechSynthesizer;
import dev.echollama.testkit.fakes.FakeCaptioner;
import dev.echollama.testkit.fakes.FakeDepthEstimator;
import dev.echollama.testkit.fakes.FakeDetector;
import dev.echollama.testkit.fakes.FakeLanguageModel;
import dev.echollama.testkit.fakes.FakeSpeechSynthesizer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Streaming narration: sentence order, speech overlapping generation, cancellation. */
class EchoPipelineStreamingTest {
    private static final String REPLY = "The room is bright. A chair stands on the left. "
            + "A table is 2.5 m ahead. The door is far away.";
    private static final List<String> SENTENCES = List.of("The room is bright.", "A chair stands on the left.",
            "A table is 2.5 m ahead.", "The door is far away.");

    private static EchoPipeline.Builder visionFakes() {
        return EchoPipeline.builder()
                .detector(FakeDetector.returning(Recording.CHAIR, Recording.PERSON))
                .depthEstimator(FakeDepthEstimator.gradient())
                .captioner(FakeCaptioner.saying("A living room."))
                .without(Stage.TRANSCRIPTION);
    }

    @Test
    void firstAudioArrivesBeforeTheModelFinishes() {
        int lastToken = FakeLanguageModel.tokenize(REPLY).size() - 1;
        Recording listener = new Recording();
        AtomicBoolean audioBeforeLastToken = new AtomicBoolean();
        // The model is held before its last token until audio has arrived. A pipeline that speaks only after
        // generation would leave it waiting 10 s in vain, and the flag false.
        FakeLanguageModel model = FakeLanguageModel.builder().reply(REPLY).beforeEachToken((token, i) -> {
            if (i == lastToken) {
                audioBeforeLastToken.set(Recording.await(listener.firstAudio));
            }
        }).build();
        FakeSpeechSynthesizer voice = FakeSpeechSynthesizer.builder().chunkSamples(256).build();
        Narration n;
        try (EchoPipeline pipeline = visionFakes().languageModel(model).speechSynthesizer(voice).build()) {
            n = pipeline.describe(Recording.image(), listener).await();
        }

        assertThat(audioBeforeLastToken).as("audio arrived while the model still had a token to write").isTrue();
        List<String> events = listener.events();
        assertThat(events.indexOf("audio")).isLessThan(events.lastIndexOf("token:."));

        assertThat(n.text()).isEqualTo(REPLY);
        assertThat(n.sentences()).isEqualTo(SENTENCES);
        assertThat(voice.spoken()).isEqualTo(SENTENCES);
        List<AudioClip> expected = new ArrayList<>();
        SENTENCES.forEach(s -> expected.add(voice.clipFor(s)));
        assertThat(n.audio()).as("audio joined in sentence order").isEqualTo(AudioClip.concat(16_000, expected));
        assertThat(AudioClip.concat(16_000, listener.audio)).isEqualTo(n.audio());

        // Every chunk comes after the onSentence of its own sentence.
        int sentencesSeen = 0;
        int chunkIndex = 0;
        List<Integer> chunkSentence = new ArrayList<>();
        for (int s = 0; s < SENTENCES.size(); s++) {
            int chunks = (voice.clipFor(SENTENCES.get(s)).length() + 255) / 256;
            for (int c = 0; c < chunks; c++) {
                chunkSentence.add(s);
            }
        }
        for (String e : events) {
            if (e.startsWith("sentence:")) {
                sentencesSeen++;
            } else if (e.equals("audio")) {
                assertThat(sentencesSeen).as("sentences announced before chunk %d", chunkIndex)
                        .isGreaterThan(chunkSentence.get(chunkIndex++));
            }
        }
        assertThat(chunkIndex).isEqualTo(chunkSentence.size());
        assertThat(events).last().isEqualTo("complete");
        assertThat(listener.count("complete")).isEqualTo(1);
        assertThat(listener.count("error")).isZero();
        assertThat(listener.completed).isEqualTo(n);

        Timings t = n.timings();
        assertThat(t.asMap().keySet()).containsExactly("detection", "depth", "caption", "matrix", "prompt",
                "first_token", "generation", "first_audio", "synthesis", "total");
        assertThat(t.firstAudio().orElseThrow()).isLessThanOrEqualTo(t.total());
        assertThat(t.firstToken().orElseThrow()).isLessThanOrEqualTo(t.firstAudio().orElseThrow());
    }

    @Test
    void cancellingStopsTheModelAndEndsWithOneError() throws Exception {
        String longReply = "Word number one. ".repeat(40);
        CountDownLatch reached = new CountDownLatch(1);
        CountDownLatch proceed = new CountDownLatch(1);
        FakeLanguageModel model = FakeLanguageModel.builder().reply(longReply).beforeEachToken((token, i) -> {
            if (i == 5) {
                reached.countDown();
                Recording.await(proceed);
            }
        }).build();
        Recording listener = new Recording();
        try (EchoPipeline pipeline = visionFakes().languageModel(model)
                .speechSynthesizer(FakeSpeechSynthesizer.create()).build()) {
            NarrationHandle<Narration> handle = pipeline.describe(Recording.image(), listener);
            assertThat(Recording.await(reached)).isTrue();
            assertThat(handle.cancel()).isTrue();
            proceed.countDown();

            assertThatThrownBy(handle::await).isInstanceOf(CancellationException.class);
            assertThat(handle.isCancelled()).isTrue();
            assertThat(handle.cancel()).as("a second cancel").isFalse();
            assertThat(model.awaitCompleted(1, Duration.ofSeconds(10))).isTrue();
        }
        Generation g = model.completed().get(0);
        assertThat(g.finish()).isEqualTo(Generation.Finish.CANCELLED);
        assertThat(g.generatedTokens()).as("tokens generated of %d", FakeLanguageModel.tokenize(longReply).size())
                .isEqualTo(6);
        List<String> events = listener.events();
        assertThat(listener.count("error:")).isEqualTo(1);
        assertThat(listener.count("complete")).isZero();
        assertThat(events).last().isEqualTo("error:CancellationException");
        assertThat(listener.count("token:")).as("tokens delivered before the cancel").isEqualTo(5);
    }

    @Test
    void cancellingDropsSpeechNotYetStarted() throws Exception {
        CountDownLatch speaking = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        FakeSpeechSynthesizer inner = FakeSpeechSynthesizer.create();
        SpeechSynthesizer blocking = new SpeechSynthesizer() {
            @Override
            public AudioClip synthesize(String text) {
                if (calls.incrementAndGet() == 1) {
                    speaking.countDown();
                    Recording.await(release);
                }
                return inner.synthesize(text);
            }

            @Override
            public int sampleRate() {
                return inner.sampleRate();
            }

            @Override
            public void close() {
                inner.close();
            }
        };
        FakeLanguageModel model = FakeLanguageModel.replying(REPLY);
        Recording listener = new Recording();
        EchoPipeline pipeline = visionFakes().languageModel(model).speechSynthesizer(blocking).build();
        NarrationHandle<Narration> handle = pipeline.describe(Recording.image(), listener);
        assertThat(Recording.await(speaking)).isTrue();
        assertThat(listener.awaitCount("sentence:", 4)).as("all sentences queued for speech").isTrue();
        handle.cancel();
        release.countDown();
        pipeline.close(); // waits for the pipeline's threads: queued speech has had every chance to run

        assertThat(calls).as("synthesizer calls").hasValue(1);
        assertThat(listener.count("audio")).isZero();
        assertThat(listener.events()).last().isEqualTo("error:CancellationException");
        assertThat(listener.count("sentence:")).isEqualTo(4);
    }

    @Test
    void aFailingSynthesizerStopsTheModelAndNamesTheStage() throws Exception {
        // The model waits at token 10 until the synthesizer has failed, then writes slowly: it must stop long
        // before its 600 tokens are out.
        CountDownLatch failed = new CountDownLatch(1);
        FakeLanguageModel model = FakeLanguageModel.builder().reply("Word number one. ".repeat(200))
                .tokenDelay(Duration.ofMillis(1))
                .beforeEachToken((token, i) -> {
                    if (i == 10) {
                        Recording.await(failed);
                    }
                }).build();
        SpeechSynthesizer broken = new SpeechSynthesizer() {
            @Override
            public AudioClip synthesize(String text) {
                failed.countDown();
                throw new IllegalArgumentException("voice file unreadable");
            }

            @Override
            public int sampleRate() {
                return 16_000;
            }

            @Override
            public void close() {
            }
        };
        Recording listener = new Recording();
        try (EchoPipeline pipeline = visionFakes().languageModel(model).speechSynthesizer(broken).build()) {
            NarrationHandle<Narration> handle = pipeline.describe(Recording.image(), listener);
            assertThatThrownBy(handle::await).isInstanceOf(InferenceException.class)
                    .hasMessageStartingWith("speech stage failed")
                    .hasMessageContaining("voice file unreadable");
            assertThat(model.awaitCompleted(1, Duration.ofSeconds(10))).isTrue();
        }
        assertThat(model.completed().get(0).finish()).isEqualTo(Generation.Finish.CANCELLED);
        assertThat(model.completed().get(0).generatedTokens()).isLessThan(600);
        assertThat(listener.count("error:InferenceException")).isEqualTo(1);
        assertThat(listener.count("complete")).isZero();
    }

    @Test
    void aFailingModelEndsWithOneErrorNamingTheStage() {
        SceneLanguageModel failing = new SceneLanguageModel() {
            @Override
            public Generation generate(LanguageRequest request, TokenSink sink) {
                throw new RuntimeException("CUDA out of memory");
            }

            @Override
            public int countTokens(String text) {
                return 1;
            }

            @Override
            public int contextLength() {
                return 4096;
            }

            @Override
            public void close() {
            }
        };
        Recording listener = new Recording();
        try (EchoPipeline pipeline = visionFakes().languageModel(failing).without(Stage.SPEECH).build()) {
            assertThatThrownBy(() -> pipeline.describe(Recording.image(), listener).await())
                    .isInstanceOf(InferenceException.class)
                    .hasMessageStartingWith("language stage failed")
                    .hasMessageContaining("CUDA out of memory");
        }
        assertThat(listener.events()).containsExactly("error:InferenceException");
    }

    @Test
    void concurrentDescriptionsAreIndependent() throws Exception {
        FakeSpeechSynthesizer voice = FakeSpeechSynthesizer.create();
        try (EchoPipeline pipeline = visionFakes().languageModel(FakeLanguageModel.replying(REPLY))
                .speechSynthesizer(voice).build()) {
            List<NarrationHandle<Narration>> handles = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                handles.add(pipeline.describe(Recording.image(), null));
            }
            Narration first = handles.get(0).await();
            for (NarrationHandle<Narration> h : handles) {
                Narration n = h.await();
                assertThat(n.sentences()).isEqualTo(SENTENCES);
                assertThat(n.audio()).isEqualTo(first.audio());
            }
        }
    }
}

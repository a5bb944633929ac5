package dev.echollama.tts.orpheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.echollama.ModelCorruptException;
import dev.echollama.audio.AudioClip;
import dev.echollama.language.Generation;
import dev.echollama.onnx.decoder.DecoderSignature;
import dev.echollama.spi.ProviderConfig;
import dev.echollama.speech.SpeechSynthesizer;
import dev.echollama.testkit.onnx.LlamaSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end through the provider on synthetic graphs (see {@link SyntheticOrpheus} for what they generate and
 * where the expected counts come from).
 */
class OrpheusSyntheticTest {
    @TempDir
    static Path home;
    private static ProviderConfig config;
    private static SpeechSynthesizer tts;

    @BeforeAll
    static void create() {
        config = SyntheticOrpheus.install(home, SyntheticOrpheus.smallSpec(SyntheticOrpheus.STOP_AT_LENGTH));
        tts = new OrpheusSynthesizerProvider().create(config);
    }

    @AfterAll
    static void close() {
        if (tts != null) {
            tts.close();
        }
    }

    @Test
    void generationStopsAt128258AndGivesTheReferenceSamples() {
        // one request at the reference sampling defaults (temperature 0.6, top-p 0.8, repetition penalty 1.3)
        List<AudioClip> chunks = new ArrayList<>();
        OrpheusSynthesizer.Utterance u = ((OrpheusSynthesizer) tts).speak("Hello", chunks::add);
        System.out.println("synthetic Orpheus, one request: " + u);
        assertThat(u.promptIds()).containsExactly(128259, 128000, 83, 5169, 25, 22691, 128009, 128260, 128261,
                128257);
        assertThat(u.finish()).isEqualTo(Generation.Finish.STOP);
        assertThat(u.stopToken()).isEqualTo(128258);
        assertThat(u.generatedTokens()).isEqualTo(SyntheticOrpheus.GENERATED);
        assertThat(u.acceptedCodes()).isEqualTo(SyntheticOrpheus.ACCEPTED_CODES);
        assertThat(u.windows()).isEqualTo(SyntheticOrpheus.WINDOWS);
        assertThat(u.skippedWindows()).isEqualTo(SyntheticOrpheus.WINDOWS - SyntheticOrpheus.VALID_WINDOWS);
        assertThat(u.samples()).isEqualTo(SyntheticOrpheus.VALID_WINDOWS * 2048);
        // each chunk is one valid window's second frame: 2048 samples at 24 kHz
        assertThat(chunks).hasSize(SyntheticOrpheus.VALID_WINDOWS);
        for (int i = 0; i < chunks.size(); i++) {
            AudioClip c = chunks.get(i);
            assertThat(c.sampleRate()).isEqualTo(24_000);
            assertThat(c.samples()).as("chunk %d", i)
                    .containsExactly(SyntheticOrpheus.spelled(SyntheticOrpheus.EMITTED_FRAMES[i]));
        }
    }

    @Test
    void sentencesAreSeparateRequests() {
        ProviderConfig raw = config.toBuilder().option(OrpheusSynthesizerProvider.NORMALIZE, "false").build();
        try (SpeechSynthesizer s = new OrpheusSynthesizerProvider().create(raw)) {
            assertThat(((OrpheusSynthesizer) s).pieces("Hello\nHello")).containsExactly("Hello", "Hello");
        }
        OrpheusSynthesizer o = (OrpheusSynthesizer) tts;
        // normalisation joins lines; sentences stay apart; tags pass through
        assertThat(o.pieces("Hello\nHello")).containsExactly("Hello Hello");
        assertThat(o.pieces("Dr. Lee is 3.5 m away. <laugh> Hi!"))
                .containsExactly("doctor Lee is three point five metres away.", "<laugh> Hi!");
        assertThat(o.pieces(" \n ")).isEmpty();
    }

    @Test
    void aSentenceOverTheTokenCapIsCut() {
        // the default cap is 40 text tokens: " la" is one token, so 100 of them make 3 pieces of <= 40
        List<String> pieces = ((OrpheusSynthesizer) tts).pieces("la" + " la".repeat(99));
        assertThat(pieces).hasSize(3);
        assertThat(pieces).allSatisfy(p -> assertThat(p.split(" ")).hasSizeLessThanOrEqualTo(40));
    }

    @Test
    void closeStopsARunningGenerationAndWaitsForIt() throws Exception {
        SpeechSynthesizer s = new OrpheusSynthesizerProvider().create(config);
        CompletableFuture<AudioClip> running = CompletableFuture.supplyAsync(() -> s.synthesize("Hello"));
        Thread.sleep(300); // 3990 sampled steps take seconds; close well before they are done
        long t0 = System.nanoTime();
        s.close();
        long closeMillis = (System.nanoTime() - t0) / 1_000_000;
        assertThatThrownBy(running::join).hasCauseInstanceOf(IllegalStateException.class);
        assertThat(running.isDone()).as("close() returns only after the generation stopped").isTrue();
        assertThat(closeMillis).as("close() waits one decoder step, not the whole request").isLessThan(5_000);
        s.close();
        assertThatThrownBy(() -> s.synthesize("Hello")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theGenerationBudgetEndsARequest() {
        ProviderConfig budget = config.toBuilder().option(OrpheusSynthesizerProvider.MAX_NEW_TOKENS, "100").build();
        try (SpeechSynthesizer short100 = new OrpheusSynthesizerProvider().create(budget)) {
            OrpheusSynthesizer.Utterance u = ((OrpheusSynthesizer) short100).speak("Hello", c -> { });
            assertThat(u.finish()).isEqualTo(Generation.Finish.LENGTH);
            assertThat(u.generatedTokens()).isEqualTo(100);
            assertThat(u.stopToken()).isEqualTo(-1);
        }
    }

    @Test
    void theCacheShapeIsReadFromTheSession(@TempDir Path other) {
        // Orpheus-3B's 28 layers x 8 KV heads x 128; the graph stops after 5 generated tokens (none is audio)
        ProviderConfig cfg = SyntheticOrpheus.install(other, SyntheticOrpheus.orpheusShapedSpec(15));
        try (SpeechSynthesizer s = new OrpheusSynthesizerProvider().create(cfg)) {
            OrpheusSynthesizer o = (OrpheusSynthesizer) s;
            DecoderSignature sig = o.signature();
            assertThat(sig.layers()).isEqualTo(28);
            assertThat(sig.kvHeads()).isEqualTo(8);
            assertThat(sig.headSize()).isEqualTo(128);
            assertThat(sig.vocabSize()).isEqualTo(156_940);
            OrpheusSynthesizer.Utterance u = o.speak("Hello", c -> { });
            assertThat(u.finish()).isEqualTo(Generation.Finish.STOP);
            assertThat(u.stopToken()).isEqualTo(128258);
            assertThat(u.generatedTokens()).isEqualTo(5);
            assertThat(u.samples()).isZero();
        }
    }

    @Test
    void aDecoderWithoutTheAudioVocabularyIsRefused(@TempDir Path other) {
        ProviderConfig cfg = SyntheticOrpheus.install(other, LlamaSpec.builder().layers(1).kvHeads(1).headDim(2)
                .build()); // Llama-3.2's 128256 ids: no audio tokens
        assertThatThrownBy(() -> new OrpheusSynthesizerProvider().create(cfg))
                .isInstanceOf(ModelCorruptException.class)
                .hasMessageContaining("128256").hasMessageContaining("156938");
    }
}

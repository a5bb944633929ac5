package dev.echollama.benchmarks;

import dev.echollama.language.ChatMessage;
import dev.echollama.language.GenerationOptions;
import dev.echollama.language.LanguageRequest;
import dev.echollama.language.SceneContext;
import dev.echollama.language.SceneLanguageModel;
import dev.echollama.language.TokenSink;
import dev.echollama.llm.grounded.GroundedNarratorProvider;
import dev.echollama.scene.SceneMatrix;
import dev.echollama.scene.SceneMatrixBuilder;
import dev.echollama.scene.ScenePromptBuilder;
import dev.echollama.spi.ProviderConfig;
import dev.echollama.vision.BoundingBox;
import dev.echollama.vision.DepthMap;
import dev.echollama.vision.Detection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The grounded narrator: one first-turn description and one follow-up answer of a six-object scene with depth,
 * streamed to a sink that drops the words. Run: {@code java -jar benchmarks/target/benchmarks.jar Narrator}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class NarratorBenchmark {
    private SceneLanguageModel narrator;
    private LanguageRequest describe;
    private LanguageRequest question;

    @Setup(Level.Trial)
    public void setUp() {
        List<Detection> detections = List.of(
                new Detection("dog", 0.99, new BoundingBox(0.16, 0.40, 0.42, 0.95)),
                new Detection("bicycle", 0.98, new BoundingBox(0.20, 0.25, 0.72, 0.80)),
                new Detection("truck", 0.95, new BoundingBox(0.60, 0.10, 0.92, 0.30)),
                new Detection("person", 0.97, new BoundingBox(0.02, 0.30, 0.12, 0.90)),
                new Detection("person", 0.96, new BoundingBox(0.85, 0.35, 0.98, 0.95)),
                new Detection("motorcycle", 0.93, new BoundingBox(0.05, 0.10, 0.20, 0.28)));
        float[] depth = new float[64 * 48];
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 64; x++) {
                depth[y * 64 + x] = y / 47f; // lower in the picture = nearer
            }
        }
        DepthMap map = DepthMap.of(64, 48, depth, DepthMap.Convention.RELATIVE_INVERSE_DEPTH);
        SceneMatrix m = SceneMatrixBuilder.paper().build(detections, Optional.of(map));
        String caption = "a dog sitting next to a bicycle on a porch";
        SceneContext scene = new SceneContext(m, caption, ScenePromptBuilder.paper().build(caption, m));
        describe = new LanguageRequest(List.of(ChatMessage.system(scene.prompt().system()),
                ChatMessage.user(scene.prompt().user())), Optional.of(scene), GenerationOptions.paper());
        question = new LanguageRequest(List.of(ChatMessage.user(scene.prompt().user()), ChatMessage.assistant("…"),
                ChatMessage.user("How many people are on my left?")), Optional.of(scene), GenerationOptions.paper());
        narrator = new GroundedNarratorProvider().create(ProviderConfig.defaults());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        narrator.close();
    }

    @Benchmark
    public String describe() {
        return narrator.generate(describe, TokenSink.none()).text();
    }

    @Benchmark
    public String answer() {
        return narrator.generate(question, TokenSink.none()).text();
    }
}

package dev.echollama.benchmarks;

import dev.echollama.language.Generation;
import dev.echollama.language.GenerationOptions;
import dev.echollama.language.TokenSink;
import dev.echollama.llm.llamacpp.LlamaCppModel;
import dev.echollama.llm.llamacpp.LlamaCppProvider;
import dev.echollama.spi.ProviderConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * llama.cpp on stories260K: one greedy raw completion of "Once upon a time" with 60 new tokens per operation
 * (tokens/s = 60 / seconds per op). Finds the model through {@code -Dechollama.shared} (default {@code ../shared},
 * right when run from the repository root): {@code java -Dechollama.shared=../shared -jar
 * benchmarks/target/benchmarks.jar LlamaCpp}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LlamaCppBenchmark {
    /** llama.cpp threads. */
    @Param({"1", "2"})
    public int threads;

    private LlamaCppModel model;
    private final GenerationOptions greedy60 = GenerationOptions.greedy(60);

    @Setup(Level.Trial)
    public void setUp() {
        Path gguf = Path.of(System.getProperty("echollama.shared", "../shared"), "models", "llm", "stories260K",
                "stories260K.gguf");
        if (!Files.exists(gguf)) {
            throw new IllegalStateException(gguf.toAbsolutePath() + " is absent; set -Dechollama.shared");
        }
        model = new LlamaCppProvider().open(ProviderConfig.builder().option("llamacpp.model", gguf.toString())
                .option("llamacpp.context", "512").threads(threads).build());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        model.close();
    }

    @Benchmark
    public Generation complete60() {
        Generation g = model.complete("Once upon a time", greedy60, TokenSink.none());
        if (g.generatedTokens() != 60) {
            throw new IllegalStateException("expected 60 tokens, got " + g.generatedTokens());
        }
        return g;
    }
}

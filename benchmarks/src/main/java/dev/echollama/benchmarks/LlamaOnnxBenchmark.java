package dev.echollama.benchmarks;

import dev.echollama.language.Generation;
import dev.echollama.language.GenerationOptions;
import dev.echollama.language.TokenSink;
import dev.echollama.llm.llamacpp.LlamaCppModel;
import dev.echollama.llm.llamacpp.LlamaCppProvider;
import dev.echollama.llm.onnx.Completion;
import dev.echollama.llm.onnx.LlamaOnnxModel;
import dev.echollama.llm.onnx.LlamaOnnxProvider;
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
 * The Llama ONNX provider path against llama.cpp on the same model, side by side in one run: stories260K
 * ({@code model.onnx} + tokenizer.json + config.json through {@link LlamaOnnxProvider}, and
 * {@code stories260K.gguf} through {@link LlamaCppProvider}), one greedy raw completion of "Once upon a time" with 60
 * new tokens per operation, both engines on the same number of threads. Tokens/s = 60,000 / (ms per op); each op
 * includes tokenizing the prompt, prefill, 60 steps and streaming detokenization (the ONNX path) or llama.cpp's
 * text streaming.
 *
 * <p>Run: {@code mvn -o -q -pl benchmarks -am package -DskipTests && java -Dechollama.shared=../shared -jar
 * benchmarks/target/benchmarks.jar LlamaOnnx -f 1 -wi 3 -i 5}. {@code -p threads=1,2} varies the threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LlamaOnnxBenchmark {
    static final String PROMPT = "Once upon a time";
    static final int TOKENS = 60;

    /** Intra-op threads of ONNX Runtime and llama.cpp threads. */
    @Param({"1"})
    public int threads;

    private LlamaOnnxModel onnx;
    private LlamaCppModel llamaCpp;
    private final GenerationOptions greedy = GenerationOptions.greedy(TOKENS);

    @Setup(Level.Trial)
    public void setUp() {
        Path folder = Path.of(System.getProperty("echollama.shared", "../shared"), "models", "llm", "stories260K");
        if (!Files.exists(folder.resolve("model.onnx")) || !Files.exists(folder.resolve("stories260K.gguf"))) {
            throw new IllegalStateException(folder.toAbsolutePath() + " lacks model.onnx or stories260K.gguf; set "
                    + "-Dechollama.shared");
        }
        onnx = new LlamaOnnxProvider().create(ProviderConfig.builder()
                .option("llama-onnx.model", folder.toString()).threads(threads).build());
        llamaCpp = new LlamaCppProvider().open(ProviderConfig.builder()
                .option("llamacpp.model", folder.resolve("stories260K.gguf").toString())
                .option("llamacpp.context", "512").threads(threads).build());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        onnx.close();
        llamaCpp.close();
    }

    @Benchmark
    public Completion llamaOnnx60() {
        Completion c = onnx.complete(PROMPT, greedy, TokenSink.none());
        if (c.ids().length != TOKENS) {
            throw new IllegalStateException("expected " + TOKENS + " tokens, got " + c.ids().length);
        }
        return c;
    }

    @Benchmark
    public Generation llamaCpp60() {
        Generation g = llamaCpp.complete(PROMPT, greedy, TokenSink.none());
        if (g.generatedTokens() != TOKENS) {
            throw new IllegalStateException("expected " + TOKENS + " tokens, got " + g.generatedTokens());
        }
        return g;
    }
}

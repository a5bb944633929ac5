package dev.echollama.benchmarks;

import dev.echollama.asr.vad.SileroVad;
import dev.echollama.asr.vad.SpeechSegment;
import dev.echollama.audio.AudioClip;
import dev.echollama.audio.WavFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.State;

/**
 * Silero VAD v5 on a shared speech WAV ({@code speech/sense_and_sensibility_01_austen_64kb-0920.wav}, 6.05 s,
 * 16 kHz): {@link SileroVad#segments} (190 model steps of 32 ms) and {@link SileroVad#probabilities} (the model
 * steps alone). Real-time factor = time per op / 6.05 s.
 *
 * <p>The shared folder is {@code -Dechollama.shared=...} (default {@code ../shared}, right when run from the
 * repository root). Run: {@code mvn -o -q -pl benchmarks -am package -DskipTests && java -jar
 * benchmarks/target/benchmarks.jar Vad -f 1 -wi 3 -i 5}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class VadBenchmark {
    private SileroVad vad;
    private AudioClip speech;

    @Setup
    public void setUp() {
        Path models = Path.of(System.getProperty("echollama.shared", "../shared")).resolve("models");
        vad = SileroVad.open(models.resolve("vad/silero_vad_v5.onnx"));
        speech = WavFiles.read(models.resolve("speech/sense_and_sensibility_01_austen_64kb-0920.wav"));
    }

    @TearDown
    public void tearDown() {
        vad.close();
    }

    @Benchmark
    public List<SpeechSegment> segments() {
        return vad.segments(speech);
    }

    @Benchmark
    public float[] probabilities() {
        return vad.probabilities(speech);
    }
}

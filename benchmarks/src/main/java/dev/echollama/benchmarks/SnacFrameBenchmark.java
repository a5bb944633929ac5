package dev.echollama.benchmarks;

import dev.echollama.tts.orpheus.SnacCodes;
import dev.echollama.tts.orpheus.SnacFrameAssembler;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Orpheus audio tokens → SNAC windows ({@link SnacFrameAssembler}), per 7-token frame: parsing each id into a
 * code, and once per frame gathering the last 4 frames into the three codebooks. The stream is 1024 valid frames
 * (random codes) plus one text token per frame, as a model's stray tokens would be; the SNAC decoder run itself
 * is not included. Score = time per frame.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar SnacFrame</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SnacFrameBenchmark {
    private static final int FRAMES = 1024;
    private int[] ids;

    @Setup
    public void setUp() {
        SplittableRandom r = new SplittableRandom(7);
        ids = new int[FRAMES * 8];
        int n = 0;
        for (int f = 0; f < FRAMES; f++) {
            for (int slot = 0; slot < 7; slot++) {
                ids[n++] = SnacFrameAssembler.tokenId(1 + r.nextInt(4095), slot);
            }
            ids[n++] = 13; // a text token ("."): dropped, as the reference drops it
        }
    }

    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public void assembleFrames(Blackhole bh) {
        SnacFrameAssembler a = new SnacFrameAssembler();
        for (int id : ids) {
            SnacCodes w = a.accept(id);
            if (w != null) {
                bh.consume(w);
            }
        }
        if (a.windows() != FRAMES - 3) {
            throw new IllegalStateException("expected " + (FRAMES - 3) + " windows, got " + a.windows());
        }
    }
}

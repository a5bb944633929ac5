package dev.echollama.vision.detr;

import dev.echollama.vision.Detection;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * DETR's post-processing alone, the "post" half of {@code DetrBenchmark}'s split: the original DETR rule (softmax
 * over all 92 logits of each of the 100 queries, best of the 91 real classes, "N/A" and the score floor dropped,
 * boxes from centre/size to corners). It lives in the decoder's package because the decoder is not public API.
 * The logits are those of a real export's shape and spread: 98 queries whose "no object" logit wins by a wide
 * margin and two confident ones, so the decoder does the work a photo would give it (every query's softmax is
 * computed whatever its outcome).
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar DetrDecode</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DetrDecodeBenchmark {
    private static final int QUERIES = 100;
    private static final int CLASSES = 92;

    private DetrDecoder decoder;
    private float[] logits;
    private float[] boxes;

    @Setup
    public void setUp() {
        decoder = new DetrDecoder(Coco91.LABELS);
        logits = new float[QUERIES * CLASSES];
        boxes = new float[QUERIES * 4];
        SplittableRandom r = new SplittableRandom(3);
        for (int q = 0; q < QUERIES; q++) {
            for (int c = 0; c < CLASSES; c++) {
                logits[q * CLASSES + c] = (float) (r.nextDouble() * 4 - 2);
            }
            logits[q * CLASSES + CLASSES - 1] = 8; // "no object"
            boxes[q * 4] = (float) r.nextDouble();
            boxes[q * 4 + 1] = (float) r.nextDouble();
            boxes[q * 4 + 2] = 0.2f;
            boxes[q * 4 + 3] = 0.3f;
        }
        logits[7 * CLASSES + 18] = 14;  // a dog
        logits[42 * CLASSES + 2] = 13;  // a bicycle
        List<Detection> found = decoder.decode(logits, boxes, QUERIES, CLASSES, 0.5);
        if (found.size() != 2 || !found.get(0).label().equals("dog") || !found.get(1).label().equals("bicycle")) {
            throw new IllegalStateException("expected the dog and the bicycle, got " + found);
        }
    }

    @Benchmark
    public List<Detection> decode() {
        return decoder.decode(logits, boxes, QUERIES, CLASSES, 0.5);
    }
}

package dev.echollama.benchmarks;

import dev.echollama.scene.MatrixFormatter;
import dev.echollama.scene.SceneMatrix;
import dev.echollama.scene.SceneMatrixBuilder;
import dev.echollama.vision.BoundingBox;
import dev.echollama.vision.DepthMap;
import dev.echollama.vision.Detection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
 * Matrix build + render for 20 detections, without depth and with a 640x480 depth map (the median over each
 * box's inner half plus one pass over the map for its range).
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar SceneMatrix</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SceneMatrixBenchmark {
    private final SceneMatrixBuilder builder = SceneMatrixBuilder.paper();
    private final MatrixFormatter formatter = MatrixFormatter.standard();
    private List<Detection> detections;
    private Optional<DepthMap> depth;

    @Setup
    public void setUp() {
        SplittableRandom r = new SplittableRandom(42);
        detections = new ArrayList<>();
        String[] labels = {"person", "dog", "bicycle", "car", "truck", "chair", "cup", "bottle"};
        for (int i = 0; i < 20; i++) {
            double w = 0.05 + r.nextDouble() * 0.25;
            double h = 0.05 + r.nextDouble() * 0.25;
            double x = r.nextDouble() * (1 - w);
            double y = r.nextDouble() * (1 - h);
            detections.add(new Detection(labels[i % labels.length], 0.85 + r.nextDouble() * 0.15,
                    new BoundingBox(x, y, x + w, y + h)));
        }
        float[] values = new float[640 * 480];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) r.nextDouble();
        }
        depth = Optional.of(DepthMap.of(640, 480, values, DepthMap.Convention.RELATIVE_INVERSE_DEPTH));
    }

    @Benchmark
    public String buildAndRenderWithoutDepth() {
        SceneMatrix m = builder.build(detections, Optional.empty());
        return formatter.format(m);
    }

    @Benchmark
    public String buildAndRenderWithDepth() {
        SceneMatrix m = builder.build(detections, depth);
        return formatter.format(m);
    }
}

package dev.echollama.benchmarks;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.echollama.onnx.decoder.DecodeRequest;
import dev.echollama.onnx.decoder.DecodeResult;
import dev.echollama.onnx.decoder.KvDecoder;
import dev.echollama.onnx.decoder.Sampler;
import dev.echollama.onnx.decoder.SamplingConfig;
import dev.echollama.onnx.decoder.TokenHistory;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
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
 * The decoder's hot paths.
 *
 * <ul>
 *   <li>{@code greedyDecoder} vs {@code greedyRawSessionLoop}: stories260K (shared/models/llm/stories260K), an
 *   8-token prompt then 120 cached steps (121 tokens). The raw loop is the least a caller can write against
 *   {@code OrtSession} directly (the same feeds, presents passed back, arg-max over a copied logits row); the
 *   difference divided by 120 is the decoder's per-token overhead. The decoder's own figure (time outside
 *   {@code OrtSession.run} per step) is printed at the end of the trial.</li>
 *   <li>{@code topPSampler} vs {@code topPFullSort}: one top-p (0.9) draw over a 128,256-entry random logit vector
 *   (Llama 3.2's vocabulary), the SDK's partial selection vs sorting the whole vector (primitive long-key sort).</li>
 * </ul>
 *
 * Run: {@code mvn -o -q -pl benchmarks -am package -DskipTests && java -jar benchmarks/target/benchmarks.jar
 * Decoder -f 1 -wi 2 -i 3}. The model is found at {@code -Decho.shared=...} or {@code ../shared} (from the
 * repository root).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 4)
@Measurement(iterations = 3, time = 4)
@Fork(1)
public class DecoderBenchmark {
    static final int[] PROMPT = {1, 403, 407, 261, 378, 432, 383, 286}; // BOS "Once upon a time, there was"
    static final int STEPS = 120;

    @State(Scope.Benchmark)
    public static class Model {
        OrtEnvironment env;
        OrtSession session;
        KvDecoder decoder;
        DecodeRequest request;
        long overheadNanos;
        long tokensTimed;

        @Setup(Level.Trial)
        public void open() throws OrtException {
            Path shared = Path.of(System.getProperty("echollama.shared", "../shared"));
            Path model = shared.resolve("models/llm/stories260K/model.onnx");
            if (!Files.isRegularFile(model)) {
                throw new IllegalStateException("stories260K not found at " + model.toAbsolutePath()
                        + "; run from the repository root or pass -Dechollama.shared=<dir>");
            }
            env = OrtEnvironment.getEnvironment();
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(1);
            session = env.createSession(model.toString(), options);
            decoder = new KvDecoder(env, session, model);
            request = DecodeRequest.builder().prompt(PROMPT).maxNewTokens(STEPS + 1).build();
        }

        @TearDown(Level.Trial)
        public void close() throws OrtException {
            if (tokensTimed > 0) {
                System.out.printf("%n[decoder] time outside OrtSession.run: %.2f us per step (%d steps timed)%n",
                        overheadNanos / 1e3 / tokensTimed, tokensTimed);
            }
            session.close();
        }
    }

    @Benchmark
    public int greedyDecoder(Model m) {
        DecodeResult r = m.decoder.generate(m.request);
        DecodeResult.Timings t = r.timings();
        m.overheadNanos += t.decodeNanos() - t.decodeRunNanos();
        m.tokensTimed += t.tokenNanos().length;
        return r.ids()[STEPS];
    }

    /** The minimal hand-written loop: same feeds, presents fed back, arg-max of the last logits row. */
    @Benchmark
    public int greedyRawSessionLoop(Model m) throws OrtException {
        OrtEnvironment env = m.env;
        Map<String, OnnxTensor> past = new HashMap<>();
        OrtSession.Result previous = null;
        for (int layer = 0; layer < 5; layer++) {
            for (String kv : new String[] {"key", "value"}) {
                past.put("past_key_values." + layer + "." + kv,
                        OnnxTensor.createTensor(env, FloatBuffer.allocate(0), new long[] {1, 4, 0, 8}));
            }
        }
        Map<String, OnnxTensor> empty = new HashMap<>(past);
        long[] ids = Arrays.stream(PROMPT).asLongStream().toArray();
        int length = 0;
        int token = -1;
        try {
            for (int step = 0; step <= STEPS; step++) {
                int n = ids.length;
                long[] mask = new long[length + n];
                Arrays.fill(mask, 1);
                long[] pos = new long[n];
                for (int j = 0; j < n; j++) {
                    pos[j] = length + j;
                }
                Map<String, OnnxTensor> feeds = new HashMap<>(past);
                try (OnnxTensor idsT = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), new long[] {1, n});
                     OnnxTensor maskT = OnnxTensor.createTensor(env, LongBuffer.wrap(mask), new long[] {1, mask.length});
                     OnnxTensor posT = OnnxTensor.createTensor(env, LongBuffer.wrap(pos), new long[] {1, n})) {
                    feeds.put("input_ids", idsT);
                    feeds.put("attention_mask", maskT);
                    feeds.put("position_ids", posT);
                    OrtSession.Result result = m.session.run(feeds);
                    if (previous != null) {
                        previous.close();
                    }
                    previous = result;
                }
                FloatBuffer logits = ((OnnxTensor) previous.get("logits").get()).getFloatBuffer();
                int vocab = 512;
                int base = (n - 1) * vocab;
                token = 0;
                for (int i = 1; i < vocab; i++) {
                    if (logits.get(base + i) > logits.get(base + token)) {
                        token = i;
                    }
                }
                for (Map.Entry<String, OnnxValue> e : previous) {
                    if (e.getKey().startsWith("present")) {
                        past.put("past_key_values" + e.getKey().substring("present".length()),
                                (OnnxTensor) e.getValue());
                    }
                }
                length += n;
                ids = new long[] {token};
            }
        } finally {
            if (previous != null) {
                previous.close();
            }
            empty.values().forEach(OnnxTensor::close);
        }
        return token;
    }

    @State(Scope.Benchmark)
    public static class Logits {
        /** Standard deviation of the gaussian logits: 1 is flat (nucleus ~ 3/4 of the vocabulary), 4 is peaked. */
        @Param({"1", "4"})
        public double spread;

        float[] logits;
        float[] work;
        Sampler sampler;
        SplittableRandom random;
        float[] weights;
        long[] keys;

        @Setup(Level.Trial)
        public void make() {
            SplittableRandom r = new SplittableRandom(2024);
            logits = new float[128_256];
            for (int i = 0; i < logits.length; i++) {
                double u = 1 - r.nextDouble();
                logits[i] = (float) (spread * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble()));
            }
            work = new float[logits.length];
            sampler = new Sampler(SamplingConfig.ofTemperature(1).withTopP(0.9).withSeed(7));
            random = new SplittableRandom(7);
            weights = new float[logits.length];
            keys = new long[logits.length];
        }
    }

    @Benchmark
    public int topPSampler(Logits s) {
        System.arraycopy(s.logits, 0, s.work, 0, s.logits.length);
        return s.sampler.sample(s.work, TokenHistory.empty());
    }

    /** The textbook way: weights, sort the whole vocabulary, cumulative sum, cut, draw. */
    @Benchmark
    public int topPFullSort(Logits s) {
        System.arraycopy(s.logits, 0, s.work, 0, s.logits.length);
        float[] l = s.work;
        int n = l.length;
        float max = Float.NEGATIVE_INFINITY;
        for (float x : l) {
            max = Math.max(max, x);
        }
        double total = 0;
        for (int i = 0; i < n; i++) {
            float w = (float) Math.exp(l[i] - max);
            s.weights[i] = w;
            total += w;
            s.keys[i] = ((long) (Integer.MAX_VALUE - Float.floatToRawIntBits(w)) << 32) | i;
        }
        Arrays.sort(s.keys);
        double target = 0.9 * total;
        double sum = 0;
        int kept = n;
        for (int j = 0; j < n; j++) {
            sum += s.weights[(int) s.keys[j]];
            if (sum >= target) {
                kept = j + 1;
                break;
            }
        }
        double u = s.random.nextDouble() * sum;
        double acc = 0;
        for (int j = 0; j < kept; j++) {
            int id = (int) s.keys[j];
            acc += s.weights[id];
            if (u < acc) {
                return id;
            }
        }
        return (int) s.keys[0];
    }
}

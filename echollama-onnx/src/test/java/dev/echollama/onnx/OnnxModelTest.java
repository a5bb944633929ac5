package dev.echollama.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.echollama.BadInputException;
import dev.echollama.InferenceException;
import dev.echollama.ModelCorruptException;
import dev.echollama.ModelMissingException;
import dev.echollama.spi.Device;
import dev.echollama.testkit.SharedModels;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxModelTest {
    static final String YOLOX = "detection/yolox_nano.onnx";

    static Path resource(String name) throws URISyntaxException {
        return Path.of(OnnxModelTest.class.getResource(name).toURI());
    }

    @Test
    void readsDeclaredInputsAndOutputsOfYolox() {
        try (OnnxModel model = OnnxModel.open(SharedModels.require(YOLOX))) {
            assertThat(model.inputs()).hasSize(1);
            TensorSpec in = model.inputs().get(0);
            assertThat(in.name()).isEqualTo("images");
            assertThat(in.type()).isEqualTo(ElementType.FLOAT32);
            assertThat(in.dims()).containsExactly(1, 3, 416, 416);
            assertThat(in.isFixed()).isTrue();
            TensorSpec out = model.output("output").orElseThrow();
            assertThat(out.dims()).containsExactly(1, 3549, 85);
            assertThat(model.device()).isEqualTo(Device.CPU);
            assertThat(model.hasInput("images")).isTrue();
            assertThat(model.hasInput("pixel_mask")).isFalse();
        }
    }

    @Test
    void runsYoloxOnAGreyImageAndReturnsTheDeclaredShape() throws OrtException {
        try (OnnxModel model = OnnxModel.open(SharedModels.require(YOLOX));
             OnnxTensor images = grey416(OnnxModel.environment());
             OrtSession.Result result = model.run(Map.of("images", images), Set.of("output"))) {
            OnnxTensor out = (OnnxTensor) result.get("output").orElseThrow();
            assertThat(out.getInfo().getShape()).containsExactly(1, 3549, 85);
            FloatBuffer fb = out.getFloatBuffer();
            // Objectness and class scores are probabilities: a flat grey image must not produce NaN or > 1.
            for (int row = 0; row < 3549; row++) {
                float obj = fb.get(row * 85 + 4);
                assertThat(obj).isBetween(0f, 1f);
            }
        }
    }

    static OnnxTensor grey416(OrtEnvironment env) throws OrtException {
        FloatBuffer fb = FloatBuffer.allocate(3 * 416 * 416);
        while (fb.hasRemaining()) {
            fb.put(114f);
        }
        fb.flip();
        return OnnxTensor.createTensor(env, fb, new long[] {1, 3, 416, 416});
    }

    @Test
    void loadsWeightsFromAnExternalDataSidecarByPath() throws Exception {
        Path file = resource("external_data.onnx");
        assertThat(file.resolveSibling("external_data.onnx_data")).exists();
        OrtEnvironment env = OnnxModel.environment();
        try (OnnxModel model = OnnxModel.open(file);
             OnnxTensor x = OnnxTensor.createTensor(env, new float[][] {{10, 20, 30, 40}});
             OrtSession.Result r = model.run(Map.of("x", x))) {
            float[][] y = (float[][]) r.get(0).getValue();
            assertThat(y[0]).containsExactly(11f, 22f, 33f, 44f); // w = [1, 2, 3, 4] lives only in the sidecar
        }
    }

    @Test
    void aMissingSidecarIsACorruptModelNamingTheFile(@TempDir Path dir) throws Exception {
        Path lonely = dir.resolve("external_data.onnx");
        Files.copy(resource("external_data.onnx"), lonely);
        assertThatThrownBy(() -> OnnxModel.open(lonely))
                .isInstanceOf(ModelCorruptException.class)
                .hasMessageContaining(lonely.toString())
                .hasMessageContaining("external_data.onnx_data");
    }

    @Test
    void aMissingFileIsModelMissingNamingIt(@TempDir Path dir) {
        Path nowhere = dir.resolve("no-such-model.onnx");
        assertThatThrownBy(() -> OnnxModel.open(nowhere))
                .isInstanceOf(ModelMissingException.class)
                .hasMessageContaining(nowhere.toString())
                .satisfies(e -> assertThat(((ModelMissingException) e).path()).contains(nowhere));
    }

    @Test
    void aFileThatIsNotOnnxIsCorruptWithOrtsMessage(@TempDir Path dir) throws Exception {
        Path text = dir.resolve("model.onnx");
        Files.writeString(text, "this is not a protobuf, it is a sentence about a dog next to a bicycle\n");
        assertThatThrownBy(() -> OnnxModel.open(text))
                .isInstanceOf(ModelCorruptException.class)
                .hasMessageContaining(text.toString())
                .hasMessageContaining("Protobuf parsing failed");
    }

    @Test
    void aTruncatedModelIsCorrupt(@TempDir Path dir) throws Exception {
        Path truncated = dir.resolve("yolox_truncated.onnx");
        try (InputStream in = Files.newInputStream(SharedModels.require(YOLOX))) {
            Files.write(truncated, in.readNBytes(200_000));
        }
        assertThatThrownBy(() -> OnnxModel.open(truncated))
                .isInstanceOf(ModelCorruptException.class)
                .hasMessageContaining(truncated.toString());
    }

    @Test
    void aDirectoryIsNotAModel(@TempDir Path dir) {
        assertThatThrownBy(() -> OnnxModel.open(dir))
                .isInstanceOf(ModelCorruptException.class)
                .hasMessageContaining("is a directory");
    }

    @Test
    void closeIsIdempotentAndUseAfterCloseIsAnIllegalState() throws Exception {
        OnnxModel model = OnnxModel.open(SharedModels.require(YOLOX));
        model.close();
        model.close();
        assertThat(model.path()).isEqualTo(SharedModels.require(YOLOX).toAbsolutePath().normalize());
        assertThat(model.toString()).contains("yolox_nano.onnx");
        try (OnnxTensor images = grey416(OnnxModel.environment())) {
            assertThatThrownBy(() -> model.run(Map.of("images", images))).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("closed");
        }
        assertThatThrownBy(model::inputs).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(model::session).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(model::device).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void unknownFeedOrOutputNamesAreBadInputListingTheGraphsNames() throws Exception {
        try (OnnxModel model = OnnxModel.open(SharedModels.require(YOLOX));
             OnnxTensor images = grey416(OnnxModel.environment())) {
            assertThatThrownBy(() -> model.run(Map.of("image", images)))
                    .isInstanceOf(BadInputException.class)
                    .hasMessageContaining("no input 'image'").hasMessageContaining("[images]");
            assertThatThrownBy(() -> model.run(Map.of("images", images), Set.of("logits")))
                    .isInstanceOf(BadInputException.class).hasMessageContaining("no output 'logits'");
        }
    }

    @Test
    void anOrtFailureIsAnInferenceExceptionNamingTheModelAndTheFeeds() throws Exception {
        try (OnnxModel model = OnnxModel.open(SharedModels.require(YOLOX));
             OnnxTensor wrong = OnnxTensor.createTensor(OnnxModel.environment(), new float[1][3][8][8])) {
            assertThatThrownBy(() -> model.run(Map.of("images", wrong)))
                    .isInstanceOf(InferenceException.class)
                    .hasMessageContaining("yolox_nano.onnx")
                    .hasMessageContaining("[1, 3, 8, 8]");
        }
    }

    @Test
    void concurrentRunsShareOneSessionAndCloseWaitsForThem() throws Exception {
        OnnxModel model = OnnxModel.open(SharedModels.require(YOLOX),
                OnnxSessionConfig.builder().intraOpThreads(1).build());
        ExecutorService pool = Executors.newFixedThreadPool(3);
        CountDownLatch started = new CountDownLatch(3);
        AtomicInteger runs = new AtomicInteger();
        List<Future<String>> futures = new ArrayList<>();
        try (OnnxTensor images = grey416(OnnxModel.environment())) {
            for (int t = 0; t < 3; t++) {
                futures.add(pool.submit(() -> {
                    started.countDown();
                    while (true) {
                        try (OrtSession.Result r = model.run(Map.of("images", images))) {
                            runs.incrementAndGet();
                            assertThat(((OnnxTensor) r.get(0)).getInfo().getShape()).containsExactly(1, 3549, 85);
                        } catch (IllegalStateException closed) {
                            return closed.getMessage();
                        }
                    }
                }));
            }
            assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
            while (runs.get() < 6) {
                Thread.sleep(5);
            }
            model.close(); // must wait for the runs in flight, never free the session under them
            for (Future<String> f : futures) {
                assertThat(f.get(60, TimeUnit.SECONDS)).contains("is closed");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(runs.get()).isGreaterThanOrEqualTo(6);
    }

    @Test
    void everyOptimisationLevelAndExecutionModePredictsTheReferenceToken() throws Exception {
        // REFERENCE.md case 2: "Once upon a time" = [1, 403, 407, 261, 378]; greedy next token 432 (",").
        long[] prompt = {1, 403, 407, 261, 378};
        OrtEnvironment env = OnnxModel.environment();
        float[] reference = null;
        for (OnnxSessionConfig.OptimizationLevel level : OnnxSessionConfig.OptimizationLevel.values()) {
            OnnxSessionConfig config = OnnxSessionConfig.builder().optimization(level).memoryArena(false)
                    .executionMode(level.ordinal() % 2 == 0 ? OnnxSessionConfig.ExecutionMode.PARALLEL
                            : OnnxSessionConfig.ExecutionMode.SEQUENTIAL)
                    .interOpThreads(2).intraOpThreads(1).build();
            Map<String, OnnxTensor> feeds = new java.util.HashMap<>();
            try (OnnxModel model = OnnxModel.open(SharedModels.require(GraphSignatureTest.STORIES), config)) {
                feeds.put("input_ids", OnnxTensor.createTensor(env, new long[][] {prompt}));
                feeds.put("attention_mask", OnnxTensor.createTensor(env, new long[][] {{1, 1, 1, 1, 1}}));
                feeds.put("position_ids", OnnxTensor.createTensor(env, new long[][] {{0, 1, 2, 3, 4}}));
                for (int i = 0; i < 5; i++) {
                    for (String kv : List.of("key", "value")) {
                        feeds.put("past_key_values." + i + "." + kv,
                                OnnxTensor.createTensor(env, FloatBuffer.allocate(0), new long[] {1, 4, 0, 8}));
                    }
                }
                try (OrtSession.Result r = model.run(feeds, Set.of("logits"))) {
                    OnnxTensor logits = (OnnxTensor) r.get("logits").orElseThrow();
                    assertThat(logits.getInfo().getShape()).containsExactly(1, 5, 512);
                    FloatBuffer fb = logits.getFloatBuffer();
                    float[] last = new float[512];
                    fb.position(4 * 512);
                    fb.get(last);
                    int argmax = 0;
                    for (int v = 1; v < 512; v++) {
                        if (last[v] > last[argmax]) {
                            argmax = v;
                        }
                    }
                    assertThat(argmax).as("greedy token at %s", level).isEqualTo(432);
                    if (reference == null) {
                        reference = last;
                    } else {
                        for (int v = 0; v < 512; v++) {
                            assertThat(last[v]).as("%s logit %d", level, v)
                                    .isCloseTo(reference[v], org.assertj.core.data.Offset.offset(1e-4f));
                        }
                    }
                }
            } finally {
                feeds.values().forEach(OnnxTensor::close);
            }
        }
    }
}

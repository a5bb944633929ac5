package dev.echollama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.echollama.image.RgbImage;
import dev.echollama.language.Grounding;
import dev.echollama.scene.SceneObject;
import dev.echollama.testkit.contract.TestProviders;
import dev.echollama.testkit.fakes.FakeCaptioner;
import dev.echollama.testkit.fakes.FakeDepthEstimator;
import dev.echollama.testkit.fakes.FakeDetector;
import dev.echollama.testkit.fakes.FakeLanguageModel;
import dev.echollama.testkit.fakes.FakeSpeechSynthesizer;
import dev.echollama.vision.CaptionRequest;
import dev.echollama.vision.DepthEstimator;
import dev.echollama.vision.DepthMap;
import dev.echollama.vision.Detection;
import dev.echollama.vision.Detector;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Choosing, skipping, owning and running the stages. */
class EchoPipelineStagesTest {

    @Test
    void aStageWithoutProviderIsSkippedWithItsReasonAndNothingIsInvented() {
        // Test services hold an unavailable depth provider (absent-depth) and no captioner, synthesizer or
        // transcriber provider.
        try (EchoPipeline pipeline = EchoPipeline.builder()
                .detector(FakeDetector.returning(Recording.CHAIR, Recording.PERSON, Recording.CUP))
                .languageModel(FakeLanguageModel.replying("A chair is on the left. A person is on the right."))
                .without(Stage.SPEECH)
                .build()) {
            assertThat(pipeline.skippedStages()).extracting(SkippedStage::stage)
                    .containsExactly(Stage.DEPTH, Stage.CAPTION, Stage.SPEECH, Stage.TRANSCRIPTION);
            SceneAnalysis scene = pipeline.analyze(Recording.image());

            assertThat(scene.depth()).isEmpty();
            SkippedStage depth = scene.skipped().get(0);
            assertThat(depth.stage()).isEqualTo(Stage.DEPTH);
            assertThat(depth.reason()).contains("absent-depth").contains("absent-depth.onnx is not installed");
            assertThat(scene.wasSkipped(Stage.CAPTION)).isTrue();
            assertThat(scene.skipped().get(1).reason()).contains("CaptionerProvider");
            assertThat(scene.caption().text()).isEmpty();
            assertThat(scene.caption().source()).isEqualTo("none");

            List<SceneObject> objects = scene.matrix().objects();
            assertThat(objects).extracting(SceneObject::label).containsExactlyInAnyOrder("chair", "person");
            assertThat(objects).allSatisfy(o -> assertThat(o.z()).as("z of %s", o.label()).isEmpty());
            assertThat(scene.prompt().user()).doesNotContain("\"z\"").startsWith("Image Description: \n");
            assertThat(scene.timings().depth()).isEmpty();
            assertThat(scene.timings().detection()).isPresent();

            Narration n = pipeline.describe(Recording.image());
            assertThat(n.audio().isEmpty()).as("no synthesizer: no audio").isTrue();
            assertThat(n.sentences()).containsExactly("A chair is on the left.", "A person is on the right.");
            assertThat(n.timings().firstAudio()).isEmpty();
            assertThat(n.timings().synthesis()).isEmpty();
            assertThat(n.grounding()).as("no checker configured").isEqualTo(Grounding.clean());
            assertThat(pipeline.skippedStages().get(2).reason()).isEqualTo("disabled by the caller");
        }
    }

    @Test
    void depthGivesZFromTheMedianOfTheInnerHalfOfEachBox() {
        // A 10x10 gradient map: row r holds r/9, larger nearer (the builder takes any map resolution). Chair box
        // y 0.5..0.9: inner half 0.6..0.8 holds the centres of rows 6 and 7, median 6.5/9 = 0.72222, so
        // z = 1 - 0.72222 = 0.27778. Person box y 0.2..0.9: inner half 0.375..0.725 holds rows 4..6, median
        // 5/9 = 0.55556, so z = 0.44444. The chair is nearer.
        try (EchoPipeline pipeline = EchoPipeline.builder()
                .detector(FakeDetector.returning(Recording.CHAIR, Recording.PERSON))
                .depthEstimator(FakeDepthEstimator.returning(FakeDepthEstimator.gradientMap(10, 10)))
                .build()) {
            SceneAnalysis scene = pipeline.analyze(Recording.image());
            assertThat(scene.depth()).isPresent();
            assertThat(scene.wasSkipped(Stage.DEPTH)).isFalse();
            SceneObject chair = scene.matrix().cell(1, 0).get(0);
            SceneObject person = scene.matrix().cell(1, 2).get(0);
            assertThat(chair.z().getAsDouble()).isCloseTo(0.27778, within(1e-4));
            assertThat(person.z().getAsDouble()).isCloseTo(0.44444, within(1e-4));
            assertThat(scene.prompt().user()).contains("\"z\": 0.28").contains("\"z\": 0.44");
        }
    }

    @Test
    void visionStagesRunConcurrently() {
        // Each stage waits until all three have started: run one after another, the first would wait in vain.
        CountDownLatch allStarted = new CountDownLatch(3);
        Detector detector = new Detector() {
            @Override
            public List<Detection> detect(RgbImage image) {
                allStarted.countDown();
                if (!Recording.await(allStarted)) {
                    throw new IllegalStateException("detection ran alone");
                }
                return List.of(Recording.PERSON);
            }

            @Override
            public void close() {
            }
        };
        DepthEstimator depth = new DepthEstimator() {
            @Override
            public DepthMap estimate(RgbImage image) {
                allStarted.countDown();
                if (!Recording.await(allStarted)) {
                    throw new IllegalStateException("depth ran alone");
                }
                return FakeDepthEstimator.gradientMap(image.width(), image.height());
            }

            @Override
            public void close() {
            }
        };
        FakeCaptioner captioner = FakeCaptioner.saying("A hall.");
        dev.echollama.vision.Captioner waiting = new dev.echollama.vision.Captioner() {
            @Override
            public dev.echollama.vision.Caption caption(CaptionRequest request) {
                allStarted.countDown();
                if (!Recording.await(allStarted)) {
                    throw new IllegalStateException("caption ran alone");
                }
                return captioner.caption(request);
            }

            @Override
            public void close() {
            }
        };
        try (EchoPipeline pipeline = EchoPipeline.builder().detector(detector).depthEstimator(depth)
                .captioner(waiting).build()) {
            SceneAnalysis scene = pipeline.analyze(Recording.image());
            assertThat(scene.caption().text()).isEqualTo("A hall.");
            assertThat(scene.matrix().objects()).hasSize(1);
        }
    }

    @Test
    void anEvidenceCaptionerGetsTheDetectionsAboveTheThresholdAndTheDepth() {
        FakeCaptioner captioner = FakeCaptioner.saying("A room with a chair.").usingEvidence();
        try (EchoPipeline pipeline = EchoPipeline.builder()
                .detector(FakeDetector.returning(Recording.CHAIR, Recording.CUP))
                .depthEstimator(FakeDepthEstimator.gradient())
                .captioner(captioner)
                .build()) {
            pipeline.analyze(Recording.image());
        }
        CaptionRequest request = captioner.requests().get(0);
        assertThat(request.detections()).containsExactly(Recording.CHAIR);
        assertThat(request.depth()).isPresent();
    }

    @Test
    void theThresholdDefaultsToTheDetectorsAndCanBeSet() {
        FakeDetector lenient = FakeDetector.builder()
                .detections(List.of(Recording.CHAIR, Recording.CUP)).matrixThreshold(0.3).build();
        try (EchoPipeline byDetector = EchoPipeline.builder().detector(lenient).build();
             EchoPipeline byCaller = EchoPipeline.builder().detector(lenient).detectionThreshold(0.9).build();
             EchoPipeline paper = EchoPipeline.builder().detector(FakeDetector.returning(Recording.CHAIR,
                     new Detection("tv", 0.89, Recording.CUP.box()))).build()) {
            assertThat(byDetector.analyze(Recording.image()).matrix().objects()).hasSize(2);
            assertThat(byCaller.analyze(Recording.image()).matrix().objects()).hasSize(1);
            assertThat(paper.analyze(Recording.image()).matrix().objects()).extracting(SceneObject::label)
                    .containsExactly("chair");
        }
    }

    @Test
    void aFailingStageGivesAnInferenceExceptionNamingIt() {
        DepthEstimator melted = new DepthEstimator() {
            @Override
            public DepthMap estimate(RgbImage image) {
                throw new ArithmeticException("sensor melted");
            }

            @Override
            public void close() {
            }
        };
        try (EchoPipeline pipeline = EchoPipeline.builder().detector(FakeDetector.returning(Recording.CHAIR))
                .depthEstimator(melted).build()) {
            assertThatThrownBy(() -> pipeline.analyze(Recording.image()))
                    .isInstanceOf(InferenceException.class)
                    .hasMessageStartingWith("depth stage failed")
                    .hasMessageContaining("sensor melted");
        }
        try (EchoPipeline pipeline = EchoPipeline.builder().detector(FakeDetector.returning(Recording.CHAIR))
                .build()) {
            assertThatThrownBy(() -> pipeline.analyze(RgbImage.of(1, 1, new byte[3])))
                    .isInstanceOf(BadInputException.class)
                    .hasMessageStartingWith("detection stage: image must be at least 2x2");
            assertThatThrownBy(() -> pipeline.analyze(null)).isInstanceOf(BadInputException.class);
            assertThatThrownBy(() -> pipeline.describe(Recording.image()))
                    .as("no language model")
                    .isInstanceOf(ProviderNotFoundException.class)
                    .hasMessageContaining("SceneLanguageModelProvider");
        }
    }

    @Test
    void namedProvidersAreCreatedOwnedAndClosedGivenInstancesAreNot() {
        TestProviders.FakeDetectorProvider.CREATED.clear();
        FakeLanguageModel model = FakeLanguageModel.replying("A person.");
        FakeSpeechSynthesizer voice = FakeSpeechSynthesizer.create();
        EchoPipeline pipeline = EchoPipeline.builder().detector("fake-detector").languageModel(model)
                .speechSynthesizer(voice).build();
        FakeDetector made = TestProviders.FakeDetectorProvider.CREATED.peek();
        assertThat(made).isNotNull();
        assertThat(pipeline.loadTimes()).containsOnlyKeys(Stage.DETECTION);
        assertThat(pipeline.analyze(Recording.image()).matrix().objects()).extracting(SceneObject::label)
                .containsExactly("person");
        pipeline.close();
        pipeline.close();
        assertThat(made.isClosed()).as("provider-made detector closed by the pipeline").isTrue();
        assertThat(model.isClosed()).as("caller's model left open").isFalse();
        assertThat(voice.isClosed()).as("caller's synthesizer left open").isFalse();
        assertThatThrownBy(() -> pipeline.analyze(Recording.image())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aMissingNamedProviderIsAnErrorAndClosesWhatWasAlreadyMade() {
        TestProviders.FakeDetectorProvider.CREATED.clear();
        assertThatThrownBy(() -> EchoPipeline.builder().detector("fake-detector").depthEstimator("absent-depth")
                .build())
                .isInstanceOf(ProviderNotFoundException.class)
                .hasMessageContaining("absent-depth")
                .hasMessageContaining("not installed");
        assertThat(TestProviders.FakeDetectorProvider.CREATED.peek().isClosed()).isTrue();
        assertThatThrownBy(() -> EchoPipeline.builder().captioner("moondream9").build())
                .isInstanceOf(ProviderNotFoundException.class)
                .hasMessageContaining("no CaptionerProvider named 'moondream9'");
    }

    @Test
    void builderRefusesBadSettingsByName() {
        assertThatThrownBy(() -> EchoPipeline.builder().grid(0, 3).build())
                .isInstanceOf(BadInputException.class).hasMessageContaining("0x3");
        assertThatThrownBy(() -> EchoPipeline.builder().detectionThreshold(1.5).build())
                .isInstanceOf(BadInputException.class).hasMessageContaining("1.5");
        assertThatThrownBy(() -> EchoPipeline.builder().systemPrompt(" ").build())
                .isInstanceOf(BadInputException.class).hasMessageContaining("system prompt");
        assertThatThrownBy(() -> EchoPipeline.builder().detector((Detector) null))
                .isInstanceOf(BadInputException.class).hasMessageContaining("without(Stage.DETECTION)");
    }

    @Test
    void anAnalysedSceneCanBeDescribedLater() {
        FakeLanguageModel model = FakeLanguageModel.replying("A chair.");
        try (EchoPipeline pipeline = EchoPipeline.builder().detector(FakeDetector.returning(Recording.CHAIR))
                .languageModel(model).without(Stage.SPEECH).build()) {
            SceneAnalysis scene = pipeline.analyze(Recording.image());
            Narration n = pipeline.describe(scene, null).await();
            assertThat(n.text()).isEqualTo("A chair.");
            assertThat(n.timings().detection()).as("analysed before this call").isEmpty();
            assertThat(n.timings().generation()).isPresent();
            assertThat(model.requests().get(0).messages().get(1).content()).isEqualTo(scene.prompt().user());
            assertThat(model.requests().get(0).scene()).contains(scene.context());
        }
    }

    @Test
    void aGroundingCheckerSeesTheTextAndTheScene() {
        try (EchoPipeline pipeline = EchoPipeline.builder()
                .detector(FakeDetector.returning(Recording.CHAIR))
                .languageModel(FakeLanguageModel.replying("A chair and a piano."))
                .groundingChecker((text, scene) -> new Grounding(
                        text.contains("piano") && scene.matrix().objects().stream()
                                .noneMatch(o -> o.label().equals("piano")) ? List.of("piano") : List.of()))
                .build()) {
            assertThat(pipeline.describe(Recording.image()).grounding().unsupported()).containsExactly("piano");
        }
    }
}

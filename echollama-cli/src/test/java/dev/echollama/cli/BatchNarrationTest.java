package dev.echollama.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.echollama.EchoPipeline;
import dev.echollama.Stage;
import dev.echollama.cli.dataset.TestImages;
import dev.echollama.image.RgbImage;
import dev.echollama.language.Generation;
import dev.echollama.language.LanguageRequest;
import dev.echollama.language.SceneLanguageModel;
import dev.echollama.language.TokenSink;
import dev.echollama.testkit.fakes.FakeLanguageModel;
import dev.echollama.testkit.fakes.FakeSpeechSynthesizer;
import dev.echollama.vision.BoundingBox;
import dev.echollama.vision.Detection;
import dev.echollama.vision.Detector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchNarrationTest {
    @TempDir
    Path tmp;

    /** When each image's detection and each image's generation ran, keyed by image width (20 + index). */
    static final class Clock {
        final Map<Integer, long[]> vision = new ConcurrentHashMap<>();
        final Map<Integer, long[]> language = new ConcurrentHashMap<>();
        final CountDownLatch firstGenerationStarted = new CountDownLatch(1);
    }

    /**
     * Image 0 takes 300 ms; image 1's detection waits (up to 10 s) until the language model has started on image 0,
     * so it is still under way then if and only if vision runs ahead of narration; the others take 50 ms.
     */
    static Detector detector(Clock clock) {
        return new Detector() {
            @Override
            public List<Detection> detect(RgbImage image) {
                int w = image.width();
                long start = System.nanoTime();
                try {
                    if (w == 20) {
                        Thread.sleep(300);
                    } else if (w == 21) {
                        clock.firstGenerationStarted.await(10, TimeUnit.SECONDS);
                        Thread.sleep(20);
                    } else {
                        Thread.sleep(50);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                clock.vision.put(w, new long[] {start, System.nanoTime()});
                return List.of(new Detection("chair", 0.95, new BoundingBox(0.1, 0.1, 0.4, 0.9)));
            }

            @Override
            public void close() {
            }
        };
    }

    static SceneLanguageModel language(Clock clock, FakeLanguageModel fake) {
        return new SceneLanguageModel() {
            @Override
            public Generation generate(LanguageRequest request, TokenSink sink) {
                String caption = request.scene().orElseThrow().caption();
                int w = Integer.parseInt(caption.replaceAll("\\D+", ""));
                long start = System.nanoTime();
                clock.firstGenerationStarted.countDown();
                Generation g = fake.generate(request, sink);
                clock.language.put(w, new long[] {start, System.nanoTime()});
                return g;
            }

            @Override
            public int countTokens(String text) {
                return fake.countTokens(text);
            }

            @Override
            public int contextLength() {
                return fake.contextLength();
            }

            @Override
            public void close() {
            }
        };
    }

    @Test
    void visionOfTheNextImagesOverlapsNarrationAndOutputKeepsInputOrder() throws Exception {
        List<Path> images = new ArrayList<>(TestImages.write(tmp, 6));
        Path broken = tmp.resolve("img-02b.jpg");
        Files.writeString(broken, "not a picture");
        images.add(3, broken);
        Clock clock = new Clock();
        FakeLanguageModel fake = FakeLanguageModel.builder().responder(r -> "I see " + r.scene().orElseThrow()
                .caption() + ". A chair is on the left.").tokenDelay(Duration.ofMillis(10)).build();
        FakeSpeechSynthesizer tts = FakeSpeechSynthesizer.builder().delay(Duration.ofMillis(20)).build();
        List<BatchNarration.Outcome> seen = new ArrayList<>();
        BatchNarration.Summary summary;
        try (EchoPipeline pipeline = EchoPipeline.builder().detector(detector(clock))
                .captioner(new TestImages.WidthCaptioner()).without(Stage.DEPTH).without(Stage.TRANSCRIPTION)
                .languageModel(language(clock, fake)).speechSynthesizer(tts).build()) {
            summary = BatchNarration.run(pipeline, images, 2, seen::add);
        }

        // in input order, the unreadable picture in its place, every text about its own image
        assertThat(seen).extracting(BatchNarration.Outcome::image).containsExactlyElementsOf(images);
        assertThat(seen.get(3).error()).isNotNull();
        assertThat(seen.get(3).error().getMessage()).contains("img-02b.jpg");
        for (int i = 0; i < seen.size(); i++) {
            if (i == 3) {
                continue;
            }
            int k = i < 3 ? i : i - 1;
            assertThat(seen.get(i).narration().text()).startsWith("I see " + TestImages.captionOf(k) + ".");
            assertThat(seen.get(i).narration().timings().asMap()).containsKeys("detection", "caption",
                    "generation", "synthesis", "first_audio", "total");
        }
        // image 1 was being analysed when the language model started on image 0
        long[] vision1 = clock.vision.get(21);
        long[] language0 = clock.language.get(20);
        assertThat(vision1[0]).isLessThan(language0[0]);
        assertThat(vision1[1]).isGreaterThan(language0[0]);
        assertThat(summary.described()).isEqualTo(6);
        assertThat(summary.failed()).isEqualTo(1);
        assertThat(summary.visionWorkers()).isEqualTo(2);
        assertThat(summary.imagesPerSecond()).isCloseTo(6 / (summary.elapsed().toNanos() / 1e9),
                org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void describeOverAFolderReportsImagesPerSecond() throws Exception {
        TestImages.write(tmp.resolve("pics"), 3);
        EchoCliTest.Result r = EchoCliTest.run("describe", tmp.resolve("pics").toString(), "--llm", "grounded",
                "--json", "--vision-workers", "2");
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(4);
        for (int i = 0; i < 3; i++) {
            assertThat(lines.get(i)).contains("img-0" + i + ".png");
        }
        assertThat(lines.get(3)).startsWith("{\"summary\":").contains("\"described\":3")
                .contains("\"images_per_second\":").contains("\"vision_workers\":2");
        assertThat(r.err()).containsPattern("described 3 of 3 images in [0-9.]+ s: [0-9.]+ images/s "
                + "\\(2 vision workers\\)");
    }
}

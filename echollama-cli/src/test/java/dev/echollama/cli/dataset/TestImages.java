package dev.echollama.cli.dataset;

import dev.echollama.EchoPipeline;
import dev.echollama.Stage;
import dev.echollama.testkit.fakes.FakeDepthEstimator;
import dev.echollama.testkit.fakes.FakeDetector;
import dev.echollama.vision.BoundingBox;
import dev.echollama.vision.Caption;
import dev.echollama.vision.CaptionRequest;
import dev.echollama.vision.Captioner;
import dev.echollama.vision.Detection;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/** Small distinct pictures and a vision pipeline of fakes whose caption tells the pictures apart. */
public final class TestImages {
    private TestImages() {
    }

    /** {@code img-00.png} ... : image i is (20 + i) pixels wide, so its caption names it. */
    public static List<Path> write(Path dir, int n) throws IOException {
        Files.createDirectories(dir);
        List<Path> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            BufferedImage img = new BufferedImage(20 + i, 16, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 16; y++) {
                for (int x = 0; x < img.getWidth(); x++) {
                    img.setRGB(x, y, (x * 9) << 16 | (y * 13) << 8 | i * 20);
                }
            }
            Path p = dir.resolve(String.format(Locale.ROOT, "img-%02d.png", i));
            ImageIO.write(img, "png", p.toFile());
            out.add(p);
        }
        return out;
    }

    /** The caption {@link #visionPipeline()} gives image i of {@link #write}. */
    public static String captionOf(int i) {
        return "a picture " + (20 + i) + " pixels wide";
    }

    /** Detections (a dog on the left, a car on the right), a depth gradient and the width caption. */
    public static EchoPipeline visionPipeline() {
        return EchoPipeline.builder()
                .detector(FakeDetector.returning(
                        new Detection("dog", 0.97, new BoundingBox(0.05, 0.4, 0.3, 0.9)),
                        new Detection("car", 0.95, new BoundingBox(0.7, 0.2, 0.95, 0.6)),
                        new Detection("cat", 0.50, new BoundingBox(0.4, 0.4, 0.5, 0.5))))
                .depthEstimator(FakeDepthEstimator.gradient())
                .captioner(new WidthCaptioner())
                .without(Stage.LANGUAGE).without(Stage.SPEECH).without(Stage.TRANSCRIPTION)
                .build();
    }

    /** Captions image i of {@link #write} with {@link #captionOf(int)}. */
    public static final class WidthCaptioner implements Captioner {
        @Override
        public Caption caption(CaptionRequest request) {
            return new Caption("a picture " + request.image().width() + " pixels wide", "test");
        }

        @Override
        public void close() {
        }
    }
}

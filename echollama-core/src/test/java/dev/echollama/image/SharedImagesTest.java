package dev.echollama.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The real photographs in ../shared/models/images (sizes from PROVENANCE.md). */
class SharedImagesTest {
    @ParameterizedTest
    @CsvSource({"dog.jpg, 768, 576", "bus.jpg, 810, 1080"})
    void realPhotosDecodeToTheirDocumentedSize(String name, int width, int height) {
        String shared = System.getProperty("echollama.shared");
        Assumptions.assumeTrue(shared != null, "system property echollama.shared is not set; shared models absent");
        Path file = Path.of(shared, "models", "images", name);
        Assumptions.assumeTrue(Files.isRegularFile(file), file + " is absent; skipping the real-photo check");
        RgbImage img = Images.read(file);
        assertThat(img.width()).isEqualTo(width);
        assertThat(img.height()).isEqualTo(height);
        // A photo, not a flat fill: decoding really produced varied pixels.
        assertThat(img.rgb(width / 4, height / 4)).isNotEqualTo(img.rgb(3 * width / 4, 3 * height / 4));
    }
}

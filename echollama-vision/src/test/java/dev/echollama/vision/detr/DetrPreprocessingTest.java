package dev.echollama.vision.detr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.echollama.ModelCorruptException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DetrPreprocessingTest {
    @TempDir
    Path dir;

    @Test
    void detrResizeRule() {
        DetrPreprocessing p = DetrPreprocessing.DEFAULTS;
        // dog.jpg 768x576: short side 800 -> 800 * 768 / 576 = 1066.67 -> 1066 (truncated).
        assertThat(p.targetSize(768, 576)).containsExactly(1066, 800);
        // bus.jpg 810x1080: 1080/810*800 = 1066.7 <= 1333 -> 800 x 1066.
        assertThat(p.targetSize(810, 1080)).containsExactly(800, 1066);
        // 2000x1000: 2 * 800 > 1333 -> short = round(1333 * 1000 / 2000) = round(666.5) = 666 (Python rounds
        // half to even), long int(666 * 2) = 1332.
        assertThat(p.targetSize(2000, 1000)).containsExactly(1332, 666);
        // 3000x1000: round(444.33) = 444, long 1332.
        assertThat(p.targetSize(3000, 1000)).containsExactly(1332, 444);
        // Already the right size: unchanged.
        assertThat(p.targetSize(800, 1000)).containsExactly(800, 1000);
        // 1x1 grows to 800x800; a 1x5000 sliver is clamped instead of reaching 0 or 5000.
        assertThat(p.targetSize(1, 1)).containsExactly(800, 800);
        assertThat(p.targetSize(1, 5000)).containsExactly(1, 1333);
    }

    @Test
    void readsXenovaConfig() throws Exception {
        Path f = dir.resolve("preprocessor_config.json");
        Files.writeString(f, """
                {"do_normalize": true, "do_pad": true, "do_rescale": true, "do_resize": true,
                 "format": "coco_detection", "image_mean": [0.485, 0.456, 0.406], "image_std": [0.229, 0.224, 0.225],
                 "resample": 2, "rescale_factor": 0.00392156862745098,
                 "size": {"longest_edge": 1333, "shortest_edge": 800}}""");
        DetrPreprocessing p = DetrPreprocessing.read(f);
        assertThat(p.shortestEdge()).isEqualTo(800);
        assertThat(p.longestEdge()).isEqualTo(1333);
        assertThat(p.bicubic()).isFalse();
        assertThat(p.rescale()).isEqualTo(1f / 255);
        assertThat(p.mean()).containsExactly(0.485f, 0.456f, 0.406f);
        assertThat(p.std()).containsExactly(0.229f, 0.224f, 0.225f);
    }

    @Test
    void readsOldFeatureExtractorFormAndSwitches() throws Exception {
        Path f = dir.resolve("preprocessor_config.json");
        Files.writeString(f, """
                {"size": 512, "max_size": 640, "resample": 3, "do_normalize": false, "do_rescale": false}""");
        DetrPreprocessing p = DetrPreprocessing.read(f);
        assertThat(p.shortestEdge()).isEqualTo(512);
        assertThat(p.longestEdge()).isEqualTo(640);
        assertThat(p.bicubic()).isTrue();
        assertThat(p.rescale()).isEqualTo(1f);
        assertThat(p.mean()).containsExactly(0f, 0f, 0f);
        assertThat(p.std()).containsExactly(1f, 1f, 1f);
    }

    @Test
    void badConfigNamesTheFile() throws Exception {
        Path f = dir.resolve("preprocessor_config.json");
        Files.writeString(f, "{\"resample\": 1}");
        assertThatThrownBy(() -> DetrPreprocessing.read(f)).isInstanceOf(ModelCorruptException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("resample");
        Files.writeString(f, "not json");
        assertThatThrownBy(() -> DetrPreprocessing.read(f)).isInstanceOf(ModelCorruptException.class)
                .hasMessageContaining(f.toString());
    }

    @Test
    void labelsFromId2LabelWithGaps() throws Exception {
        Path f = dir.resolve("config.json");
        Files.writeString(f, "{\"id2label\": {\"0\": \"N/A\", \"1\": \"person\", \"3\": \"car\"}}");
        assertThat(DetrPreprocessing.readLabels(f)).containsExactly("N/A", "person", "N/A", "car");
        Files.writeString(f, "{\"model_type\": \"detr\"}");
        assertThatThrownBy(() -> DetrPreprocessing.readLabels(f)).isInstanceOf(ModelCorruptException.class)
                .hasMessageContaining("id2label");
    }

    @Test
    void builtInTableMatchesWhatTheRealConfigWouldGive() throws Exception {
        StringBuilder json = new StringBuilder("{\"id2label\": {");
        for (int i = 0; i < Coco91.LABELS.size(); i++) {
            json.append(i == 0 ? "" : ",").append('"').append(i).append("\":\"").append(Coco91.LABELS.get(i)).append('"');
        }
        Path f = dir.resolve("config.json");
        Files.writeString(f, json.append("}}").toString());
        List<String> read = DetrPreprocessing.readLabels(f);
        assertThat(read).isEqualTo(Coco91.LABELS);
    }
}

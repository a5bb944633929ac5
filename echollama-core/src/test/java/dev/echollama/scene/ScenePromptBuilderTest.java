package dev.echollama.scene;

import static org.assertj.core.api.Assertions.assertThat;

import dev.echollama.vision.BoundingBox;
import dev.echollama.vision.DepthMap;
import dev.echollama.vision.Detection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScenePromptBuilderTest {

    @Test
    void paperSystemPromptIsVerbatim() {
        assertThat(ScenePromptBuilder.PAPER_SYSTEM_PROMPT).isEqualTo(
                "You are a visual understanding and interpretation assistant. You will receive an input consisting"
                        + " of a natural language description of an image along with a grid-based object detection"
                        + " matrix, which contains object names, counts, and their spatial positions. Your task is"
                        + " to give information and answer questions about places.");
    }

    @Test
    void promptBytesForAGivenSceneAreExact() {
        // Depth: a 2x1 map, left pixel near (inverse depth 8), right pixel far (2).
        DepthMap depth = DepthMap.of(2, 1, new float[] {8, 2}, DepthMap.Convention.RELATIVE_INVERSE_DEPTH);
        List<Detection> detections = List.of(
                new Detection("dog", 0.994, new BoundingBox(0.10, 0.50, 0.40, 0.95)),
                new Detection("truck", 0.9649, new BoundingBox(0.60, 0.10, 0.95, 0.30)),
                new Detection("bicycle", 0.955, new BoundingBox(0.30, 0.40, 0.62, 0.90)),
                new Detection("cat", 0.42, new BoundingBox(0.0, 0.0, 0.1, 0.1)));
        SceneMatrix matrix = SceneMatrixBuilder.paper().build(detections, Optional.of(depth));
        ScenePrompt p = ScenePromptBuilder.paper().build("A dog sits in front of a bicycle.", matrix);

        assertThat(p.system()).isEqualTo(ScenePromptBuilder.PAPER_SYSTEM_PROMPT);
        // dog: centre (0.25, 0.725) -> bottom-left; depth pixel 0 (8) = the max = nearest -> z 0.00
        // bicycle: centre (0.46, 0.65) -> bottom-centre; pixel 0 -> z 0.00
        // truck: centre (0.775, 0.20) -> top-right; pixel 1 (2) = the min = farthest -> z 1.00
        // cat: under the threshold -> absent
        assertThat(p.user()).isEqualTo("Image Description: A dog sits in front of a bicycle.\n"
                + "This grid-based object detection matrix represents detected objects in different regions of the"
                + " image. [[[], [], [{\"object\": \"truck\", \"probability\": 0.96, \"x\": 0.78, \"y\": 0.20,"
                + " \"z\": 1.00}]], [[{\"object\": \"dog\", \"probability\": 0.99, \"x\": 0.25, \"y\": 0.73,"
                + " \"z\": 0.00}], [{\"object\": \"bicycle\", \"probability\": 0.96, \"x\": 0.46, \"y\": 0.65,"
                + " \"z\": 0.00}], []]]\n"
                + "Describe this place in detail.");
    }

    @Test
    void renderingIgnoresTheDefaultLocale() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            SceneMatrix m = SceneMatrixBuilder.paper().build(List.of(
                    new Detection("dog", 0.955, new BoundingBox(0, 0, 0.1, 0.1))));
            assertThat(MatrixFormatter.standard().format(m)).contains("\"probability\": 0.96");
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void aCustomFormatterIsUsedVerbatim() {
        ScenePrompt p = ScenePromptBuilder.paper().withFormatter(m -> "<" + m.objects().size() + " objects>")
                .build("", SceneMatrix.empty(2, 3));
        assertThat(p.user()).isEqualTo("Image Description: \nThis grid-based object detection matrix represents"
                + " detected objects in different regions of the image. <0 objects>\nDescribe this place in detail.");
    }

    @Test
    void fixedDecimalsRoundHalfUp() {
        StringBuilder sb = new StringBuilder();
        GridListFormatter.appendFixed2(sb, 0.125);
        sb.append(' ');
        GridListFormatter.appendFixed2(sb, 1.0);
        sb.append(' ');
        GridListFormatter.appendFixed2(sb, 0.0);
        sb.append(' ');
        GridListFormatter.appendFixed2(sb, 0.07);
        assertThat(sb.toString()).isEqualTo("0.13 1.00 0.00 0.07");
    }
}

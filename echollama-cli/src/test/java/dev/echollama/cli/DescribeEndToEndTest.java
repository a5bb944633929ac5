package dev.echollama.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.echollama.audio.AudioClip;
import dev.echollama.audio.WavFiles;
import dev.echollama.testkit.SharedModels;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The main job end to end with only Maven dependencies plus YOLOX-Nano: describe dog.jpg aloud (YOLOX, the grounded
 * narrator, FreeTTS), then transcribe the WAV with Sphinx and find the objects and their sides again.
 */
class DescribeEndToEndTest {

    @Test
    void describeSpeaksTheObjectsAndTheirSidesAndTranscribeGetsThemBack(@TempDir Path dir) throws Exception {
        Path dog = SharedModels.require("images/dog.jpg");
        Path yolox = SharedModels.require("detection/yolox_nano.onnx");
        Path wav = dir.resolve("dog.wav");

        EchoCliTest.Result d = EchoCliTest.run("describe", dog.toString(), "--model-dir", "yolox-nano=" + yolox,
                "--detector", "yolox", "--llm", "grounded", "--tts", "freetts", "--out", wav.toString(), "--json");
        assertThat(d.code()).as(d.err()).isZero();
        JsonNode doc = new ObjectMapper().readTree(d.out());
        String text = doc.get("text").asText();
        // Hand-checked truth for dog.jpg: the dog sits lower left, the bicycle in the centre, a car or pickup
        // truck upper right (PROVENANCE.md).
        // The grounded caption may add "upper" or "lower" to a side (box centre in the top or bottom third).
        assertThat(text).containsPattern("dog on the (lower )?left").containsPattern("bicycle in the centre")
                .containsPattern("(car|truck) on the (upper )?right");
        assertThat(doc.get("grounding").get("unsupported")).isEmpty();
        assertThat(doc.get("audio").asText()).isEqualTo(wav.toString());
        assertThat(doc.get("timings_ms").has("first_audio")).isTrue();
        AudioClip clip = WavFiles.read(wav);
        assertThat(clip.durationSeconds()).isGreaterThan(3);

        EchoCliTest.Result t = EchoCliTest.run("transcribe", wav.toString(), "--asr", "sphinx", "--json");
        assertThat(t.code()).as(t.err()).isZero();
        String heard = new ObjectMapper().readTree(t.out()).get("text").asText();
        System.out.println("describe said: " + text + "\ntranscribe heard: " + heard);
        // Sphinx hears FreeTTS's objects and sides (the same in every JVM; its dictionary spells "center"), but
        // not "upper": "a car on the upper right" comes back as "a car on the operatic", and "top right" as
        // "pop right". So the vehicle's side is looked for in the whole of what it heard.
        assertThat(heard).containsPattern("dog on the (lower )?left").contains("bicycle").contains("center")
                .containsPattern("(car|truck)\\b.*\\bright");
    }
}

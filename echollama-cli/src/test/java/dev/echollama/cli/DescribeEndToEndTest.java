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
        assertThat(text).contains("dog on the left").contains("bicycle in the centre");
        assertThat(text).containsAnyOf("car on the right", "truck on the right");
        assertThat(doc.get("grounding").get("unsupported")).isEmpty();
        assertThat(doc.get("audio").asText()).isEqualTo(wav.toString());
        assertThat(doc.get("timings_ms").has("first_audio")).isTrue();
        AudioClip clip = WavFiles.read(wav);
        assertThat(clip.durationSeconds()).isGreaterThan(3);

        EchoCliTest.Result t = EchoCliTest.run("transcribe", wav.toString(), "--asr", "sphinx", "--json");
        assertThat(t.code()).as(t.err()).isZero();
        String heard = new ObjectMapper().readTree(t.out()).get("text").asText();
        System.out.println("describe said: " + text + "\ntranscribe heard: " + heard);
        // Sphinx hears FreeTTS's words and sides exactly (same in every JVM); its dictionary spells "center".
        assertThat(heard).contains("dog on the left").contains("bicycle in the center")
                .containsAnyOf("car on the right", "truck on the right");
    }
}

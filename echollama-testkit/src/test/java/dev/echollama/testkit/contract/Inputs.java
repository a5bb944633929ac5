package dev.echollama.testkit.contract;

import dev.echollama.audio.AudioClip;
import dev.echollama.image.RgbImage;
import dev.echollama.language.ChatMessage;
import dev.echollama.language.GenerationOptions;
import dev.echollama.language.LanguageRequest;
import dev.echollama.vision.BoundingBox;
import dev.echollama.vision.Detection;
import java.util.List;
import java.util.Optional;

/** Inputs shared by the contract tests of the fakes. */
final class Inputs {
    private Inputs() {
    }

    static RgbImage image() {
        byte[] rgb = new byte[8 * 6 * 3];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (byte) (i * 7);
        }
        return RgbImage.of(8, 6, rgb);
    }

    static RgbImage tinyImage() {
        return RgbImage.of(1, 1, new byte[3]);
    }

    static List<Detection> detections() {
        return List.of(new Detection("chair", 0.95, new BoundingBox(0.1, 0.5, 0.3, 0.9)),
                new Detection("person", 0.99, new BoundingBox(0.6, 0.2, 0.8, 0.9)),
                new Detection("cup", 0.4, new BoundingBox(0.45, 0.45, 0.5, 0.5)));
    }

    static LanguageRequest request(String question) {
        return new LanguageRequest(List.of(ChatMessage.system("Be brief."), ChatMessage.user(question)),
                Optional.empty(), GenerationOptions.greedy(64));
    }

    static AudioClip speech() {
        float[] s = new float[1600];
        for (int i = 0; i < s.length; i++) {
            s[i] = (float) Math.sin(i * 0.2) * 0.5f;
        }
        return AudioClip.of(s, 16_000);
    }
}

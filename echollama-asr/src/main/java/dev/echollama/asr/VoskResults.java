package dev.echollama.asr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.echollama.InferenceException;
import dev.echollama.speech.Transcript;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Reads one Vosk result, {@code {"result":[{"conf":0.98,"start":0.5,"end":0.9,"word":"left"},...],"text":"..."}}
 * (word times in seconds from the start of what the recognizer was fed), into a segment.
 */
final class VoskResults {
    private static final ObjectMapper JSON = new ObjectMapper();

    private VoskResults() {
    }

    /** The segment, with times shifted by {@code offset} seconds; null when Vosk heard no words. */
    static Transcript.Segment segment(String json, double offset) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new InferenceException("Vosk returned a result that is not JSON: " + abbreviate(json), e);
        }
        if (root == null || !root.isObject()) {
            throw new InferenceException("Vosk returned an unexpected result: " + abbreviate(json));
        }
        JsonNode words = root.path("result");
        String text = root.path("text").asText("").strip();
        if (!words.isArray() || words.isEmpty()) {
            // Without word timing (setWords was off, or a grammar result): the text alone, no times known.
            return text.isEmpty() ? null : new Transcript.Segment(text, offset, offset, OptionalDouble.empty());
        }
        List<String> spoken = new ArrayList<>();
        double start = Double.POSITIVE_INFINITY;
        double end = 0;
        double confidence = 0;
        for (JsonNode w : words) {
            String word = w.path("word").asText("").strip();
            if (word.isEmpty() || word.equals("[unk]")) {
                continue;
            }
            spoken.add(word);
            start = Math.min(start, w.path("start").asDouble(0));
            end = Math.max(end, w.path("end").asDouble(0));
            confidence += Math.max(0, Math.min(1, w.path("conf").asDouble(0)));
        }
        if (spoken.isEmpty()) {
            return null;
        }
        double s = offset + Math.max(0, start);
        return new Transcript.Segment(String.join(" ", spoken), s, Math.max(s, offset + end),
                OptionalDouble.of(confidence / spoken.size()));
    }

    private static String abbreviate(String s) {
        return s == null ? "null" : s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}

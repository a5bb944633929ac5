package dev.echollama.tts;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Splits normalised text (abbreviations and decimals already spelled out) into sentences to speak one by one. */
final class Sentences {
    private static final Pattern BOUNDARY = Pattern.compile("(?<=[.!?;])\\s+");

    private Sentences() {
    }

    static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        for (String s : BOUNDARY.split(text.strip())) {
            if (!s.isBlank()) {
                out.add(s.strip());
            }
        }
        return out;
    }
}

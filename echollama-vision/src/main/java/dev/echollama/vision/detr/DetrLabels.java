package dev.echollama.vision.detr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.echollama.ModelCorruptException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Class names from a Hugging Face {@code config.json}'s {@code id2label}. */
final class DetrLabels {
    private DetrLabels() {
    }

    /**
     * Names for ids 0..max, gaps filled with "N/A".
     *
     * @throws ModelCorruptException naming the file when it is not JSON or id2label is missing or malformed
     */
    static List<String> read(Path configJson) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(configJson));
        } catch (IOException e) {
            throw new ModelCorruptException(configJson, "cannot read " + configJson + " as JSON: " + e.getMessage(), e);
        }
        JsonNode id2label = root == null ? null : root.path("id2label");
        if (id2label == null || !id2label.isObject() || id2label.isEmpty()) {
            throw new ModelCorruptException(configJson, configJson + " has no id2label object");
        }
        TreeMap<Integer, String> byId = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : id2label.properties()) {
            int id;
            try {
                id = Integer.parseInt(e.getKey().trim());
            } catch (NumberFormatException ex) {
                id = -1;
            }
            if (id < 0 || id > 100_000 || !e.getValue().isTextual() || e.getValue().asText().isBlank()) {
                throw new ModelCorruptException(configJson, configJson + ": id2label entry '" + e.getKey() + "': "
                        + e.getValue() + " is not a class id with a name");
            }
            byId.put(id, e.getValue().asText().strip());
        }
        List<String> labels = new ArrayList<>(byId.lastKey() + 1);
        for (int i = 0; i <= byId.lastKey(); i++) {
            labels.add(byId.getOrDefault(i, Coco91.NOT_A_CLASS));
        }
        return labels;
    }
}

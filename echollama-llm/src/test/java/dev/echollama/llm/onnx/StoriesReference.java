package dev.echollama.llm.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.echollama.testkit.SharedModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;

/**
 * The greedy reference cases of {@code shared/models/llm/stories260K/REFERENCE.md} (llama2.c run.c at temperature
 * 0), read from the JSON line of each case.
 *
 * @param prompt           the prompt text, null for the BOS-only case
 * @param promptIds        the prompt ids, BOS first
 * @param generatedIds     the 60 greedy continuation ids
 * @param continuationText what llama2.c printed after the prompt
 */
record StoriesReference(String prompt, int[] promptIds, int[] generatedIds, String continuationText) {
    static final String FOLDER = "llm/stories260K";

    static Path folder() {
        return SharedModels.require(FOLDER + "/model.onnx").getParent();
    }

    static List<StoriesReference> all() throws IOException {
        Path md = SharedModels.require(FOLDER + "/REFERENCE.md");
        ObjectMapper json = new ObjectMapper();
        List<StoriesReference> out = new ArrayList<>();
        for (String line : Files.readAllLines(md)) {
            if (line.startsWith("{\"prompt\":")) {
                JsonNode n = json.readTree(line);
                out.add(new StoriesReference(n.get("prompt").isNull() ? null : n.get("prompt").asText(),
                        ints(n.get("prompt_ids")), ints(n.get("generated_ids")), n.get("continuation_text").asText()));
            }
        }
        return out;
    }

    private static int[] ints(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).mapToInt(JsonNode::asInt).toArray();
    }

    @Override
    public String toString() {
        return prompt == null ? "(BOS only)" : prompt;
    }
}

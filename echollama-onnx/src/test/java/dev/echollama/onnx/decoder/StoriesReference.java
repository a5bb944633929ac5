package dev.echollama.onnx.decoder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The greedy reference cases of {@code shared/models/llm/stories260K/REFERENCE.md} (llama2.c run.c at temperature
 * 0), parsed from the JSON line of each case.
 */
record StoriesReference(String prompt, int[] promptIds, int[] generatedIds) {
    private static final Pattern CASE = Pattern.compile(
            "\\{\"prompt\": (null|\"[^\"]*\"), \"prompt_ids\": \\[([0-9, ]*)], \"generated_ids\": \\[([0-9, ]*)]");

    static List<StoriesReference> parse(Path referenceMd) throws IOException {
        List<StoriesReference> cases = new ArrayList<>();
        Matcher m = CASE.matcher(Files.readString(referenceMd));
        while (m.find()) {
            cases.add(new StoriesReference(m.group(1), ints(m.group(2)), ints(m.group(3))));
        }
        return cases;
    }

    private static int[] ints(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .mapToInt(Integer::parseInt).toArray();
    }

    @Override
    public String toString() {
        return prompt;
    }
}

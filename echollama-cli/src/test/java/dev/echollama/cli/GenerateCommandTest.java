package dev.echollama.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.echollama.llm.llamacpp.LlamaCppProvider;
import dev.echollama.spi.Availability;
import dev.echollama.spi.ProviderConfig;
import dev.echollama.testkit.SharedModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@code echollama generate} on the real stories260K files against REFERENCE.md case 2 ("Once upon a time": llama2.c
 * greedy, prompt ids [1, 403, 407, 261, 378], 60 continuation ids).
 */
class GenerateCommandTest {
    static final int[] PROMPT_IDS = {1, 403, 407, 261, 378};
    static final int[] REFERENCE_IDS = {432, 383, 286, 261, 376, 298, 315, 421, 395, 317, 426, 338, 401, 396, 267, 337,
        410, 408, 419, 292, 411, 322, 265, 282, 295, 433, 426, 385, 328, 432, 358, 394, 261, 370, 432, 352, 266, 268,
        388, 426, 338, 391, 266, 267, 337, 335, 312, 432, 398, 312, 286, 267, 414, 270, 333, 415, 426, 13, 438, 310};
    static final String REFERENCE_TEXT = ", there was a little girl named Lily. She loved to play outside in the park. "
            + "One day, she saw a big, red ball. She wanted to play with it, but it was too high.\nLily";

    static Path stories() {
        return SharedModels.require("llm/stories260K/model.onnx").getParent();
    }

    static int[] ints(JsonNode array) {
        List<Integer> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asInt()));
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    @Test
    void referenceFileAgreesWithTheConstantsHere() throws Exception {
        String md = Files.readString(SharedModels.require("llm/stories260K/REFERENCE.md"));
        assertThat(md).contains("\"prompt\": \"Once upon a time\", \"prompt_ids\": [1, 403, 407, 261, 378], "
                + "\"generated_ids\": [432, 383, 286,");
        assertThat(md).contains("415, 426, 13, 438, 310]");
    }

    @Test
    void aPromptOnTheStoriesFolderGivesTheReferenceIds() throws Exception {
        EchoCliTest.Result r = EchoCliTest.run("generate", "--model", stories().toString(), "--prompt",
                "Once upon a time", "--max-tokens", "60", "--temperature", "0", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertThat(ints(doc.get("ids"))).containsExactly(REFERENCE_IDS);
        assertThat(doc.get("text").asText()).isEqualTo(REFERENCE_TEXT);
        assertThat(ints(doc.get("prompt_ids"))).containsExactly(PROMPT_IDS);
        assertThat(doc.get("finish").asText()).isEqualTo("length");
    }

    @Test
    void promptIdsOnTheOnnxFileGiveTheSameAndPlainOutputStreamsTheText() throws Exception {
        EchoCliTest.Result r = EchoCliTest.run("generate", "--model", stories().resolve("model.onnx").toString(),
                "--prompt-ids", "1,403,407,261,378", "--max-tokens", "60", "--temperature", "0", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(ints(new ObjectMapper().readTree(r.out()).get("ids"))).containsExactly(REFERENCE_IDS);

        EchoCliTest.Result plain = EchoCliTest.run("generate", "--model", stories().toString(), "--prompt",
                "Once upon a time", "--max-tokens", "60", "--temperature", "0");
        assertThat(plain.code()).as(plain.err()).isZero();
        assertThat(plain.out()).isEqualTo(REFERENCE_TEXT + System.lineSeparator());
    }

    @Test
    void badArgumentsExitWithUsageOrMissingModel() {
        assertThat(EchoCliTest.run("generate", "--model", stories().toString()).code()).isEqualTo(EchoCli.USAGE);
        assertThat(EchoCliTest.run("generate", "--model", stories().toString(), "--prompt", "x", "--prompt-ids", "1")
                .code()).isEqualTo(EchoCli.USAGE);
        assertThat(EchoCliTest.run("generate", "--model", stories().toString(), "--prompt-ids", "1,two").code())
                .isEqualTo(EchoCli.USAGE);
        EchoCliTest.Result missing = EchoCliTest.run("generate", "--model", "/nonexistent/model.onnx", "--prompt", "x");
        assertThat(missing.code()).isEqualTo(EchoCli.MODEL_MISSING);
        assertThat(missing.err()).contains("/nonexistent/model.onnx");
        EchoCliTest.Result outside = EchoCliTest.run("generate", "--model", stories().toString(), "--prompt-ids",
                "1,9999", "--temperature", "0");
        assertThat(outside.code()).isEqualTo(EchoCli.BAD_INPUT);
        assertThat(outside.err()).contains("9999");
    }

    /** llama.cpp's binding streams text, not ids: the ids are re-tokenized, and must still be the reference's. */
    @Test
    void aGgufFileRunsOnLlamaCpp() throws Exception {
        Path gguf = SharedModels.require("llm/stories260K/stories260K.gguf");
        Availability a = new LlamaCppProvider().availability(ProviderConfig.builder()
                .option("llamacpp.model", gguf.toString()).build());
        Assumptions.assumeTrue(a.available(), () -> "skipped: llama.cpp is not available here: " + a.reason());
        EchoCliTest.Result r = EchoCliTest.run("generate", "--model", gguf.toString(), "--prompt", "Once upon a time",
                "--max-tokens", "60", "--temperature", "0", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertThat(doc.get("engine").asText()).isEqualTo("llama.cpp");
        assertThat(doc.get("text").asText()).isEqualTo(REFERENCE_TEXT);
        assertThat(ints(doc.get("ids"))).containsExactly(REFERENCE_IDS);
    }
}

package dev.echollama.cli.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AxolotlConfigTest {
    @TempDir
    Path tmp;

    @Test
    void thirtyTwoSamplesAStepIsTheOnlyBatchThatGivesThePapers63Steps() {
        assertThat(AxolotlConfig.stepsPerEpoch(1_999, 32)).isEqualTo(63);
        assertThat(AxolotlConfig.stepsPerEpoch(1_999, 31)).isEqualTo(65);
        assertThat(AxolotlConfig.stepsPerEpoch(1_999, 33)).isEqualTo(61);
        assertThat(AxolotlConfig.GPUS * AxolotlConfig.MICRO_BATCH * AxolotlConfig.GRAD_ACCUMULATION).isEqualTo(32);
    }

    @Test
    void theConfigNamesTheDatasetAndCarriesThePapersFacts() throws Exception {
        Path data = tmp.resolve("my data #1/data.jsonl");
        Path file = tmp.resolve("cfg/axolotl.yml");
        AxolotlConfig.write(file, data);
        String y = Files.readString(file);
        assertThat(y).contains("  - path: \"" + data.toAbsolutePath().normalize() + "\"")
                .contains("type: llama3.prompt_pairs").contains("ds_type: json").contains("rl: dpo")
                .contains("base_model: meta-llama/Llama-3.2-1B-Instruct").contains("adapter: lora")
                .contains("num_epochs: 1").contains("63 steps on 1,999 samples").contains("2x NVIDIA T4")
                .contains("loss 0.204").contains("margin (chosen - rejected) 5.289")
                .contains("micro_batch_size: 4").contains("gradient_accumulation_steps: 4").contains("fp16: true");
        // every setting line is "key: value" or a list item; no tabs (YAML forbids them for indentation)
        Pattern setting = Pattern.compile("^( {0,4}(- )?[a-z0-9_]+:( .*)?)$");
        for (String line : y.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            assertThat(line).doesNotContain("\t").matches(setting);
        }
        assertThat(Files.list(file.getParent())).as("no temporary file left").hasSize(1);
    }

    @Test
    void yamlStringsEscapeQuotesAndBackslashes() {
        assertThat(AxolotlConfig.yamlString("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
    }
}

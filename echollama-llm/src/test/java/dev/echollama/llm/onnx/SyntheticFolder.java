package dev.echollama.llm.onnx;

import dev.echollama.testkit.SharedModels;
import dev.echollama.testkit.onnx.LlamaSpec;
import dev.echollama.testkit.onnx.SyntheticModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A model folder in the onnx-community layout ({@code onnx/<graph>}, {@code config.json},
 * {@code generation_config.json}, {@code tokenizer.json}, {@code tokenizer_config.json}) holding the testkit's
 * synthetic Llama-3.2-shaped graph and the real Llama 3 tokenizer from {@code shared/models/tokenizers/llama3}.
 */
final class SyntheticFolder {
    static final String LLAMA3_TOKENIZER = "tokenizers/llama3";
    /** meta-llama/Llama-3.2-1B-Instruct config.json values the SDK reads (MODELS.md §4.3). */
    static final String CONFIG = "{\"architectures\": [\"LlamaForCausalLM\"], \"bos_token_id\": 128000, "
            + "\"eos_token_id\": [128001, 128008, 128009], \"max_position_embeddings\": 131072, "
            + "\"num_hidden_layers\": 16, \"num_key_value_heads\": 8, \"head_dim\": 64, \"vocab_size\": 128256}";
    /** MODELS.md §4.4 generation_config.json. */
    static final String GENERATION_CONFIG = "{\"bos_token_id\": 128000, \"do_sample\": true, "
            + "\"eos_token_id\": [128001, 128008, 128009], \"temperature\": 0.6, \"top_p\": 0.9}";

    private SyntheticFolder() {
    }

    /** The Llama 3 tokenizer folder, or skips the test. */
    static Path tokenizerFolder() {
        return SharedModels.require(LLAMA3_TOKENIZER + "/tokenizer.json").getParent();
    }

    /** Writes the folder with one graph per spec under {@code onnx/}. */
    static Path create(Path dir, LlamaSpec... graphs) throws IOException {
        Path tokenizers = tokenizerFolder();
        Files.createDirectories(dir.resolve("onnx"));
        for (LlamaSpec spec : graphs) {
            SyntheticModels.llama32(dir.resolve("onnx"), spec);
        }
        for (String f : new String[] {"tokenizer.json", "tokenizer_config.json"}) {
            Files.copy(tokenizers.resolve(f), dir.resolve(f));
        }
        Files.writeString(dir.resolve("config.json"), CONFIG);
        Files.writeString(dir.resolve("generation_config.json"), GENERATION_CONFIG);
        return dir;
    }

    /**
     * The synthetic graph's greedy continuation (SyntheticModels.llama32): after prompt t_0..t_{n-1},
     * x_1 = t_{n-1} + n, x_{k+1} = x_k + n + k (mod V).
     */
    static int[] expected(int[] prompt, int count, int vocab) {
        int n = prompt.length;
        int[] out = new int[count];
        long x = prompt[n - 1];
        for (int k = 0; k < count; k++) {
            x = (x + n + k) % vocab;
            out[k] = (int) x;
        }
        return out;
    }
}

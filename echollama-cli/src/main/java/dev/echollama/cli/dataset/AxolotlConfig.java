package dev.echollama.cli.dataset;

import dev.echollama.BadInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes an Axolotl configuration that trains Llama-3.2-1B-Instruct with DPO and LoRA on a dataset written by
 * {@link DpoDatasetBuilder} in the {@link DpoLayout#STANDARD} layout (Axolotl's {@code llama3.prompt_pairs} type
 * reads its {@code system}, {@code prompt}, {@code chosen} and {@code rejected}). The paper's training facts are
 * comments; settings the paper does not give are marked as ours.
 */
public final class AxolotlConfig {
    /** The paper's training run (§6.1). */
    public static final int PAPER_SAMPLES = 1_999;
    public static final int PAPER_STEPS = 63;
    public static final int PAPER_EPOCHS = 1;

    /** Two GPUs × 4 per GPU × 4 accumulation steps = 32 samples a step: ceil(1999 / 32) = 63 steps, as in the paper. */
    static final int GPUS = 2;
    static final int MICRO_BATCH = 4;
    static final int GRAD_ACCUMULATION = 4;

    private AxolotlConfig() {
    }

    /** Optimizer steps of one epoch of {@code samples} with {@code perStep} samples per step. */
    public static int stepsPerEpoch(int samples, int perStep) {
        if (samples < 0 || perStep < 1) {
            throw new BadInputException("samples must be >= 0 and samples per step >= 1, got " + samples + " and "
                    + perStep);
        }
        return (samples + perStep - 1) / perStep;
    }

    /** The YAML text for {@code dataset} (written as an absolute path). */
    public static String render(Path dataset) {
        if (dataset == null) {
            throw new BadInputException("dataset path is null");
        }
        String path = dataset.toAbsolutePath().normalize().toString();
        int perStep = GPUS * MICRO_BATCH * GRAD_ACCUMULATION;
        String nl = "\n";
        StringBuilder y = new StringBuilder(2048);
        y.append("# Axolotl: DPO + LoRA for the EchoLLaMA scene narrator (paper section 6.1).").append(nl);
        y.append("# Written by `echollama dataset build --emit-axolotl-config`. Run: axolotl train <this file>").append(nl);
        y.append("#").append(nl);
        y.append("# The paper's run: Llama-3.2-1B-Instruct, DPO with LoRA, ").append(PAPER_EPOCHS)
                .append(" epoch = ").append(PAPER_STEPS).append(" steps on ").append(String.format(java.util.Locale.ROOT, "%,d", PAPER_SAMPLES))
                .append(" samples,").append(nl);
        y.append("# on 2x NVIDIA T4; final training loss 0.204, reward margin (chosen - rejected) 5.289.").append(nl);
        y.append("# The paper gives no batch size; ").append(PAPER_STEPS).append(" steps for ").append(PAPER_SAMPLES)
                .append(" samples means ").append(perStep).append(" samples a step").append(nl);
        y.append("# (ceil(").append(PAPER_SAMPLES).append(" / ").append(perStep).append(") = ")
                .append(stepsPerEpoch(PAPER_SAMPLES, perStep)).append("), hence ").append(GPUS).append(" GPUs x ")
                .append(MICRO_BATCH).append(" x ").append(GRAD_ACCUMULATION)
                .append(" accumulation below. Values marked (ours) are not").append(nl);
        y.append("# from the paper. T4s have no bfloat16: fp16.").append(nl);
        y.append(nl);
        y.append("base_model: meta-llama/Llama-3.2-1B-Instruct").append(nl);
        y.append("model_type: AutoModelForCausalLM").append(nl);
        y.append("tokenizer_type: AutoTokenizer").append(nl);
        y.append("chat_template: llama3").append(nl);
        y.append(nl);
        y.append("rl: dpo").append(nl);
        y.append("rl_beta: 0.1  # (ours: TRL's default)").append(nl);
        y.append("datasets:").append(nl);
        y.append("  - path: ").append(yamlString(path)).append(nl);
        y.append("    ds_type: json").append(nl);
        y.append("    split: train").append(nl);
        y.append("    type: llama3.prompt_pairs  # reads system, prompt, chosen, rejected").append(nl);
        y.append("dataset_prepared_path: last_run_prepared").append(nl);
        y.append("val_set_size: 0.0").append(nl);
        y.append("output_dir: ./outputs/echollama-llama-3.2-1b-dpo").append(nl);
        y.append(nl);
        y.append("adapter: lora").append(nl);
        y.append("lora_r: 16  # (ours)").append(nl);
        y.append("lora_alpha: 32  # (ours)").append(nl);
        y.append("lora_dropout: 0.05  # (ours)").append(nl);
        y.append("lora_target_linear: true").append(nl);
        y.append(nl);
        y.append("sequence_len: 2048  # prompt + a reply of up to 1024 tokens (max_tokens in section 6.1)").append(nl);
        y.append("sample_packing: false").append(nl);
        y.append("pad_to_sequence_len: false").append(nl);
        y.append(nl);
        y.append("num_epochs: ").append(PAPER_EPOCHS).append("  # paper").append(nl);
        y.append("micro_batch_size: ").append(MICRO_BATCH).append("  # per GPU; x ").append(GPUS)
                .append(" GPUs x ").append(GRAD_ACCUMULATION).append(" = ").append(perStep)
                .append(" samples a step -> ").append(PAPER_STEPS).append(" steps").append(nl);
        y.append("gradient_accumulation_steps: ").append(GRAD_ACCUMULATION).append(nl);
        y.append("optimizer: adamw_torch  # (ours)").append(nl);
        y.append("lr_scheduler: cosine  # (ours)").append(nl);
        y.append("learning_rate: 0.00005  # (ours)").append(nl);
        y.append("warmup_steps: 6  # (ours: about 10% of ").append(PAPER_STEPS).append(")").append(nl);
        y.append("fp16: true").append(nl);
        y.append("bf16: false").append(nl);
        y.append("tf32: false").append(nl);
        y.append("gradient_checkpointing: true").append(nl);
        y.append("logging_steps: 1").append(nl);
        y.append("save_strategy: epoch").append(nl);
        y.append("special_tokens:").append(nl);
        y.append("  pad_token: \"<|finetune_right_pad_id|>\"  # Llama 3.2 has no pad token of its own").append(nl);
        return y.toString();
    }

    /** Writes {@link #render} to {@code file} (through a temporary file and a rename, so never half a file). */
    public static void write(Path file, Path dataset) throws IOException {
        Path abs = file.toAbsolutePath();
        if (abs.getParent() != null) {
            Files.createDirectories(abs.getParent());
        }
        Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp");
        Files.writeString(tmp, render(dataset), StandardCharsets.UTF_8);
        try {
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.AtomicMoveNotSupportedException e) {
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** A double-quoted YAML scalar (paths may hold spaces, colons or #). */
    static String yamlString(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\x%02x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}

/**
 * The paper's §6.1 DPO dataset: {@link dev.echollama.cli.dataset.DpoDatasetBuilder} runs the vision stages on
 * each image, sends the §6.1 prompt to a chosen and a rejected model, and appends one
 * {@link dev.echollama.cli.dataset.DpoRecord} per image to a resumable JSON Lines file;
 * {@link dev.echollama.cli.dataset.AxolotlConfig} writes a DPO + LoRA training config for it. The
 * {@code echollama dataset build} command is a thin front end to these.
 */
package dev.echollama.cli.dataset;

/**
 * Llama 3.x scene language models on ONNX Runtime: {@link dev.echollama.llm.onnx.LlamaOnnxProvider}
 * ({@code llama-onnx}, Llama-3.2-1B-Instruct) and {@link dev.echollama.llm.onnx.SpatialLlamaProvider}
 * ({@code spatial-llama}, the paper's fine-tune), both creating a {@link dev.echollama.llm.onnx.LlamaOnnxModel}
 * on the generic KV-cache decoder of {@code echollama-onnx}, with the Llama 3 chat template and the model's own
 * tokenizer.
 */
package dev.echollama.llm.onnx;

/**
 * Scene language models. Providers (found through {@link java.util.ServiceLoader} as
 * {@link dev.echollama.language.SceneLanguageModelProvider}s):
 * <ul>
 *   <li>{@code grounded} ({@link dev.echollama.llm.grounded.GroundedNarratorProvider}, priority 5): no model; the
 *       offline default that never names an object the scene does not hold;</li>
 *   <li>{@code openai} ({@link dev.echollama.llm.openai.OpenAiCompatibleProvider}, priority 40): any
 *       OpenAI-compatible chat-completions server, when one is configured;</li>
 *   <li>{@code llama-onnx} ({@link dev.echollama.llm.onnx.LlamaOnnxProvider}, priority 55) and
 *       {@code spatial-llama} ({@link dev.echollama.llm.onnx.SpatialLlamaProvider}, priority 110): Llama-3.2-1B-Instruct
 *       and the paper's DPO fine-tune on the generic ONNX decoder;</li>
 *   <li>{@code llamacpp} ({@link dev.echollama.llm.llamacpp.LlamaCppProvider}, priority 60): GGUF files through
 *       llama.cpp.</li>
 * </ul>
 * {@link dev.echollama.onnx.text.Llama3ChatTemplate} renders the Llama 3.1 / 3.2 chat format.
 */
package dev.echollama.llm;

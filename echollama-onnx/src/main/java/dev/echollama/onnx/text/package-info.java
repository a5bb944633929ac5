/**
 * Text for the SDK's models: {@link dev.echollama.onnx.text.TextTokenizer} (Hugging Face tokenizer.json through
 * DJL, offline), {@link dev.echollama.onnx.text.StreamingDetokenizer} (token-by-token text that never splits a
 * character), and the prompt formats rendered in Java: {@link dev.echollama.onnx.text.Llama3ChatTemplate},
 * {@link dev.echollama.onnx.text.MoondreamPrompt} and {@link dev.echollama.onnx.text.WhisperPrompt}.
 */
package dev.echollama.onnx.text;

/** OpenAI-compatible chat completions over HTTP: see {@link dev.echollama.llm.openai.OpenAiCompatibleProvider}. */
package dev.echollama.llm.openai;

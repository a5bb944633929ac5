/** llama.cpp for GGUF files: see {@link dev.echollama.llm.llamacpp.LlamaCppProvider}. */
package dev.echollama.llm.llamacpp;

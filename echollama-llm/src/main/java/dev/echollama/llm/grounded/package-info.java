/** The model-free grounded narrator: see {@link dev.echollama.llm.grounded.GroundedNarratorProvider}. */
package dev.echollama.llm.grounded;

package dev.echollama.onnx.text;

import dev.echollama.testkit.SharedModels;

/**
 * One instance of each real tokenizer for the whole test JVM: the Llama 3 one takes seconds to load (9 MB of
 * JSON, parsed by DJL and for the vocabulary). Tests of loading and closing load their own.
 */
final class SharedTokenizers {
    private static TextTokenizer llama3;
    private static TextTokenizer stories;

    private SharedTokenizers() {
    }

    /** The Llama 3 tokenizer, or skips the test when ../shared is absent. */
    static synchronized TextTokenizer llama3() {
        if (llama3 == null) {
            llama3 = TextTokenizer.load(SharedModels.require(TextTokenizerTest.LLAMA3));
        }
        return llama3;
    }

    /** The stories260K tokenizer, or skips the test when ../shared is absent. */
    static synchronized TextTokenizer stories() {
        if (stories == null) {
            stories = TextTokenizer.load(SharedModels.require(TextTokenizerTest.STORIES));
        }
        return stories;
    }
}

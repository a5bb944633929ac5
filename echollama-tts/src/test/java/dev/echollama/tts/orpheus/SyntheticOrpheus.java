package dev.echollama.tts.orpheus;

import dev.echollama.model.ModelLocator;
import dev.echollama.spi.ProviderConfig;
import dev.echollama.testkit.SharedModels;
import dev.echollama.testkit.onnx.LlamaSpec;
import dev.echollama.testkit.onnx.SyntheticModels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Model folders for the provider made of synthetic graphs: a Llama-shaped decoder standing in for Orpheus
 * (vocabulary 156940, stop token 128258 once the sequence holds {@link #STOP_AT_LENGTH} tokens) with the real
 * Llama-3 tokenizer of shared/models, and the synthetic SNAC decoder, laid out as
 * {@code home/models/orpheus-3b-0.1-ft} and {@code home/models/snac-24khz}.
 *
 * <p>What the synthetic decoder generates after a prompt of n ids ending in 128257, from its Javadoc:
 * {@code x_1 = 128257 + n}, {@code x_{k+1} = (x_k + n + k) mod 156940}, and 128258 once the sequence holds
 * {@code L} tokens, i.e. after {@code L - n} generated tokens. These ids climb through the audio range and wrap
 * around the vocabulary, so only some stretches form valid frames. Fed through the reference streaming rules
 * ({@code decoder.py}, transliterated to Python in {@code src/test/resources/orpheus/reference_decoder.py}, run
 * offline as {@code python3 reference_decoder.py n 156940 L}), they give the counts below, which are that
 * script's output:
 * <ul>
 *   <li>"tara: Hello" (n = 10), L = 4000: 3990 generated tokens, 371 accepted codes, 50 windows, of which only
 *       the 12 completed at counts 294, 301, ..., 371 hold no code above 4095;</li>
 *   <li>{@link #LONG_TEXT} (n = 4039: "tara: " is t, ara, ":", then " la" is one token each), L = 4452: 413
 *       generated tokens, 84 accepted codes, 9 windows, all valid. A prompt this long makes the increments large
 *       enough for valid frames at once, so this is the cheap case the contract tests run many times.</li>
 * </ul>
 */
final class SyntheticOrpheus {
    static final int VOCAB = 156_940;
    static final int STOP_AT_LENGTH = 4000;
    static final int PROMPT_LENGTH = 10;
    static final int GENERATED = STOP_AT_LENGTH - PROMPT_LENGTH;
    static final int ACCEPTED_CODES = 371;
    static final int WINDOWS = 50;
    static final int VALID_WINDOWS = 12;
    /** The emitted frame (window frame 1) of each valid window, slots 0..6, from the reference script. */
    static final int[][] EMITTED_FRAMES = {
        {2102, 1415, 729, 44, 2773, 2091, 1410},
        {3011, 2370, 1730, 1091, 453, 3276, 2641},
        {2536, 1940, 1345, 751, 158, 3071, 2481},
        {542, 3535, 2985, 2436, 1888, 1341, 795},
        {484, 3565, 3059, 2554, 2050, 1547, 1045},
        {2362, 1898, 1435, 973, 512, 52, 3231},
        {2501, 2080, 1660, 1241, 823, 406, 3671},
        {772, 393, 15, 3358, 2983, 2609, 2236},
        {807, 470, 134, 3561, 3228, 2896, 2565},
        {2606, 2311, 2017, 1724, 1432, 1141, 851},
        {2327, 2073, 1820, 1568, 1317, 1067, 818},
        {3729, 3516, 3304, 3093, 2883, 2674, 2466},
    };

    /** 4030 words "la": with "tara: " a prompt of 4039 ids, one piece when the text token cap is 4096. */
    static final String LONG_TEXT = "la" + " la".repeat(4029);
    static final int LONG_STOP_AT_LENGTH = 4452;
    static final int LONG_GENERATED = 413;
    static final int LONG_WINDOWS = 9;
    static final int[][] LONG_EMITTED_FRAMES = {
        {1313, 1295, 1278, 1262, 1247, 1233, 1220},
        {40, 60, 81, 103, 126, 150, 175},
        {211, 269, 328, 388, 449, 511, 574},
        {1826, 1922, 2019, 2117, 2216, 2316, 2417},
        {656, 789, 923, 1058, 1194, 1331, 1469},
        {855, 1025, 1196, 1368, 1541, 1715, 1890},
        {2423, 2630, 2838, 3047, 3257, 3468, 3680},
        {1021, 1264, 1508, 1753, 1999, 2246, 2494},
        {915, 1194, 1474, 1755, 2037, 2320, 2604},
    };

    private SyntheticOrpheus() {
    }

    /** Writes both model folders under {@code home/models} (skips the test when the shared tokenizer is absent). */
    static ProviderConfig install(Path home, LlamaSpec spec) {
        Path tokenizer = SharedModels.require("tokenizers/llama3/tokenizer.json");
        Path lm = home.resolve("models").resolve(OrpheusSynthesizerProvider.MODEL_ID);
        Path snac = home.resolve("models").resolve(OrpheusSynthesizerProvider.SNAC_MODEL_ID);
        try {
            Files.createDirectories(lm);
            Files.copy(tokenizer, lm.resolve("tokenizer.json"));
            Files.copy(tokenizer.resolveSibling("tokenizer_config.json"), lm.resolve("tokenizer_config.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SyntheticModels.llama32(lm, spec);
        SyntheticModels.snacDecoder(snac);
        return ProviderConfig.builder().models(ModelLocator.withHome(home))
                .option(OrpheusSynthesizerProvider.MAX_NEW_TOKENS, String.valueOf(GENERATED + 10)).build();
    }

    /** Small caches (2 layers, 1 KV head, head size 2) so thousands of positions stay cheap; Orpheus' vocabulary. */
    static LlamaSpec smallSpec(int stopAtLength) {
        return LlamaSpec.builder().layers(2).kvHeads(1).headDim(2).vocabSize(VOCAB)
                .stopAt(stopAtLength, OrpheusPrompt.END_OF_SPEECH).build();
    }

    /**
     * The {@link #LONG_TEXT} case: stop at 4452, a text token cap of 4096, greedy (the synthetic logits make the
     * reference sampler pick the same ids; greedy skips its softmax over 156940 ids per step, which the many
     * contract calls would otherwise pay).
     */
    static ProviderConfig installLong(Path home) {
        // num_logits_to_keep (declared by some re-exports, MODELS.md §0.8) keeps the 4039-position prefill from
        // returning 4039 x 156940 logits
        LlamaSpec spec = smallSpec(LONG_STOP_AT_LENGTH).toBuilder().numLogitsToKeep(true).build();
        return install(home, spec).toBuilder()
                .option(OrpheusSynthesizerProvider.MAX_TEXT_TOKENS, "4096")
                .option(OrpheusSynthesizerProvider.TEMPERATURE, "0").build();
    }

    /** The synthetic SNAC decoder's 2048 samples for one frame with slot codes s (written from its Javadoc). */
    static float[] spelled(int[] s) {
        int[] c1 = {s[1], s[1], s[4], s[4]};
        int[] c2 = {s[2], s[3], s[5], s[6]};
        float[] out = new float[2048];
        for (int step = 0; step < 4; step++) {
            int base = 512 * step;
            java.util.Arrays.fill(out, base, base + 128, s[0] / 4096f);
            java.util.Arrays.fill(out, base + 128, base + 256, c1[step] / 4096f);
            java.util.Arrays.fill(out, base + 256, base + 384, c2[step] / 4096f);
            java.util.Arrays.fill(out, base + 384, base + 512, -0.5f);
        }
        return out;
    }

    /** The clip the synthetic models must give: the spelled frames end to end at 24 kHz. */
    static float[] spelledClip(int[][] frames) {
        float[] out = new float[frames.length * 2048];
        for (int i = 0; i < frames.length; i++) {
            System.arraycopy(spelled(frames[i]), 0, out, 2048 * i, 2048);
        }
        return out;
    }

    /** Orpheus-3B's cache shape (28 layers, 8 KV heads, head size 128), stopping early. */
    static LlamaSpec orpheusShapedSpec(int stopAtLength) {
        return LlamaSpec.builder().layers(28).kvHeads(8).headDim(128).vocabSize(VOCAB)
                .stopAt(stopAtLength, OrpheusPrompt.END_OF_SPEECH).build();
    }
}

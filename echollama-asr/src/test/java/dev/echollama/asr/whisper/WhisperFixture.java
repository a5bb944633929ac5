package dev.echollama.asr.whisper;

import dev.echollama.audio.AudioClip;
import dev.echollama.testkit.onnx.SyntheticModels;
import dev.echollama.testkit.onnx.WhisperSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A Whisper model folder made of the testkit's synthetic encoder and merged decoder (small caches: 2 layers of 2
 * heads of 8, so each step is cheap; vocabulary sizes as the real models) and a tiny GPT-2-style byte-level BPE
 * tokenizer.json written here whose only text tokens are: 0 {@code "!"}, 400 {@code " Hello"}, 500
 * {@code " world"}, 600 {@code "."} and 700 {@code " MISMATCH"} (the synthetic decoder's token for inconsistent
 * caches), plus Whisper's special tokens at their ids. The default speech script [400, 500, 600] reads
 * "Hello world.".
 */
final class WhisperFixture {
    static final String SPEECH_TEXT = "Hello world.";

    private WhisperFixture() {
    }

    static WhisperSpec.Builder spec(boolean englishOnly) {
        WhisperSpec.Builder b = WhisperSpec.builder().layers(2).heads(2).headDim(8).mismatchToken(700);
        return englishOnly ? b.englishOnly() : b;
    }

    /** Writes the folder for {@code spec} under {@code dir} and returns it. */
    static Path folder(Path dir, WhisperSpec spec) {
        try {
            Path onnx = Files.createDirectories(dir.resolve("onnx"));
            SyntheticModels.whisperEncoder(onnx, spec);
            SyntheticModels.whisperDecoder(onnx, spec);
            boolean multilingual = spec.vocabSize() != 51_864;
            Files.writeString(dir.resolve("tokenizer.json"), tokenizerJson(multilingual), StandardCharsets.UTF_8);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String tokenizerJson(boolean multilingual) {
        long eot = multilingual ? 50_257 : 50_256;
        Map<Long, String> special = new LinkedHashMap<>();
        special.put(eot, "<|endoftext|>");
        special.put(eot + 1, "<|startoftranscript|>");
        special.put(eot + 2, "<|en|>");
        special.put(eot + 3, "<|zh|>");
        special.put(eot + 4, "<|de|>");
        long translate = eot + 2 + 99;
        special.put(translate, "<|translate|>");
        special.put(translate + 1, "<|transcribe|>");
        special.put(translate + 2, "<|startoflm|>");
        special.put(translate + 3, "<|startofprev|>");
        special.put(translate + 4, "<|nocaptions|>");
        special.put(translate + 5, "<|notimestamps|>");
        List<String> added = new ArrayList<>();
        special.forEach((id, text) -> added.add("{\"id\":" + id + ",\"content\":\"" + text + "\",\"single_word\":false,"
                + "\"lstrip\":false,\"rstrip\":false,\"normalized\":false,\"special\":true}"));
        return "{\"version\":\"1.0\",\"truncation\":null,\"padding\":null,\"added_tokens\":[" + String.join(",", added)
                + "],\"normalizer\":null,"
                + "\"pre_tokenizer\":{\"type\":\"ByteLevel\",\"add_prefix_space\":false,\"trim_offsets\":true,"
                + "\"use_regex\":true},\"post_processor\":null,"
                + "\"decoder\":{\"type\":\"ByteLevel\",\"add_prefix_space\":true,\"trim_offsets\":true,"
                + "\"use_regex\":true},"
                + "\"model\":{\"type\":\"BPE\",\"dropout\":null,\"unk_token\":null,\"continuing_subword_prefix\":\"\","
                + "\"end_of_word_suffix\":\"\",\"fuse_unk\":false,\"byte_fallback\":false,"
                + "\"vocab\":{\"!\":0,\"\u0120Hello\":400,\"\u0120world\":500,\".\":600,\"\u0120MISMATCH\":700},"
                + "\"merges\":[]}}";
    }

    /** Gaussian noise of standard deviation {@code sigma}, reproducible. */
    static AudioClip noise(double seconds, double sigma, int rate, long seed) {
        Random r = new Random(seed);
        float[] s = new float[(int) Math.round(seconds * rate)];
        for (int i = 0; i < s.length; i++) {
            s[i] = (float) (r.nextGaussian() * sigma);
        }
        return AudioClip.of(s, rate);
    }
}

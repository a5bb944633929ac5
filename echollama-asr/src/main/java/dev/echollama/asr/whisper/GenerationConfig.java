package dev.echollama.asr.whisper;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.echollama.ModelCorruptException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The parts of a Hugging Face Whisper {@code generation_config.json} the transcriber uses; every field is optional.
 */
record GenerationConfig(Optional<Boolean> multilingual, Optional<int[]> suppressTokens,
                        Optional<int[]> beginSuppressTokens, OptionalLong decoderStartTokenId,
                        OptionalLong noTimestampsTokenId, OptionalInt maxLength, Map<String, Long> langToId) {

    static GenerationConfig empty() {
        return new GenerationConfig(Optional.empty(), Optional.empty(), Optional.empty(), OptionalLong.empty(),
                OptionalLong.empty(), OptionalInt.empty(), Map.of());
    }

    /** @throws ModelCorruptException if the file is not JSON or a known field has the wrong type */
    static GenerationConfig read(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new ModelCorruptException(file, "cannot read Whisper generation config " + file + ": "
                    + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new ModelCorruptException(file, file + " must hold a JSON object");
        }
        Map<String, Long> langs = new TreeMap<>();
        JsonNode l = root.get("lang_to_id");
        if (l != null && l.isObject()) {
            l.fields().forEachRemaining(e -> langs.put(e.getKey(), e.getValue().asLong()));
        }
        JsonNode multi = root.get("is_multilingual");
        return new GenerationConfig(
                multi != null && multi.isBoolean() ? Optional.of(multi.booleanValue()) : Optional.empty(),
                ids(root, "suppress_tokens", file), ids(root, "begin_suppress_tokens", file),
                longField(root, "decoder_start_token_id"), longField(root, "no_timestamps_token_id"),
                root.has("max_length") && root.get("max_length").canConvertToInt()
                        ? OptionalInt.of(root.get("max_length").intValue()) : OptionalInt.empty(),
                Map.copyOf(langs));
    }

    private static Optional<int[]> ids(JsonNode root, String field, Path file) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        if (!n.isArray()) {
            throw new ModelCorruptException(file, file + ": " + field + " must be an array of token ids, got " + n);
        }
        int[] out = new int[n.size()];
        for (int i = 0; i < out.length; i++) {
            if (!n.get(i).canConvertToInt() || n.get(i).intValue() < 0) {
                throw new ModelCorruptException(file, file + ": " + field + "[" + i + "] must be a token id, got "
                        + n.get(i));
            }
            out[i] = n.get(i).intValue();
        }
        return Optional.of(out);
    }

    private static OptionalLong longField(JsonNode root, String field) {
        JsonNode n = root.get(field);
        return n != null && n.canConvertToLong() ? OptionalLong.of(n.longValue()) : OptionalLong.empty();
    }
}

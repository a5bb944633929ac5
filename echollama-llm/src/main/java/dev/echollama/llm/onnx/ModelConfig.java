package dev.echollama.llm.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.echollama.ModelCorruptException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.OptionalInt;
import java.util.Set;

/**
 * What the SDK reads from a model's {@code config.json} and {@code generation_config.json}: the context window and
 * the end-of-generation ids. Everything else (layers, heads, cache types) comes from the ONNX session itself.
 *
 * @param maxPositionEmbeddings {@code max_position_embeddings} of config.json, if it has one
 * @param eosIds                {@code eos_token_id} of both files (a number or a list), in file order, without
 *                              duplicates; empty when neither names one
 * @param padId                 {@code pad_token_id} of either file, if one is given
 */
record ModelConfig(OptionalInt maxPositionEmbeddings, Set<Integer> eosIds, OptionalInt padId) {
    private static final ObjectMapper JSON = new ObjectMapper();

    ModelConfig {
        eosIds = Set.copyOf(eosIds);
    }

    /** Reads {@code config}, and {@code generationConfig} when that file exists. */
    static ModelConfig read(Path config, Path generationConfig) {
        JsonNode c = parse(config);
        JsonNode g = Files.isRegularFile(generationConfig) ? parse(generationConfig) : JSON.createObjectNode();
        OptionalInt context = intField(c, "max_position_embeddings", config);
        Set<Integer> eos = new LinkedHashSet<>();
        addIds(c.get("eos_token_id"), eos, config);
        addIds(g.get("eos_token_id"), eos, generationConfig);
        OptionalInt pad = intField(g, "pad_token_id", generationConfig);
        if (pad.isEmpty()) {
            pad = intField(c, "pad_token_id", config);
        }
        return new ModelConfig(context, eos, pad);
    }

    private static JsonNode parse(Path file) {
        try {
            JsonNode n = JSON.readTree(Files.readString(file));
            if (n == null || !n.isObject()) {
                throw new ModelCorruptException(file, file + " is not a JSON object");
            }
            return n;
        } catch (IOException e) {
            throw new ModelCorruptException(file, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static OptionalInt intField(JsonNode n, String name, Path file) {
        JsonNode v = n.get(name);
        if (v == null || v.isNull()) {
            return OptionalInt.empty();
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < 0) {
            throw new ModelCorruptException(file, file + ": " + name + " must be a non-negative integer, got " + v);
        }
        return OptionalInt.of(v.asInt());
    }

    private static void addIds(JsonNode v, Set<Integer> into, Path file) {
        if (v == null || v.isNull()) {
            return;
        }
        if (v.isArray()) {
            for (JsonNode e : v) {
                addIds(e, into, file);
            }
            return;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 0) {
            throw new ModelCorruptException(file, file + ": eos_token_id must be a token id or a list of them, got "
                    + v);
        }
        into.add(v.asInt());
    }
}

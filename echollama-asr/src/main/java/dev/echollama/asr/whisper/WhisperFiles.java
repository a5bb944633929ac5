package dev.echollama.asr.whisper;

import dev.echollama.ModelMissingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where the files of a Whisper export are in a model folder (MODELS.md §7.1, §0.1): {@code onnx/encoder_model<s>.onnx}
 * and {@code onnx/decoder_model_merged<s>.onnx} for a variant suffix {@code <s>} (also accepted directly in the
 * folder), {@code tokenizer.json}, and the optional {@code generation_config.json} / {@code config.json}.
 *
 * @param folder           the model folder
 * @param variant          the variant name ({@code fp32}, {@code quantized}, ...)
 * @param encoder          the encoder graph
 * @param decoder          the merged decoder graph
 * @param tokenizer        tokenizer.json
 * @param generationConfig generation_config.json, if present
 * @param config           config.json, if present
 */
record WhisperFiles(Path folder, String variant, Path encoder, Path decoder, Path tokenizer,
                    Optional<Path> generationConfig, Optional<Path> config) {

    /** Variant name to file-name suffix, in the order tried when none is asked for (the catalogue's default first). */
    static final Map<String, String> VARIANTS = variants();

    private static Map<String, String> variants() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("quantized", "_quantized");
        m.put("fp32", "");
        m.put("fp16", "_fp16");
        m.put("int8", "_int8");
        m.put("uint8", "_uint8");
        m.put("q4", "_q4");
        m.put("q4f16", "_q4f16");
        m.put("bnb4", "_bnb4");
        return m;
    }

    /**
     * Finds the files of {@code variant} (null: the first variant whose encoder and decoder are both present).
     *
     * @throws ModelMissingException naming every path tried and how to fetch the model
     */
    static WhisperFiles find(Path folder, String variant, String modelId) {
        Optional<WhisperFiles> found = tryFind(folder, variant);
        if (found.isPresent()) {
            return found.get();
        }
        throw new ModelMissingException(folder, "Whisper model '" + modelId + "' in " + folder + " is incomplete: "
                + problem(folder, variant) + ". Get it with: echollama models fetch " + modelId);
    }

    static Optional<WhisperFiles> tryFind(Path folder, String variant) {
        if (!Files.isDirectory(folder)) {
            return Optional.empty();
        }
        Path tokenizer = folder.resolve("tokenizer.json");
        if (!Files.isRegularFile(tokenizer)) {
            return Optional.empty();
        }
        List<String> names = variant == null ? List.copyOf(VARIANTS.keySet())
                : List.of(variant.toLowerCase(Locale.ROOT));
        for (String name : names) {
            String suffix = VARIANTS.get(name);
            if (suffix == null) {
                return Optional.empty();
            }
            Optional<Path> enc = graph(folder, "encoder_model" + suffix + ".onnx");
            Optional<Path> dec = graph(folder, "decoder_model_merged" + suffix + ".onnx");
            if (enc.isPresent() && dec.isPresent()) {
                return Optional.of(new WhisperFiles(folder, name, enc.get(), dec.get(), tokenizer,
                        optional(folder.resolve("generation_config.json")), optional(folder.resolve("config.json"))));
            }
        }
        return Optional.empty();
    }

    /** Why {@link #tryFind} found nothing, as a phrase. */
    static String problem(Path folder, String variant) {
        if (!Files.isDirectory(folder)) {
            return folder + " is not a folder";
        }
        List<String> missing = new ArrayList<>();
        if (!Files.isRegularFile(folder.resolve("tokenizer.json"))) {
            missing.add(folder.resolve("tokenizer.json").toString());
        }
        if (variant != null && !VARIANTS.containsKey(variant.toLowerCase(Locale.ROOT))) {
            return "unknown variant '" + variant + "' (known: " + VARIANTS.keySet() + ")";
        }
        String suffix = variant == null ? "<variant>" : VARIANTS.get(variant.toLowerCase(Locale.ROOT));
        String v = variant == null ? "any of " + VARIANTS.keySet() : "variant " + variant;
        missing.add("onnx/encoder_model" + suffix + ".onnx and onnx/decoder_model_merged" + suffix + ".onnx for " + v);
        return "missing " + String.join(", ", missing);
    }

    private static Optional<Path> graph(Path folder, String name) {
        for (Path p : List.of(folder.resolve("onnx").resolve(name), folder.resolve(name))) {
            if (Files.isRegularFile(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static Optional<Path> optional(Path p) {
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }
}

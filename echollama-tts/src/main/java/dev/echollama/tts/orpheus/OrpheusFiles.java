package dev.echollama.tts.orpheus;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where the files of the two models sit in their folders. The Orpheus ONNX export's file list is UNCONFIRMED
 * (MODELS.md §5.6, §8.6), so the speech LM is looked for under the variant names of the HF/Xenova exports
 * ({@code onnx/model<suffix>.onnx}, MODELS.md §0.1) and at the folder's top level; the tokenizer is
 * {@code tokenizer.json} next to them. The SNAC decoder is {@code onnx/decoder_model.onnx} (transformers.js'
 * name), {@code decoder_model.onnx}, or the path itself when it names a file.
 */
final class OrpheusFiles {
    /** Variant name to file suffix (MODELS.md §0.1), in the order tried when no variant is asked for. */
    static final Map<String, String> VARIANTS;

    static {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("q4f16", "_q4f16"); // the catalogue's default download
        m.put("q4", "_q4");
        m.put("quantized", "_quantized");
        m.put("int8", "_int8");
        m.put("uint8", "_uint8");
        m.put("fp16", "_fp16");
        m.put("fp32", "");
        m.put("bnb4", "_bnb4");
        VARIANTS = java.util.Collections.unmodifiableMap(m);
    }

    static final String TOKENIZER = "tokenizer.json";

    private OrpheusFiles() {
    }

    /** Where the LM file of {@code variant} (or of any variant when empty) may be, in the order tried. */
    static List<Path> lmCandidates(Path folder, Optional<String> variant) {
        List<Path> out = new ArrayList<>();
        if (variant.isPresent()) {
            String suffix = VARIANTS.get(variant.get().strip().toLowerCase(Locale.ROOT));
            if (suffix == null) {
                return out;
            }
            out.add(folder.resolve("onnx").resolve("model" + suffix + ".onnx"));
            out.add(folder.resolve("model" + suffix + ".onnx"));
            return out;
        }
        for (String suffix : VARIANTS.values()) {
            out.add(folder.resolve("onnx").resolve("model" + suffix + ".onnx"));
            out.add(folder.resolve("model" + suffix + ".onnx"));
        }
        return out;
    }

    /** The speech LM's ONNX file, if one is there. */
    static Optional<Path> lm(Path folder, Optional<String> variant) {
        return lmCandidates(folder, variant).stream().filter(Files::isRegularFile).findFirst();
    }

    /** Whether {@code variant} is a known variant name. */
    static boolean knownVariant(String variant) {
        return VARIANTS.containsKey(variant.strip().toLowerCase(Locale.ROOT));
    }

    static Path tokenizer(Path folder) {
        return folder.resolve(TOKENIZER);
    }

    static List<Path> snacCandidates(Path folderOrFile) {
        if (Files.isRegularFile(folderOrFile)) {
            return List.of(folderOrFile);
        }
        return List.of(folderOrFile.resolve("onnx").resolve("decoder_model.onnx"),
                folderOrFile.resolve("decoder_model.onnx"));
    }

    /** The SNAC decoder's ONNX file, if one is there. */
    static Optional<Path> snac(Path folderOrFile) {
        return snacCandidates(folderOrFile).stream().filter(Files::isRegularFile).findFirst();
    }
}

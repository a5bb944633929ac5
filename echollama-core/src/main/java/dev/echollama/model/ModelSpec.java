package dev.echollama.model;

import dev.echollama.BadInputException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model the SDK knows: its id, where it comes from, its licence and its files per variant.
 *
 * @param id             stable id such as {@code yolox-nano}; also the folder name under the model home
 * @param description    one line
 * @param source         where the files are downloaded from
 * @param pinned         true when {@link ModelSource.HuggingFace#revision()} is a commit (reproducible);
 *                       false where no commit was known when the catalogue was written ({@code main})
 * @param licence        the licence as stated upstream (not legal advice)
 * @param variants       variant name to its files (config and tokenizer files included), insertion-ordered
 * @param defaultVariant the variant fetched when none is named
 */
public record ModelSpec(String id, String description, ModelSource source, boolean pinned, String licence,
                        Map<String, List<ModelFile>> variants, String defaultVariant) {
    public ModelSpec {
        if (id == null || !id.matches("[a-z0-9][a-z0-9._-]*")) {
            throw new BadInputException("model id must be lower-case letters, digits, '.', '_' or '-', got '" + id + "'");
        }
        if (source == null || licence == null || description == null) {
            throw new BadInputException("model " + id + " needs a source, a licence and a description");
        }
        if (variants == null || variants.isEmpty()) {
            throw new BadInputException("model " + id + " has no variants");
        }
        Map<String, List<ModelFile>> copy = new LinkedHashMap<>();
        variants.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        variants = java.util.Collections.unmodifiableMap(copy);
        if (!variants.containsKey(defaultVariant)) {
            throw new BadInputException("model " + id + ": default variant '" + defaultVariant + "' is not one of "
                    + variants.keySet());
        }
    }

    /** The files of a variant, or a BadInputException listing the variants there are. */
    public List<ModelFile> files(String variant) {
        List<ModelFile> files = variants.get(variant == null ? defaultVariant : variant);
        if (files == null) {
            throw new BadInputException("model " + id + " has no variant '" + variant + "'; variants: "
                    + variants.keySet());
        }
        return files;
    }
}

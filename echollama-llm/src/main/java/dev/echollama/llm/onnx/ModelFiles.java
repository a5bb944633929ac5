package dev.echollama.llm.onnx;

import dev.echollama.BadInputException;
import dev.echollama.ModelMissingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where the files of one Llama ONNX model are. Two layouts are accepted: the Hugging Face repository layout of
 * onnx-community ({@code config.json}, {@code tokenizer.json} at the top, graphs under {@code onnx/}) and a flat
 * folder with the graph beside them (as {@code shared/models/llm/stories260K}). The path may also be the
 * {@code .onnx} file itself; the tokenizer and config are then looked for beside it, or one level up when the file
 * sits in an {@code onnx/} folder.
 *
 * @param root             the folder holding {@code tokenizer.json} and {@code config.json}
 * @param graph            the ONNX file to load
 * @param variant          which export variant the file is, empty for a file whose name is not one of ours
 * @param tokenizer        {@code root/tokenizer.json}
 * @param config           {@code root/config.json}
 * @param generationConfig {@code root/generation_config.json}, which may not exist
 */
record ModelFiles(Path root, Path graph, Optional<Variant> variant, Path tokenizer, Path config,
                  Path generationConfig) {
    static final String ONNX_FOLDER = "onnx";
    static final String TOKENIZER = "tokenizer.json";
    static final String CONFIG = "config.json";
    static final String GENERATION_CONFIG = "generation_config.json";

    /**
     * Finds the files under {@code path} without opening any of them.
     *
     * @param wanted the variant to use, or null for the first present in {@link Variant}'s order
     * @throws ModelMissingException when the graph, the tokenizer or the config is not there; the message lists
     *                               what was looked for
     * @throws BadInputException     when {@code path} is a file that is not an ONNX graph
     */
    static ModelFiles locate(Path path, Variant wanted) {
        Path p = path.toAbsolutePath().normalize();
        if (!Files.exists(p)) {
            throw new ModelMissingException(p, p + " does not exist");
        }
        Path graph;
        Path root;
        Optional<Variant> variant;
        if (Files.isDirectory(p)) {
            root = p;
            if (wanted != null) {
                graph = candidates(p, wanted).stream().filter(Files::isRegularFile).findFirst()
                        .orElseThrow(() -> new ModelMissingException(p, "variant " + wanted.label() + " is not in "
                                + p + ": looked for " + relative(p, candidates(p, wanted)) + "; present: "
                                + present(p)));
                variant = Optional.of(wanted);
            } else {
                Optional<Variant> best = presentVariants(p).stream().findFirst();
                if (best.isEmpty()) {
                    boolean weights = Files.exists(p.resolve("model.safetensors"));
                    throw new ModelMissingException(p, p + " holds no ONNX export: looked for "
                            + "onnx/model{,_fp16,_q4f16,_q4,_quantized,_int8,_uint8,_bnb4}.onnx, the same names at "
                            + "the top, and decoder_model_merged*.onnx" + (weights
                            ? " (it holds model.safetensors: export it to ONNX with optimum-cli export onnx "
                            + "--task text-generation-with-past, see the README)" : ""));
                }
                variant = best;
                graph = candidates(p, best.get()).stream().filter(Files::isRegularFile).findFirst().orElseThrow();
            }
        } else {
            String name = p.getFileName().toString();
            if (!name.toLowerCase(Locale.ROOT).endsWith(".onnx")) {
                throw new BadInputException(p + " is not an ONNX graph (expected a .onnx file or a model folder"
                        + (name.toLowerCase(Locale.ROOT).endsWith(".gguf") ? "; GGUF files run on the llamacpp provider"
                        : "") + ")");
            }
            graph = p;
            Path parent = p.getParent();
            root = !Files.exists(parent.resolve(TOKENIZER)) && parent.getFileName() != null
                    && parent.getFileName().toString().equals(ONNX_FOLDER) && parent.getParent() != null
                    ? parent.getParent() : parent;
            variant = Variant.ofFileName(name);
        }
        Path tokenizer = root.resolve(TOKENIZER);
        Path config = root.resolve(CONFIG);
        List<String> missing = new ArrayList<>();
        if (!Files.isRegularFile(tokenizer)) {
            missing.add(TOKENIZER);
        }
        if (!Files.isRegularFile(config)) {
            missing.add(CONFIG);
        }
        if (!missing.isEmpty()) {
            throw new ModelMissingException(root.resolve(missing.get(0)), "the ONNX graph " + graph + " needs "
                    + String.join(" and ", missing) + " in " + root + " (the model repository's own files)");
        }
        return new ModelFiles(root, graph, variant, tokenizer, config, root.resolve(GENERATION_CONFIG));
    }

    /** The variants whose graph is in {@code folder}, best first. */
    static List<Variant> presentVariants(Path folder) {
        List<Variant> out = new ArrayList<>();
        for (Variant v : Variant.values()) {
            if (candidates(folder, v).stream().anyMatch(Files::isRegularFile)) {
                out.add(v);
            }
        }
        return out;
    }

    private static List<Path> candidates(Path folder, Variant v) {
        List<Path> out = new ArrayList<>(4);
        for (String name : v.fileNames()) {
            out.add(folder.resolve(ONNX_FOLDER).resolve(name));
            out.add(folder.resolve(name));
        }
        return out;
    }

    private static String present(Path folder) {
        List<Variant> vs = presentVariants(folder);
        return vs.isEmpty() ? "none" : vs.stream().map(Variant::label).toList().toString();
    }

    private static String relative(Path folder, List<Path> paths) {
        return paths.stream().map(q -> folder.relativize(q).toString()).toList().toString();
    }

    /** The variant's label, or the file name for a graph that is none of ours. */
    String variantLabel() {
        return variant.map(Variant::label).orElse(graph.getFileName().toString());
    }
}

package dev.echollama.vision.moondream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.echollama.BadInputException;
import dev.echollama.ModelCorruptException;
import dev.echollama.ModelMissingException;
import dev.echollama.onnx.OnnxModel;
import dev.echollama.onnx.OnnxSessionConfig;
import dev.echollama.onnx.decoder.SamplingConfig;
import dev.echollama.onnx.text.MoondreamPrompt;
import dev.echollama.onnx.text.TextTokenizer;
import dev.echollama.onnx.tensor.ImagePreprocessor;
import dev.echollama.spi.Availability;
import dev.echollama.spi.ProviderConfig;
import dev.echollama.vision.Captioner;
import dev.echollama.vision.CaptionerProvider;
import dev.echollama.vision.internal.ImageProcessorConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Moondream2 ({@code moondream2}), the paper's captioner, from the three-file Xenova/moondream2 ONNX export
 * (the fixed 378×378, 729-image-token version; MODELS.md §3).
 *
 * <h2>Model</h2>
 * Model id {@code moondream2}: the export's folder, holding {@code tokenizer.json} (with
 * {@code tokenizer_config.json}, {@code generation_config.json}, {@code preprocessor_config.json} when present) and
 * under {@code onnx/} one set of graphs chosen by option {@code moondream2.variant}:
 * <ul>
 *   <li>{@code fp32}: {@code vision_encoder.onnx}, {@code embed_tokens.onnx}, {@code decoder_model_merged.onnx}</li>
 *   <li>{@code q4} (what {@code echollama models fetch moondream2} gets by default): {@code vision_encoder_fp16.onnx},
 *       {@code embed_tokens_fp16.onnx}, {@code decoder_model_merged_q4.onnx}</li>
 *   <li>{@code fp16}: the three {@code _fp16} files</li>
 * </ul>
 * Without the option the first complete set in that order is used. Point at a copy with
 * {@code --model-dir moondream2=PATH}.
 *
 * <h2>Processing</h2>
 * The image is resized to 378×378 (bicubic, aspect not kept), ×1/255, mean = std = 0.5, and encoded into image
 * rows (729 × 2048 for the real model). The prompt is upstream's {@code "<image>\n\nQuestion: {q}\n\nAnswer:"}
 * with {@code q} = option {@code moondream2.prompt} (default "Describe this image."): BOS first, the text around
 * {@code <image>} tokenized without special tokens and embedded by {@code embed_tokens}, and the image rows spliced
 * in where {@code <image>} stands. The merged decoder then runs on the generic KV-cache loop with
 * {@code inputs_embeds}: greedy by default (option {@code moondream2.temperature} &gt; 0 samples), at most
 * {@code moondream2.max-tokens} new tokens (default 128, upstream's), stopping at {@code <|endoftext|>} (the
 * ids of {@code generation_config.json}'s {@code eos_token_id} when present). Element types (float16 image
 * features, embeddings and cache in the fp16/q4 files) are read from the sessions.
 *
 * <p>The captioner does not look at detections ({@link Captioner#usesEvidence()} is false). Thread-safe; it owns
 * its three sessions and the tokenizer: close it.
 */
public final class MoondreamCaptionerProvider implements CaptionerProvider {
    /** The model id resolved through {@link ProviderConfig#models()}. */
    public static final String MODEL_ID = "moondream2";
    /** The default question. */
    public static final String DEFAULT_PROMPT = "Describe this image.";
    /** Upstream's default {@code max_new_tokens}. */
    public static final int DEFAULT_MAX_TOKENS = 128;

    private static final long ENDOFTEXT = MoondreamPrompt.BOS_ID;

    /** One complete set of graph files, relative to the model folder. */
    record Variant(String name, String vision, String embed, String decoder) {
        List<String> files() {
            return List.of(vision, embed, decoder);
        }
    }

    static final List<Variant> VARIANTS = List.of(
            new Variant("fp32", "onnx/vision_encoder.onnx", "onnx/embed_tokens.onnx", "onnx/decoder_model_merged.onnx"),
            new Variant("q4", "onnx/vision_encoder_fp16.onnx", "onnx/embed_tokens_fp16.onnx",
                    "onnx/decoder_model_merged_q4.onnx"),
            new Variant("fp16", "onnx/vision_encoder_fp16.onnx", "onnx/embed_tokens_fp16.onnx",
                    "onnx/decoder_model_merged_fp16.onnx"));

    @Override
    public String name() {
        return "moondream2";
    }

    @Override
    public int priority() {
        return 110;
    }

    @Override
    public String description() {
        return "Moondream2 image captioner, the paper's (ONNX, model " + MODEL_ID + ")";
    }

    @Override
    public Availability availability(ProviderConfig config) {
        try {
            Optional<Path> root = config.findModel(MODEL_ID);
            if (root.isEmpty()) {
                return Availability.no("model '" + MODEL_ID + "' not found; looked in "
                        + config.models().candidates(MODEL_ID) + how());
            }
            return Availability.yes(MODEL_ID + " " + choose(config, root.get()).name() + " at " + root.get());
        } catch (RuntimeException e) {
            return Availability.no(e.getMessage());
        }
    }

    private static String how() {
        return ". Get it with: echollama models fetch " + MODEL_ID + ", or point at a copy with --model-dir "
                + MODEL_ID + "=PATH (the export's folder: tokenizer.json and onnx/vision_encoder*.onnx, "
                + "onnx/embed_tokens*.onnx, onnx/decoder_model_merged*.onnx)";
    }

    /** The variant to load: the one asked for, which must be complete, or the first complete one. */
    static Variant choose(ProviderConfig config, Path root) {
        if (!Files.isDirectory(root)) {
            throw new ModelMissingException(root, "model '" + MODEL_ID + "' must be a folder (three graphs and a "
                    + "tokenizer), got the file " + root + how());
        }
        if (!Files.isRegularFile(root.resolve("tokenizer.json"))) {
            throw new ModelMissingException(root.resolve("tokenizer.json"), "model '" + MODEL_ID + "' folder " + root
                    + " has no tokenizer.json" + how());
        }
        Optional<String> asked = config.option("moondream2.variant").map(v -> v.strip().toLowerCase(Locale.ROOT));
        List<String> missing = new ArrayList<>();
        for (Variant v : VARIANTS) {
            if (asked.isPresent() && !asked.get().equals(v.name())) {
                continue;
            }
            List<String> absent = v.files().stream().filter(f -> !Files.isRegularFile(root.resolve(f))).toList();
            if (absent.isEmpty()) {
                return v;
            }
            missing.add(v.name() + " lacks " + absent);
        }
        if (asked.isPresent() && missing.isEmpty()) {
            throw new BadInputException("option moondream2.variant must be fp32, q4 or fp16, got '" + asked.get() + "'");
        }
        throw new ModelMissingException(root, "model '" + MODEL_ID + "' folder " + root + " holds no complete set "
                + "of graphs (" + String.join("; ", missing) + ")" + how());
    }

    @Override
    public Captioner create(ProviderConfig config) {
        String question = config.option("moondream2.prompt").orElse(DEFAULT_PROMPT);
        if (question.isBlank()) {
            throw new BadInputException("option moondream2.prompt is blank");
        }
        int maxTokens = config.intOption("moondream2.max-tokens").orElse(DEFAULT_MAX_TOKENS);
        if (maxTokens < 1 || maxTokens > 2048) {
            throw new BadInputException("option moondream2.max-tokens must be in [1, 2048], got " + maxTokens);
        }
        double temperature = config.doubleOption("moondream2.temperature").orElse(0);
        if (!(temperature >= 0 && temperature <= 10)) {
            throw new BadInputException("option moondream2.temperature must be in [0, 10], got " + temperature);
        }
        SamplingConfig sampling = temperature == 0 ? SamplingConfig.greedy() : SamplingConfig.ofTemperature(temperature);
        Path root = config.requireModel(MODEL_ID);
        Variant variant = choose(config, root);
        ImagePreprocessor preprocessor = preprocessor(root);
        OnnxSessionConfig session = OnnxSessionConfig.from(config);
        OnnxModel vision = null;
        OnnxModel embed = null;
        OnnxModel decoder = null;
        TextTokenizer tokenizer = null;
        try {
            vision = OnnxModel.open(root.resolve(variant.vision()), session);
            embed = OnnxModel.open(root.resolve(variant.embed()), session);
            decoder = OnnxModel.open(root.resolve(variant.decoder()), session);
            tokenizer = TextTokenizer.load(root);
        } catch (RuntimeException e) {
            new MoondreamCaptioner.Parts(vision, embed, decoder, tokenizer, preprocessor).closeAll();
            throw e;
        }
        Path generation = root.resolve("generation_config.json");
        long bos = readIds(generation, "bos_token_id").stream().findFirst()
                .orElse(tokenizer.specialTokens().bosId().orElse(ENDOFTEXT));
        Set<Long> stops = new LinkedHashSet<>(readIds(generation, "eos_token_id"));
        if (stops.isEmpty()) {
            stops.add(tokenizer.specialTokens().eosId().orElse(ENDOFTEXT));
        }
        int[] stopIds = stops.stream().mapToInt(Long::intValue).toArray();
        return new MoondreamCaptioner(new MoondreamCaptioner.Parts(vision, embed, decoder, tokenizer, preprocessor),
                bos, stopIds, question, maxTokens, sampling);
    }

    private static ImagePreprocessor preprocessor(Path root) {
        ImagePreprocessor.Builder defaults = ImagePreprocessor.builder()
                .resize(378, 378)
                .interpolation(ImagePreprocessor.Interpolation.BICUBIC)
                .rescale(1.0 / 255)
                .normalize(new double[] {0.5, 0.5, 0.5}, new double[] {0.5, 0.5, 0.5});
        Path pre = root.resolve("preprocessor_config.json");
        if (!Files.isRegularFile(pre)) {
            return defaults.build();
        }
        return ImageProcessorConfig.build(pre, ImageProcessorConfig.read(pre, defaults,
                new ImageProcessorConfig.Defaults(true, 1.0 / 255, new double[] {0.5, 0.5, 0.5},
                        new double[] {0.5, 0.5, 0.5})));
    }

    /** An int or a list of ints under {@code key}; empty when the file or the key is absent. */
    static List<Long> readIds(Path file, String key) {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        JsonNode node;
        try {
            node = new ObjectMapper().readTree(Files.readString(file));
        } catch (IOException e) {
            throw new ModelCorruptException(file, "cannot read " + file + " as JSON: " + e.getMessage(), e);
        }
        JsonNode v = node == null ? null : node.get(key);
        if (v == null || v.isNull()) {
            return List.of();
        }
        List<Long> ids = new ArrayList<>();
        for (JsonNode n : v.isArray() ? v : List.of(v)) {
            if (!n.canConvertToLong() || !n.isIntegralNumber() || n.asLong() < 0) {
                throw new ModelCorruptException(file, file + ": " + key + " must be a token id or a list of them, got "
                        + v);
            }
            ids.add(n.asLong());
        }
        return ids;
    }
}

package dev.echollama.vision.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.echollama.BadInputException;
import dev.echollama.ModelCorruptException;
import dev.echollama.onnx.tensor.ImagePreprocessor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Turns a Hugging Face {@code preprocessor_config.json} into an {@link ImagePreprocessor}: resize (fixed
 * {@code height}/{@code width}, or {@code shortest_edge}/{@code longest_edge}, or the old {@code size} +
 * {@code max_size}), {@code resample} 2 (bilinear) or 3 (bicubic), {@code do_rescale}/{@code rescale_factor},
 * {@code do_normalize}/{@code image_mean}/{@code image_std}. Keys the file leaves out keep the defaults the caller
 * starts from (the model's published values), so a folder without the file behaves like one with it.
 */
public final class ImageProcessorConfig {
    private ImageProcessorConfig() {
    }

    /**
     * Applies {@code file}'s settings on top of {@code defaults}.
     *
     * @throws ModelCorruptException naming the file when it is not JSON or a value is unusable
     */
    public static ImagePreprocessor.Builder read(Path file, ImagePreprocessor.Builder defaults, Defaults d) {
        JsonNode n;
        try {
            n = new ObjectMapper().readTree(Files.readString(file));
        } catch (IOException e) {
            throw new ModelCorruptException(file, "cannot read " + file + " as JSON: " + e.getMessage(), e);
        }
        if (n == null || !n.isObject()) {
            throw new ModelCorruptException(file, file + " is not a JSON object");
        }
        ImagePreprocessor.Builder b = defaults;
        if (n.path("do_resize").asBoolean(true)) {
            JsonNode size = n.path("size");
            if (size.isObject() && size.has("shortest_edge")) {
                // No longest_edge: nothing caps the long side (transformers' and transformers.js's reading alike).
                b.resizeShortestEdge(size.path("shortest_edge").asInt(),
                        size.path("longest_edge").asInt(Integer.MAX_VALUE));
            } else if (size.isObject() && size.has("height") && size.has("width")) {
                b.resize(size.path("width").asInt(), size.path("height").asInt());
            } else if (size.isInt()) {
                if (n.has("max_size")) {
                    b.resizeShortestEdge(size.asInt(), n.path("max_size").asInt());
                } else if (d.fixedSize()) {
                    b.resize(size.asInt(), size.asInt());
                } else { // transformers.js reads a bare N as the short side, the long one capped at N as well
                    b.resizeShortestEdge(size.asInt(), size.asInt());
                }
            }
        }
        if (n.has("resample")) {
            int resample = n.path("resample").asInt(-1);
            b.interpolation(switch (resample) {
                case 2 -> ImagePreprocessor.Interpolation.BILINEAR;
                case 3 -> ImagePreprocessor.Interpolation.BICUBIC;
                default -> throw new ModelCorruptException(file, file + ": resample must be 2 (bilinear) or 3 "
                        + "(bicubic), got " + n.path("resample"));
            });
        }
        double rescale = n.path("do_rescale").asBoolean(true) ? n.path("rescale_factor").asDouble(d.rescale()) : 1.0;
        b.rescale(rescale);
        if (n.path("do_normalize").asBoolean(true)) {
            b.normalize(triple(file, n.path("image_mean"), d.mean(), "image_mean"),
                    triple(file, n.path("image_std"), d.std(), "image_std"));
        } else {
            b.normalize(new double[] {0, 0, 0}, new double[] {1, 1, 1});
        }
        return b;
    }

    /** Builds, turning a bad value into a {@link ModelCorruptException} that names the file. */
    public static ImagePreprocessor build(Path file, ImagePreprocessor.Builder b) {
        try {
            return b.build();
        } catch (BadInputException e) {
            throw new ModelCorruptException(file, file + ": " + e.getMessage(), e);
        }
    }

    private static double[] triple(Path file, JsonNode node, double[] fallback, String key) {
        if (node.isMissingNode() || node.isNull()) {
            return fallback.clone();
        }
        if (node.isNumber()) {
            return new double[] {node.asDouble(), node.asDouble(), node.asDouble()};
        }
        if (!node.isArray() || node.size() != 3 || !node.get(0).isNumber() || !node.get(1).isNumber()
                || !node.get(2).isNumber()) {
            throw new ModelCorruptException(file, file + ": " + key + " must be 3 numbers, got " + node);
        }
        return new double[] {node.get(0).asDouble(), node.get(1).asDouble(), node.get(2).asDouble()};
    }

    /**
     * The published values a missing key falls back to.
     *
     * @param fixedSize whether a bare {@code "size": N} means N×N (DPT, SigLIP) rather than a shortest edge
     */
    public record Defaults(boolean fixedSize, double rescale, double[] mean, double[] std) {
    }
}

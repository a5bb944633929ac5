package dev.echollama.vision.detr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.echollama.ModelCorruptException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code preprocessor_config.json} asks for, with the Xenova/detr-resnet-50 values as defaults: shortest
 * edge 800, longest 1333, bilinear ({@code resample 2}), rescale 1/255, ImageNet mean and std, RGB planes.
 * Padding is irrelevant for one image (nothing to pad to), so it is not read.
 *
 * @param resize        whether to resize at all ({@code do_resize})
 * @param shortestEdge  target of the shorter side
 * @param longestEdge   cap on the longer side
 * @param bicubic       {@code resample 3}; otherwise bilinear
 * @param rescale       factor applied to 0–255 values ({@code do_rescale}; 1 when off)
 * @param mean          per-channel mean (RGB), zeros when {@code do_normalize} is off
 * @param std           per-channel std (RGB), ones when {@code do_normalize} is off
 */
record DetrPreprocessing(boolean resize, int shortestEdge, int longestEdge, boolean bicubic, float rescale,
                         float[] mean, float[] std) {

    static final DetrPreprocessing DEFAULTS = new DetrPreprocessing(true, 800, 1333, false, 1f / 255,
            new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f});

    /**
     * DETR's resize rule ({@code facebookresearch/detr datasets/transforms.py get_size_with_aspect_ratio}, which
     * Hugging Face's DetrImageProcessor also uses): the shorter side becomes {@code shortestEdge} unless the longer
     * side would then exceed {@code longestEdge}, in which case the shorter side becomes
     * {@code round(longestEdge · short / long)} (half to even, as Python rounds); the other side is truncated, {@code int(size · long / short)}.
     * Degenerate aspect ratios are clamped so that both sides stay in {@code [1, longestEdge]}.
     *
     * @return {width, height}
     */
    int[] targetSize(int width, int height) {
        if (!resize) {
            return new int[] {width, height};
        }
        double min = Math.min(width, height);
        double max = Math.max(width, height);
        int size = shortestEdge;
        if (max / min * size > longestEdge) {
            // Python's round() is half-to-even; Math.rint is the same rule.
            size = (int) Math.rint(longestEdge * min / max);
        }
        size = Math.max(1, size);
        int w;
        int h;
        if ((width <= height && width == size) || (height <= width && height == size)) {
            w = width;
            h = height;
        } else if (width < height) {
            w = size;
            h = (int) (size * (double) height / width);
        } else {
            h = size;
            w = (int) (size * (double) width / height);
        }
        return new int[] {clamp(w), clamp(h)};
    }

    private int clamp(int side) {
        return Math.max(1, Math.min(Math.max(longestEdge, shortestEdge), side));
    }

    /** Reads {@code preprocessor_config.json}; absent keys keep the defaults. */
    static DetrPreprocessing read(Path file) {
        JsonNode n = readJson(file);
        DetrPreprocessing d = DEFAULTS;
        boolean resize = n.path("do_resize").asBoolean(true);
        int shortest = d.shortestEdge;
        int longest = d.longestEdge;
        JsonNode size = n.path("size");
        if (size.isObject()) {
            shortest = size.path("shortest_edge").asInt(shortest);
            longest = size.path("longest_edge").asInt(longest);
        } else if (size.isInt()) {
            // The older DetrFeatureExtractor form: "size": 800, "max_size": 1333.
            shortest = size.asInt();
            longest = n.path("max_size").asInt(longest);
        }
        if (shortest <= 0 || longest <= 0) {
            throw new ModelCorruptException(file, file + ": size must have positive shortest_edge and longest_edge,"
                    + " got " + shortest + " and " + longest);
        }
        int resample = n.path("resample").asInt(2);
        if (resample != 2 && resample != 3) {
            throw new ModelCorruptException(file, file + ": resample must be 2 (bilinear) or 3 (bicubic), got "
                    + resample);
        }
        float rescale = n.path("do_rescale").asBoolean(true)
                ? (float) n.path("rescale_factor").asDouble(1.0 / 255) : 1f;
        float[] mean = {0, 0, 0};
        float[] std = {1, 1, 1};
        if (n.path("do_normalize").asBoolean(true)) {
            mean = triple(file, n.path("image_mean"), d.mean, "image_mean");
            std = triple(file, n.path("image_std"), d.std, "image_std");
            for (float s : std) {
                if (!(s > 0)) {
                    throw new ModelCorruptException(file, file + ": image_std values must be positive, got " + s);
                }
            }
        }
        return new DetrPreprocessing(resize, shortest, longest, resample == 3, rescale, mean, std);
    }

    private static float[] triple(Path file, JsonNode node, float[] fallback, String key) {
        if (node.isMissingNode() || node.isNull()) {
            return fallback.clone();
        }
        if (node.isNumber()) {
            float v = (float) node.asDouble();
            return new float[] {v, v, v};
        }
        if (!node.isArray() || node.size() != 3) {
            throw new ModelCorruptException(file, file + ": " + key + " must be 3 numbers, got " + node);
        }
        return new float[] {(float) node.get(0).asDouble(), (float) node.get(1).asDouble(),
            (float) node.get(2).asDouble()};
    }

    /**
     * Class names from {@code config.json}'s {@code id2label} (ids 0..max, gaps filled with "N/A").
     *
     * @throws ModelCorruptException when the file is not JSON or id2label is missing or malformed
     */
    static List<String> readLabels(Path configJson) {
        JsonNode id2label = readJson(configJson).path("id2label");
        if (!id2label.isObject() || id2label.isEmpty()) {
            throw new ModelCorruptException(configJson, configJson + " has no id2label object");
        }
        Map<Integer, String> byId = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : id2label.properties()) {
            try {
                int id = Integer.parseInt(e.getKey().trim());
                if (id < 0 || id > 100_000) {
                    throw new NumberFormatException("out of range");
                }
                byId.put(id, e.getValue().asText());
            } catch (NumberFormatException ex) {
                throw new ModelCorruptException(configJson, configJson + ": id2label key '" + e.getKey()
                        + "' is not a class id");
            }
        }
        int max = ((TreeMap<Integer, String>) byId).lastKey();
        List<String> labels = new ArrayList<>(max + 1);
        for (int i = 0; i <= max; i++) {
            labels.add(byId.getOrDefault(i, Coco91.NOT_A_CLASS));
        }
        return labels;
    }

    private static JsonNode readJson(Path file) {
        try {
            return new ObjectMapper().readTree(Files.readString(file));
        } catch (IOException e) {
            throw new ModelCorruptException(file, "cannot read " + file + " as JSON: " + e.getMessage(), e);
        }
    }
}

package dev.echollama.llm.onnx;

import dev.echollama.BadInputException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The ONNX export variants of a Hugging Face / onnx-community decoder and their file names
 * ({@code model<suffix>.onnx}, MODELS.md §0.1; older optimum releases and Xenova exports name the merged decoder
 * {@code decoder_model_merged<suffix>.onnx}). Declared in the order "best present" picks them: the most faithful
 * weights first, since a user who fetched several variants can name the one they want with the variant option.
 */
enum Variant {
    FP32(""),
    FP16("_fp16"),
    Q4F16("_q4f16"),
    Q4("_q4"),
    QUANTIZED("_quantized"),
    INT8("_int8"),
    UINT8("_uint8"),
    BNB4("_bnb4");

    private final String suffix;

    Variant(String suffix) {
        this.suffix = suffix;
    }

    /** The option value and the catalogue's variant name: {@code fp32}, {@code q4f16}, ... */
    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code model_q4f16.onnx}, then {@code decoder_model_merged_q4f16.onnx}: the names looked for, in order. */
    List<String> fileNames() {
        return List.of("model" + suffix + ".onnx", "decoder_model_merged" + suffix + ".onnx");
    }

    /** The variant an option names ({@code fp16}, case-insensitive), or a BadInputException listing the known ones. */
    static Variant parse(String key, String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        for (Variant variant : values()) {
            if (variant.label().equals(v)) {
                return variant;
            }
        }
        throw new BadInputException("option " + key + " must be one of " + labels() + " (or auto), got '" + value + "'");
    }

    /** The variant a file is, judged by its name ({@code model_fp16.onnx} is FP16), if it is one of ours. */
    static Optional<Variant> ofFileName(String fileName) {
        return Arrays.stream(values()).filter(v -> v.fileNames().contains(fileName)).findFirst();
    }

    static String labels() {
        return Arrays.stream(values()).map(Variant::label).collect(Collectors.joining(", "));
    }
}

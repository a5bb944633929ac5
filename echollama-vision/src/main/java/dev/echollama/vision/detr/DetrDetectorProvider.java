package dev.echollama.vision.detr;

import dev.echollama.BadInputException;
import dev.echollama.onnx.OnnxModel;
import dev.echollama.onnx.tensor.ImagePreprocessor;
import dev.echollama.spi.Availability;
import dev.echollama.spi.ProviderConfig;
import dev.echollama.vision.Detector;
import dev.echollama.vision.DetectorProvider;
import dev.echollama.vision.internal.ImageProcessorConfig;
import dev.echollama.vision.internal.ModelFiles;
import dev.echollama.vision.internal.PerImageSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * DETR-ResNet-50 ({@code detr}), the paper's detector, from the Xenova/detr-resnet-50 ONNX export.
 *
 * <h2>Model</h2>
 * Model id {@code detr-resnet-50}: the export's folder ({@code onnx/model.onnx}, {@code onnx/model_quantized.onnx},
 * {@code onnx/model_fp16.onnx}, {@code config.json}, {@code preprocessor_config.json}) or one {@code .onnx} file.
 * Option {@code detr.variant} = {@code fp32}, {@code quantized} or {@code fp16} picks the file; without it the
 * first present of fp32, quantized, fp16 is used. Get it with {@code echollama models fetch detr-resnet-50} or
 * point at a copy with {@code --model-dir detr-resnet-50=PATH}.
 *
 * <h2>Pre-processing</h2>
 * As {@code preprocessor_config.json} says when it is present, else its published values: shortest edge 800,
 * longest 1333 (DETR's own size rule, see {@link ImagePreprocessor#shortestEdgeSize}), bilinear, ×1/255, ImageNet
 * mean/std, RGB planes; no padding (one image). {@code pixel_mask} is fed only when the graph declares it, in its
 * declared shape (batch 1), all ones. Float16 exports get float16 input and their outputs are read back as float.
 *
 * <h2>Post-processing</h2>
 * The original DETR rule ({@code facebookresearch/detr models/detr.py PostProcess}), not transformers.js's:
 * softmax over all 92 logits, then the best of the 91 real classes ("no object" competes in the softmax but is
 * never chosen); queries whose best class is "N/A" are dropped; boxes are normalised (cx, cy, w, h) turned into
 * corners. No NMS. Labels come from {@code config.json}'s {@code id2label} when present, else the built-in COCO-91
 * table (MODELS.md §1.4), in COCO spelling.
 *
 * <h2>Scores</h2>
 * {@link Detector#detect} returns detections scoring at least 0.5 (option {@code detr.score-floor}; the bare
 * post-processing default of transformers); {@link Detector#matrixThreshold()} is the paper's 0.90 (option
 * {@code detr.threshold}).
 *
 * <p>The detector is thread-safe (one ORT session, concurrent runs) and owns its session: close it.
 */
public final class DetrDetectorProvider implements DetectorProvider {
    /** The model id resolved through {@link ProviderConfig#models()}. */
    public static final String MODEL_ID = "detr-resnet-50";
    /** The paper's matrix threshold. */
    public static final double MATRIX_THRESHOLD = 0.90;
    /** Default score floor of {@link Detector#detect}. */
    public static final double SCORE_FLOOR = 0.5;

    private static final String VARIANT_OPTION = "detr.variant";

    @Override
    public String name() {
        return "detr";
    }

    @Override
    public int priority() {
        return 110;
    }

    @Override
    public String description() {
        return "DETR-ResNet-50 COCO detector, the paper's (ONNX, model " + MODEL_ID + ")";
    }

    static List<String> files(ProviderConfig config) {
        String variant = config.option(VARIANT_OPTION).map(v -> v.strip().toLowerCase(Locale.ROOT)).orElse("");
        String base = switch (variant) {
            case "" -> null;
            case "fp32" -> "model.onnx";
            case "quantized", "q8" -> "model_quantized.onnx";
            case "fp16" -> "model_fp16.onnx";
            default -> throw new BadInputException("option " + VARIANT_OPTION + " must be fp32, quantized or fp16,"
                    + " got '" + variant + "'");
        };
        if (base != null) {
            return List.of("onnx/" + base, base);
        }
        return List.of("onnx/model.onnx", "onnx/model_quantized.onnx", "onnx/model_fp16.onnx", "model.onnx",
                "model_quantized.onnx", "model_fp16.onnx");
    }

    @Override
    public Availability availability(ProviderConfig config) {
        try {
            return ModelFiles.availability(config, MODEL_ID, files(config));
        } catch (RuntimeException e) {
            return Availability.no(e.getMessage());
        }
    }

    @Override
    public Detector create(ProviderConfig config) {
        double floor = unit(config, "detr.score-floor", SCORE_FLOOR);
        double threshold = unit(config, "detr.threshold", MATRIX_THRESHOLD);
        Path file = ModelFiles.require(config, MODEL_ID, files(config));
        Path root = root(file);
        ImagePreprocessor.Builder defaults = ImagePreprocessor.builder()
                .resizeShortestEdge(800, 1333)
                .interpolation(ImagePreprocessor.Interpolation.BILINEAR)
                .rescale(1.0 / 255)
                .normalize(new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225});
        Path pre = root.resolve("preprocessor_config.json");
        ImagePreprocessor preprocessor = Files.isRegularFile(pre)
                ? ImageProcessorConfig.build(pre, ImageProcessorConfig.read(pre, defaults,
                        new ImageProcessorConfig.Defaults(false, 1.0 / 255, new double[] {0.485, 0.456, 0.406},
                                new double[] {0.229, 0.224, 0.225})))
                : defaults.build();
        Path configJson = root.resolve("config.json");
        List<String> labels = Files.isRegularFile(configJson) ? DetrLabels.read(configJson) : Coco91.LABELS;
        String labelSource = Files.isRegularFile(configJson) ? configJson + " id2label" : "the built-in COCO-91 table";
        return new DetrDetector(OnnxModel.open(file, PerImageSession.of(config)), preprocessor, labels,
                labelSource, floor, threshold);
    }

    /** The export's root: the folder above {@code onnx/}, else the file's own folder. */
    static Path root(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        if (parent.getFileName() != null && parent.getFileName().toString().equals("onnx")
                && parent.getParent() != null) {
            return parent.getParent();
        }
        return parent;
    }

    private static double unit(ProviderConfig config, String key, double fallback) {
        double v = config.doubleOption(key).orElse(fallback);
        if (!(v >= 0 && v <= 1)) {
            throw new BadInputException("option " + key + " must be in [0, 1], got " + v);
        }
        return v;
    }
}

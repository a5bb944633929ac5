package dev.echollama.vision.midas;

import dev.echollama.BadInputException;
import dev.echollama.onnx.OnnxModel;
import dev.echollama.onnx.tensor.ImagePreprocessor;
import dev.echollama.onnx.tensor.MapResize;
import dev.echollama.spi.Availability;
import dev.echollama.spi.ProviderConfig;
import dev.echollama.vision.DepthEstimator;
import dev.echollama.vision.DepthEstimatorProvider;
import dev.echollama.vision.internal.ImageProcessorConfig;
import dev.echollama.vision.internal.ModelFiles;
import dev.echollama.vision.internal.PerImageSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * DPT-Hybrid MiDaS ({@code dpt-hybrid}), the paper's depth model (MiDaS v3.0 hybrid), from the
 * Xenova/dpt-hybrid-midas ONNX export.
 *
 * <p><b>Model</b>: model id {@code dpt-hybrid-midas}, the export's folder ({@code onnx/model.onnx},
 * {@code onnx/model_quantized.onnx}, {@code onnx/model_fp16.onnx}, {@code preprocessor_config.json}) or one
 * {@code .onnx} file; option {@code dpt-hybrid.variant} = {@code fp32}, {@code quantized} or {@code fp16}, else the
 * first present in that order. Get it with {@code echollama models fetch dpt-hybrid-midas} or point at a copy
 * with {@code --model-dir dpt-hybrid-midas=PATH}.
 *
 * <p><b>Processing</b> (MODELS.md §2.1; {@code preprocessor_config.json} wins when present): a plain bilinear
 * resize to 384×384 ignoring the aspect ratio, ×1/255, mean = std = 0.5 (values in [-1, 1]), RGB planes. The
 * {@code predicted_depth} output is resized bilinearly (half-pixel centres) back to the image's size and returned
 * as {@link dev.echollama.vision.DepthMap.Convention#RELATIVE_INVERSE_DEPTH}: larger is nearer, no scale.
 *
 * <p>Thread-safe; the estimator owns its session: close it.
 */
public final class DptHybridProvider implements DepthEstimatorProvider {
    /** The model id resolved through {@link ProviderConfig#models()}. */
    public static final String MODEL_ID = "dpt-hybrid-midas";

    @Override
    public String name() {
        return "dpt-hybrid";
    }

    @Override
    public int priority() {
        return 110;
    }

    @Override
    public String description() {
        return "DPT-Hybrid MiDaS relative depth, the paper's (ONNX, model " + MODEL_ID + ")";
    }

    static List<String> files(ProviderConfig config) {
        String variant = config.option("dpt-hybrid.variant").map(v -> v.strip().toLowerCase(Locale.ROOT)).orElse("");
        return switch (variant) {
            case "" -> List.of("onnx/model.onnx", "onnx/model_quantized.onnx", "onnx/model_fp16.onnx", "model.onnx",
                    "model_quantized.onnx", "model_fp16.onnx");
            case "fp32" -> List.of("onnx/model.onnx", "model.onnx");
            case "quantized", "q8" -> List.of("onnx/model_quantized.onnx", "model_quantized.onnx");
            case "fp16" -> List.of("onnx/model_fp16.onnx", "model_fp16.onnx");
            default -> throw new BadInputException("option dpt-hybrid.variant must be fp32, quantized or fp16, got '"
                    + variant + "'");
        };
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
    public DepthEstimator create(ProviderConfig config) {
        Path file = ModelFiles.require(config, MODEL_ID, files(config));
        ImagePreprocessor.Builder defaults = ImagePreprocessor.builder()
                .resize(384, 384)
                .interpolation(ImagePreprocessor.Interpolation.BILINEAR)
                .rescale(1.0 / 255)
                .normalize(new double[] {0.5, 0.5, 0.5}, new double[] {0.5, 0.5, 0.5});
        Path parent = file.toAbsolutePath().getParent();
        Path root = parent.getFileName() != null && parent.getFileName().toString().equals("onnx")
                && parent.getParent() != null ? parent.getParent() : parent;
        Path pre = root.resolve("preprocessor_config.json");
        ImagePreprocessor preprocessor = Files.isRegularFile(pre)
                ? ImageProcessorConfig.build(pre, ImageProcessorConfig.read(pre, defaults,
                        new ImageProcessorConfig.Defaults(true, 1.0 / 255, new double[] {0.5, 0.5, 0.5},
                                new double[] {0.5, 0.5, 0.5})))
                : defaults.build();
        return new MidasDepthEstimator(OnnxModel.open(file, PerImageSession.of(config)), name(), preprocessor,
                MapResize.BILINEAR);
    }
}

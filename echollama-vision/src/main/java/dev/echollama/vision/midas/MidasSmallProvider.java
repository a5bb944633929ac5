package dev.echollama.vision.midas;

import dev.echollama.BadInputException;
import dev.echollama.onnx.OnnxModel;
import dev.echollama.onnx.tensor.ImagePreprocessor;
import dev.echollama.onnx.tensor.MapResize;
import dev.echollama.spi.Availability;
import dev.echollama.spi.ProviderConfig;
import dev.echollama.vision.DepthEstimator;
import dev.echollama.vision.DepthEstimatorProvider;
import dev.echollama.vision.internal.ModelFiles;
import dev.echollama.vision.internal.PerImageSession;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * MiDaS v2.1 small ({@code midas-small}): the official 256×256 ONNX file, about 66 MB, for CPUs where DPT-Hybrid
 * is too slow.
 *
 * <p><b>Model</b>: model id {@code midas-v21-small}, a folder holding {@code model-small.onnx} (release
 * {@code v2_1} of isl-org/MiDaS) or the file itself. Its input and output are named {@code "0"} and {@code "797"}
 * by the PyTorch export, so they are bound by position. Get it with {@code echollama models fetch midas-v21-small}
 * or point at a copy with {@code --model-dir midas-v21-small=PATH}.
 *
 * <p><b>Processing</b> (MODELS.md §2.2): RGB ×1/255 as a floating-point image, then the official runner's
 * {@code cv2.resize(..., (256, 256), interpolation=INTER_CUBIC)} ignoring the aspect ratio, reproduced to the
 * float32 value ({@link ImagePreprocessor.Interpolation#OPENCV_CUBIC}). By default no
 * mean/std is applied: the official ONNX runner ({@code tf/run_onnx.py}) feeds [0, 1] RGB to both v2.1 ONNX files,
 * and the large one is known to normalise inside the graph. Option {@code midas-small.normalize=imagenet}
 * applies ImageNet mean/std in Java instead, for an export that lacks the in-graph step (as the PyTorch hub
 * transform does). The output is resized back to the image's size as the runner does it,
 * {@code cv2.resize(prediction, (width, height), interpolation=INTER_CUBIC)} on the float32 map (bit for bit with
 * Debian's OpenCV 4.6; near a sharp depth edge it overshoots, as OpenCV's does), and returned as
 * {@link dev.echollama.vision.DepthMap.Convention#RELATIVE_INVERSE_DEPTH}.
 *
 * <p>Thread-safe; the estimator owns its session: close it.
 */
public final class MidasSmallProvider implements DepthEstimatorProvider {
    /** The model id resolved through {@link ProviderConfig#models()}. */
    public static final String MODEL_ID = "midas-v21-small";

    static final List<String> FILES = List.of("model-small.onnx", "onnx/model-small.onnx", "model.onnx");

    @Override
    public String name() {
        return "midas-small";
    }

    @Override
    public int priority() {
        return 60;
    }

    @Override
    public String description() {
        return "MiDaS v2.1 small relative depth (ONNX, model " + MODEL_ID + ")";
    }

    @Override
    public Availability availability(ProviderConfig config) {
        return ModelFiles.availability(config, MODEL_ID, FILES);
    }

    @Override
    public DepthEstimator create(ProviderConfig config) {
        String normalize = config.option("midas-small.normalize").map(v -> v.strip().toLowerCase(Locale.ROOT))
                .orElse("none");
        ImagePreprocessor.Builder b = ImagePreprocessor.builder()
                .resize(256, 256)
                .interpolation(ImagePreprocessor.Interpolation.OPENCV_CUBIC) // its runner: cv2.resize of img / 255.0
                .rescale(1.0 / 255);
        switch (normalize) {
            case "none" -> { }
            case "imagenet" -> b.normalize(new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225});
            default -> throw new BadInputException("option midas-small.normalize must be none or imagenet, got '"
                    + normalize + "'");
        }
        Path file = ModelFiles.require(config, MODEL_ID, FILES);
        return new MidasDepthEstimator(OnnxModel.open(file, PerImageSession.of(config)), name(), b.build(),
                MapResize.OPENCV_CUBIC);
    }
}

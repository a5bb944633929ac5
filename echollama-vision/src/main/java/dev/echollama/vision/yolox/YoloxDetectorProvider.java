package dev.echollama.vision.yolox;

import dev.echollama.BadInputException;
import dev.echollama.onnx.OnnxModel;
import dev.echollama.spi.Availability;
import dev.echollama.spi.ProviderConfig;
import dev.echollama.vision.Detector;
import dev.echollama.vision.DetectorProvider;
import dev.echollama.vision.internal.ModelFiles;
import dev.echollama.vision.internal.PerImageSession;
import java.nio.file.Path;
import java.util.List;

/**
 * YOLOX-Nano ({@code yolox}): an 80-class COCO detector small enough for any CPU (3.7 MB, about 1 GFLOP), for
 * when the paper's DETR is not installed.
 *
 * <h2>Model</h2>
 * Model id {@code yolox-nano}: a folder holding {@code yolox_nano.onnx}, or the {@code .onnx} file itself
 * (Megvii's ONNX export without the in-graph decode: input {@code images [1, 3, 416, 416]}, output
 * {@code [1, 3549, 85]}). Get it with {@code echollama models fetch yolox-nano} or point at a copy with
 * {@code --model-dir yolox-nano=PATH}.
 *
 * <h2>Processing</h2>
 * The image is resized bilinearly to fit 416×416 keeping its aspect ratio, placed top-left and padded with 114
 * (YOLOX's own {@code preproc}), fed as B, G, R planes of 0–255 values with no mean/std. The head is decoded in
 * Java (strides 8, 16, 32; score = objectness × class probability), class-aware NMS at IoU 0.45 removes
 * duplicates, and boxes are mapped back through the letterbox to the image. Labels use COCO spelling.
 *
 * <h2>Scores and the matrix threshold</h2>
 * {@link Detector#detect} returns everything scoring at least 0.30 (YOLOX's demo default;
 * option {@code yolox.score-floor}). Its {@link Detector#matrixThreshold()} is <b>0.50</b>, not the paper's 0.90
 * (option {@code yolox.threshold}). The paper's 0.90 is for DETR, whose softmax over 92 classes puts clear
 * objects at 0.95–1.00; YOLOX's score is a product of two sigmoids and clear objects land at 0.70–0.91. Measured on
 * the shared test images: dog.jpg dog 0.854, bicycle 0.805, car 0.797; bus.jpg bus 0.908, people 0.859, 0.814
 * and 0.707; the highest wrong or duplicate box was 0.306 (a "truck" on the car), and a person cut off at the
 * image edge scored 0.305. 0.90 would keep only the bus; 0.50 sits in the middle of the gap between 0.31 and
 * 0.70, so it plays the role 0.90 plays for DETR: clear objects in, doubtful ones out.
 *
 * <p>Other options: {@code yolox.nms-iou} (default 0.45).
 *
 * <p>The detector is thread-safe (one ORT session, concurrent runs) and owns its session: close it.
 */
public final class YoloxDetectorProvider implements DetectorProvider {
    /** The model id resolved through {@link ProviderConfig#models()}. */
    public static final String MODEL_ID = "yolox-nano";
    /** The calibrated matrix threshold (see the class comment). */
    public static final double MATRIX_THRESHOLD = 0.50;
    /** Default score floor of {@link Detector#detect}. */
    public static final double SCORE_FLOOR = 0.30;
    /** Default NMS IoU. */
    public static final double NMS_IOU = 0.45;

    static final List<String> FILES = List.of("yolox_nano.onnx", "onnx/yolox_nano.onnx", "model.onnx");

    @Override
    public String name() {
        return "yolox";
    }

    @Override
    public int priority() {
        return 60;
    }

    @Override
    public String description() {
        return "YOLOX-Nano COCO-80 detector (ONNX, model " + MODEL_ID + ")";
    }

    @Override
    public Availability availability(ProviderConfig config) {
        return ModelFiles.availability(config, MODEL_ID, FILES);
    }

    @Override
    public Detector create(ProviderConfig config) {
        double floor = unit(config, "yolox.score-floor", SCORE_FLOOR, false);
        double iou = unit(config, "yolox.nms-iou", NMS_IOU, false);
        double threshold = unit(config, "yolox.threshold", MATRIX_THRESHOLD, true);
        Path file = ModelFiles.require(config, MODEL_ID, FILES);
        return new YoloxDetector(OnnxModel.open(file, PerImageSession.of(config)), floor, iou, threshold);
    }

    private static double unit(ProviderConfig config, String key, double fallback, boolean zeroOk) {
        double v = config.doubleOption(key).orElse(fallback);
        if (!(v <= 1 && (zeroOk ? v >= 0 : v > 0))) {
            throw new BadInputException("option " + key + " must be in " + (zeroOk ? "[0, 1]" : "(0, 1]")
                    + ", got " + v);
        }
        return v;
    }
}

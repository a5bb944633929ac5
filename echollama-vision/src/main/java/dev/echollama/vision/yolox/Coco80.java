package dev.echollama.vision.yolox;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The 80 COCO classes in the order YOLO-family detectors index them (class index = position), in COCO's own
 * spelling, which is what {@link dev.echollama.vision.Detection#label()} promises.
 */
final class Coco80 {
    static final List<String> LABELS = List.of(
            "person", "bicycle", "car", "motorcycle", "airplane", "bus", "train", "truck", "boat", "traffic light",
            "fire hydrant", "stop sign", "parking meter", "bench", "bird", "cat", "dog", "horse", "sheep", "cow",
            "elephant", "bear", "zebra", "giraffe", "backpack", "umbrella", "handbag", "tie", "suitcase", "frisbee",
            "skis", "snowboard", "sports ball", "kite", "baseball bat", "baseball glove", "skateboard", "surfboard",
            "tennis racket", "bottle", "wine glass", "cup", "fork", "knife", "spoon", "bowl", "banana", "apple",
            "sandwich", "orange", "broccoli", "carrot", "hot dog", "pizza", "donut", "cake", "chair", "couch",
            "potted plant", "bed", "dining table", "toilet", "tv", "laptop", "mouse", "remote", "keyboard",
            "cell phone", "microwave", "oven", "toaster", "sink", "refrigerator", "book", "clock", "vase",
            "scissors", "teddy bear", "hair drier", "toothbrush");

    /** Darknet's coco.names spells six classes the Pascal VOC way. */
    private static final Map<String, String> DARKNET_TO_COCO = Map.of(
            "motorbike", "motorcycle",
            "aeroplane", "airplane",
            "sofa", "couch",
            "pottedplant", "potted plant",
            "diningtable", "dining table",
            "tvmonitor", "tv");

    private Coco80() {
    }

    /** The COCO spelling of a darknet-style class name (other names pass through, trimmed and lower-cased). */
    static String cocoSpelling(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        return DARKNET_TO_COCO.getOrDefault(n, n);
    }
}

package dev.echollama.vision;

import dev.echollama.BadInputException;

/**
 * An axis-aligned box in normalised image coordinates: origin top-left, x to the right, y down, both in [0, 1]
 * of the image's width and height. {@code x1 <= x2}, {@code y1 <= y2}.
 */
public record BoundingBox(double x1, double y1, double x2, double y2) {
    public BoundingBox {
        if (!(x1 >= 0 && y1 >= 0 && x2 <= 1 && y2 <= 1 && x1 <= x2 && y1 <= y2)) {
            throw new BadInputException("box must satisfy 0 <= x1 <= x2 <= 1 and 0 <= y1 <= y2 <= 1, got ["
                    + x1 + ", " + y1 + ", " + x2 + ", " + y2 + "]");
        }
    }

    /** Clamps each coordinate into [0, 1] and orders the corners; use for raw model output. */
    public static BoundingBox clamped(double x1, double y1, double x2, double y2) {
        double ax = clamp(Math.min(x1, x2));
        double bx = clamp(Math.max(x1, x2));
        double ay = clamp(Math.min(y1, y2));
        double by = clamp(Math.max(y1, y2));
        return new BoundingBox(ax, ay, bx, by);
    }

    private static double clamp(double v) {
        return Double.isNaN(v) ? 0 : Math.max(0, Math.min(1, v));
    }

    public double centerX() {
        return (x1 + x2) / 2;
    }

    public double centerY() {
        return (y1 + y2) / 2;
    }

    public double width() {
        return x2 - x1;
    }

    public double height() {
        return y2 - y1;
    }

    public double area() {
        return width() * height();
    }

    /** Intersection over union; 0 when either box is empty. */
    public double iou(BoundingBox o) {
        double iw = Math.min(x2, o.x2) - Math.max(x1, o.x1);
        double ih = Math.min(y2, o.y2) - Math.max(y1, o.y1);
        if (iw <= 0 || ih <= 0) {
            return 0;
        }
        double inter = iw * ih;
        double union = area() + o.area() - inter;
        return union <= 0 ? 0 : inter / union;
    }
}

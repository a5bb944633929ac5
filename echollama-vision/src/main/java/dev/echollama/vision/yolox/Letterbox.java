package dev.echollama.vision.yolox;

import dev.echollama.onnx.tensor.PreprocessedImage;

/**
 * How an image was placed in the network input: scaled by ({@code scaleX}, {@code scaleY}) network pixels per
 * source pixel and shifted by ({@code padX}, {@code padY}). Maps network-input pixel coordinates back to
 * fractions of the source image.
 */
record Letterbox(int sourceWidth, int sourceHeight, double scaleX, double scaleY, double padX, double padY) {

    static Letterbox of(PreprocessedImage p) {
        return new Letterbox(p.sourceWidth(), p.sourceHeight(), p.scaleX(), p.scaleY(), p.offsetX(), p.offsetY());
    }

    /** An image of {@code w × h} scaled by {@code scale} and placed at the top-left corner. */
    static Letterbox topLeft(int w, int h, double scale) {
        return new Letterbox(w, h, scale, scale, 0, 0);
    }

    /** A network x coordinate as a fraction of the source width (not clamped). */
    double normalisedX(double networkX) {
        return (networkX - padX) / scaleX / sourceWidth;
    }

    /** A network y coordinate as a fraction of the source height (not clamped). */
    double normalisedY(double networkY) {
        return (networkY - padY) / scaleY / sourceHeight;
    }
}

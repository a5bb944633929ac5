package dev.echollama.vision.yolox;

/**
 * How an image was placed in the square network input: scaled by {@code scale} (aspect kept) and shifted by
 * ({@code padX}, {@code padY}) input pixels. Maps network-input pixel coordinates back to the source image.
 *
 * @param sourceWidth  the original image width in pixels
 * @param sourceHeight the original image height in pixels
 * @param scale        network pixels per source pixel
 * @param padX         left padding in network pixels
 * @param padY         top padding in network pixels
 */
record Letterbox(int sourceWidth, int sourceHeight, double scale, double padX, double padY) {

    /**
     * The geometry YOLOX was trained with ({@code yolox/data/data_augment.py preproc}): scale to fit
     * {@code size × size} keeping the aspect ratio, image in the top-left corner, padding right and below.
     */
    static Letterbox topLeft(int sourceWidth, int sourceHeight, int size) {
        double scale = Math.min((double) size / sourceWidth, (double) size / sourceHeight);
        return new Letterbox(sourceWidth, sourceHeight, scale, 0, 0);
    }

    /** The resized image's width in network pixels (at least 1). */
    int resizedWidth() {
        return Math.max(1, (int) (sourceWidth * scale));
    }

    /** The resized image's height in network pixels (at least 1). */
    int resizedHeight() {
        return Math.max(1, (int) (sourceHeight * scale));
    }

    /** A network x coordinate as a fraction of the source width (not clamped). */
    double normalisedX(double networkX) {
        return (networkX - padX) / scale / sourceWidth;
    }

    /** A network y coordinate as a fraction of the source height (not clamped). */
    double normalisedY(double networkY) {
        return (networkY - padY) / scale / sourceHeight;
    }
}

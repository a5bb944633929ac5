package dev.echollama.image;

import dev.echollama.BadInputException;

/**
 * How {@link Images} reads a picture.
 *
 * @param maxPixels the largest {@code width × height} accepted; a bigger image is refused after reading only its
 *     header, before any pixel memory is allocated. Default {@value #DEFAULT_MAX_PIXELS} (about 150 MB of RGB).
 *     Whatever the budget, an {@link RgbImage} cannot hold more than {@value #HARD_MAX_PIXELS} pixels.
 */
public record ImageReadOptions(long maxPixels) {
    /** 50 megapixels: larger than any phone camera, small enough to decode within a default heap. */
    public static final long DEFAULT_MAX_PIXELS = 50_000_000L;

    /** The most pixels an {@link RgbImage} can hold (its bytes live in one Java array). */
    public static final long HARD_MAX_PIXELS = (Integer.MAX_VALUE - 8) / 3;

    /** @throws BadInputException if {@code maxPixels} is not positive */
    public ImageReadOptions {
        if (maxPixels <= 0) {
            throw new BadInputException("maxPixels must be positive, got " + maxPixels);
        }
    }

    /** The defaults: {@link #DEFAULT_MAX_PIXELS}. */
    public static ImageReadOptions defaults() {
        return new ImageReadOptions(DEFAULT_MAX_PIXELS);
    }

    /** A copy with another pixel budget. */
    public ImageReadOptions withMaxPixels(long pixels) {
        return new ImageReadOptions(pixels);
    }
}

package dev.echollama.image;

import dev.echollama.BadInputException;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * An immutable 8-bit RGB image: {@code width × height} pixels, row-major from the top-left corner, three bytes
 * per pixel in R, G, B order. Orientation has already been applied: what you see is what the camera saw.
 *
 * <p>Thread-safe. Instances never expose their pixel array; {@link #pixels()} is a read-only view, the cheap way
 * for tensor code to read pixels without a copy.
 */
public final class RgbImage {
    private final int width;
    private final int height;
    private final byte[] rgb;

    private RgbImage(int width, int height, byte[] rgb) {
        this.width = width;
        this.height = height;
        this.rgb = rgb;
    }

    /**
     * Wraps a copy of {@code rgb}.
     *
     * @throws BadInputException if a dimension is not positive or {@code rgb.length != width * height * 3}
     */
    public static RgbImage of(int width, int height, byte[] rgb) {
        check(width, height, rgb);
        return new RgbImage(width, height, rgb.clone());
    }

    /** For decoders in this module that built the array themselves and will not touch it again. */
    static RgbImage adopt(int width, int height, byte[] rgb) {
        check(width, height, rgb);
        return new RgbImage(width, height, rgb);
    }

    private static void check(int width, int height, byte[] rgb) {
        if (width <= 0 || height <= 0) {
            throw new BadInputException("image size must be positive, got " + width + "x" + height);
        }
        if (rgb == null) {
            throw new BadInputException("pixel array is null");
        }
        long expected = (long) width * height * 3;
        if (rgb.length != expected) {
            throw new BadInputException("pixel array for " + width + "x" + height + " RGB must have " + expected
                    + " bytes, got " + rgb.length);
        }
    }

    /**
     * Converts any {@link BufferedImage} to RGB (alpha is dropped, grey is replicated, indexed colours are
     * looked up). Colour-space conversion is whatever Java2D does for the image's type; decode files with
     * {@link Images} to get CMYK and EXIF handled.
     */
    public static RgbImage fromBufferedImage(BufferedImage image) {
        if (image == null) {
            throw new BadInputException("image is null");
        }
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] out = new byte[Math.multiplyExact(Math.multiplyExact(w, h), 3)];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            int o = y * w * 3;
            for (int x = 0; x < w; x++) {
                int p = row[x];
                out[o++] = (byte) (p >> 16);
                out[o++] = (byte) (p >> 8);
                out[o++] = (byte) p;
            }
        }
        return new RgbImage(w, h, out);
    }

    /** A new {@link BufferedImage#TYPE_INT_RGB} copy (safe to write as JPEG). */
    public BufferedImage toBufferedImage() {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            int o = y * width * 3;
            for (int x = 0; x < width; x++) {
                row[x] = ((rgb[o] & 0xff) << 16) | ((rgb[o + 1] & 0xff) << 8) | (rgb[o + 2] & 0xff);
                o += 3;
            }
            out.setRGB(0, y, width, 1, row, 0, width);
        }
        return out;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Pixel count, as a long so that budgets can be compared without overflow. */
    public long pixelCount() {
        return (long) width * height;
    }

    /** The pixel at (x, y) as {@code 0xRRGGBB}. */
    public int rgb(int x, int y) {
        if (x < 0 || y < 0 || x >= width || y >= height) {
            throw new IndexOutOfBoundsException("(" + x + ", " + y + ") outside " + width + "x" + height);
        }
        int o = (y * width + x) * 3;
        return ((rgb[o] & 0xff) << 16) | ((rgb[o + 1] & 0xff) << 8) | (rgb[o + 2] & 0xff);
    }

    /** A read-only view of the packed RGB bytes (position 0, limit {@code width*height*3}); no copy. */
    public ByteBuffer pixels() {
        return ByteBuffer.wrap(rgb).asReadOnlyBuffer();
    }

    /** A copy of the packed RGB bytes. */
    public byte[] toRgbBytes() {
        return rgb.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RgbImage other && other.width == width && other.height == height
                && Arrays.equals(other.rgb, rgb);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * width + height) + Arrays.hashCode(rgb);
    }

    @Override
    public String toString() {
        return "RgbImage[" + width + "x" + height + "]";
    }
}

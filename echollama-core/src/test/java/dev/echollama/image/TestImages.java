package dev.echollama.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Random;
import javax.imageio.ImageIO;

/** Fixture pictures made in memory by ImageIO's writers, and the bundled files under /images. */
final class TestImages {
    private TestImages() {}

    /** A TYPE_INT_RGB picture of seeded random pixels: every pixel differs, so any shuffle is caught. */
    static BufferedImage noise(int w, int h, long seed) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Random r = new Random(seed);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, r.nextInt(1 << 24));
            }
        }
        return img;
    }

    /** Four flat quadrants, red / green over blue / white: survives JPEG and GIF and shows any flip or turn. */
    static BufferedImage quadrants(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean left = x < w / 2;
                boolean top = y < h / 2;
                img.setRGB(x, y, top ? (left ? 0xFF0000 : 0x00FF00) : (left ? 0x0000FF : 0xFFFFFF));
            }
        }
        return img;
    }

    static byte[] encode(BufferedImage img, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            // ImageIO.write returns false (writing nothing) when no writer takes the image type.
            assertThat(ImageIO.write(img, format, out)).as("ImageIO wrote %s", format).isTrue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] resource(String name) {
        try (InputStream in = TestImages.class.getResourceAsStream("/images/" + name)) {
            assertThat(in).as("test resource /images/%s", name).isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every channel of pixel (x, y) within {@code tol} of {@code expected} (0xRRGGBB). */
    static void assertColour(RgbImage img, int x, int y, int expected, int tol, String what) {
        int actual = img.rgb(x, y);
        for (int shift = 16; shift >= 0; shift -= 8) {
            int a = (actual >> shift) & 0xff;
            int e = (expected >> shift) & 0xff;
            assertThat(Math.abs(a - e))
                    .as("%s at (%d,%d): got #%06X, expected #%06X ±%d", what, x, y, actual, expected, tol)
                    .isLessThanOrEqualTo(tol);
        }
    }
}

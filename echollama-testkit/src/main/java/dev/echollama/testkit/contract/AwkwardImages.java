package dev.echollama.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.echollama.BadInputException;
import dev.echollama.image.Images;
import dev.echollama.image.RgbImage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Function;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/**
 * Image files an app will meet sooner or later, decoded the way an app decodes them ({@link Images#decode}) and fed
 * to an image stage: a 1x1 PNG, a grey PNG, a CMYK JPEG (ImageMagick's, Adobe transform 2, as Photoshop writes
 * them; copied from echollama-core's test fixtures, where its colours are checked), 1000x1 and 1x1000 strips, and a
 * 16x16 PNG whose header claims 20000x20000. The decoder must read the first five and refuse the last with a
 * {@link BadInputException} (so that one never reaches a stage: the check says, end to end, that such a file is
 * stopped before anything is allocated for it). Each decoded image must give the stage's result or a
 * {@link BadInputException} naming the problem: never another exception, a crash or a hang.
 */
final class AwkwardImages {
    private AwkwardImages() {
    }

    /** One file; {@code decodes} says whether {@link Images#decode} must accept it (else it must refuse it). */
    record Case(String name, byte[] bytes, boolean decodes) {
    }

    static List<Case> cases() {
        return List.of(
                new Case("a 1x1 PNG", png(gradient(1, 1, BufferedImage.TYPE_3BYTE_BGR)), true),
                new Case("a grey 64x48 PNG", png(gradient(64, 48, BufferedImage.TYPE_BYTE_GRAY)), true),
                new Case("a CMYK (YCCK) JPEG", resource("cmyk-ycck.jpg"), true),
                new Case("a 1000x1 PNG", png(gradient(1000, 1, BufferedImage.TYPE_3BYTE_BGR)), true),
                new Case("a 1x1000 PNG", png(gradient(1, 1000, BufferedImage.TYPE_3BYTE_BGR)), true),
                new Case("a 16x16 PNG whose header claims 20000x20000",
                        claimSize(png(gradient(16, 16, BufferedImage.TYPE_3BYTE_BGR)), 20000, 20000), false));
    }

    /**
     * Decodes each case and runs {@code stage} on it (under the contract's timeout, through {@code stage}),
     * asserting a non-null result or a {@link BadInputException} with a message.
     */
    static void assertEachGivesAResultOrAClearError(Function<RgbImage, ?> stage) {
        for (Case c : cases()) {
            RgbImage image;
            try {
                image = Images.decode(c.bytes());
            } catch (BadInputException refused) {
                assertThat(c.decodes()).as("%s was refused by the decoder: %s", c.name(), refused.getMessage())
                        .isFalse();
                assertThat(refused.getMessage()).as("decoder's refusal of %s", c.name()).isNotBlank();
                continue;
            }
            assertThat(c.decodes()).as("%s must be refused by the decoder, but decoded to %dx%d", c.name(),
                    image.width(), image.height()).isTrue();
            Object[] result = new Object[1];
            Throwable t = catchThrowable(() -> result[0] = stage.apply(image));
            if (t == null) {
                assertThat(result[0]).as("result for %s", c.name()).isNotNull();
            } else {
                assertThat(t).as("the stage's error for %s must be a BadInputException naming the problem", c.name())
                        .isInstanceOf(BadInputException.class);
                assertThat(t.getMessage()).as("message of the error for %s", c.name()).isNotBlank();
            }
        }
    }

    /** Smooth ramps, so that a resize has something other than a flat colour to work on. */
    private static BufferedImage gradient(int w, int h, int type) {
        BufferedImage img = new BufferedImage(w, h, type);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = x * 255 / Math.max(1, w - 1);
                int g = y * 255 / Math.max(1, h - 1);
                img.setRGB(x, y, r << 16 | g << 8 | (r + g) / 2);
            }
        }
        return img;
    }

    private static byte[] png(BufferedImage img) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(img, "png", out)) {
                throw new IllegalStateException("no PNG writer");
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Rewrites a PNG's IHDR width and height, and its CRC, so the file is well formed but lies about its size. */
    private static byte[] claimSize(byte[] png, int width, int height) {
        ByteBuffer b = ByteBuffer.wrap(png); // big-endian, as PNG
        // 8-byte signature, then IHDR: length (4), type (4) at 12, width at 16, height at 20, ..., CRC at 29
        b.putInt(16, width).putInt(20, height);
        CRC32 crc = new CRC32();
        crc.update(png, 12, 17);
        b.putInt(29, (int) crc.getValue());
        return png;
    }

    private static byte[] resource(String name) {
        try (InputStream in = AwkwardImages.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("testkit resource " + name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

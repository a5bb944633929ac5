package dev.echollama.image;

import static dev.echollama.image.TestImages.encode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.echollama.BadInputException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Lying headers: a small file claiming 20000x20000 is refused from its header, quickly, before allocation. */
class ImageBudgetTest {
    @TempDir Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"png", "jpeg", "gif", "bmp"})
    void twentyThousandSquaredIsRefusedFromTheHeader(String format) throws Exception {
        byte[] lying = claim20000(encode(TestImages.quadrants(16, 16), format), format);
        Path file = dir.resolve("huge." + format);
        Files.write(file, lying);
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> Images.read(file)).isInstanceOf(BadInputException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("20000x20000 = 400000000 pixels")
                .hasMessageContaining("budget of 50000000 pixels");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(ms).as("refusal time in ms").isLessThan(1000);
    }

    @Test
    void budgetIsConfigurable() {
        byte[] png = encode(TestImages.quadrants(20, 10), "png");
        assertThat(Images.decode(png, new ImageReadOptions(200)).pixelCount()).isEqualTo(200);
        assertThatThrownBy(() -> Images.decode(png, ImageReadOptions.defaults().withMaxPixels(199)))
                .isInstanceOf(BadInputException.class).hasMessageContaining("20x10 = 200 pixels")
                .hasMessageContaining("budget of 199");
    }

    @Test
    void zeroWidthIsRefusedByName() {
        byte[] png = encode(TestImages.quadrants(4, 4), "png");
        setPngSize(png, 0, 4);
        assertThatThrownBy(() -> Images.decode(png)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("image data");
        byte[] bmp = encode(TestImages.quadrants(4, 4), "bmp");
        ByteBuffer.wrap(bmp).order(ByteOrder.LITTLE_ENDIAN).putInt(18, 0);
        assertThatThrownBy(() -> Images.decode(bmp)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("0x4");
    }

    @Test
    void jpegWithThousandsOfScansIsRefusedBeforeDecoding() {
        byte[] jpeg = encode(TestImages.quadrants(16, 16), "jpeg");
        int sos = indexOf(jpeg, (byte) 0xFF, (byte) 0xDA);
        java.io.ByteArrayOutputStream bomb = new java.io.ByteArrayOutputStream();
        bomb.write(jpeg, 0, sos);
        for (int i = 0; i < 1500; i++) { // the same scan over and over
            bomb.write(jpeg, sos, jpeg.length - 2 - sos);
        }
        bomb.write(0xFF);
        bomb.write(0xD9);
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> Images.decode(bomb.toByteArray())).isInstanceOf(BadInputException.class)
                .hasMessageContaining("1500 scans; expected at most 1000");
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(1000);
    }

    static byte[] claim20000(byte[] b, String format) {
        switch (format) {
            case "png" -> setPngSize(b, 20000, 20000);
            case "bmp" -> ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(18, 20000).putInt(22, 20000);
            case "jpeg" -> {
                int sof = indexOf(b, (byte) 0xFF, (byte) 0xC0);
                ByteBuffer.wrap(b).putShort(sof + 5, (short) 20000).putShort(sof + 7, (short) 20000);
            }
            case "gif" -> {
                ByteBuffer le = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
                le.putShort(6, (short) 20000).putShort(8, (short) 20000);
                int p = 13 + ((b[10] & 0x80) != 0 ? 3 << ((b[10] & 7) + 1) : 0);
                while ((b[p] & 0xff) == 0x21) { // extension: label, then sub-blocks until a 0 length
                    p += 2;
                    while (b[p] != 0) {
                        p += (b[p] & 0xff) + 1;
                    }
                    p++;
                }
                assertThat(b[p] & 0xff).as("image descriptor").isEqualTo(0x2C);
                le.putShort(p + 5, (short) 20000).putShort(p + 7, (short) 20000);
            }
            default -> throw new IllegalArgumentException(format);
        }
        return b;
    }

    static void setPngSize(byte[] png, int w, int h) {
        ByteBuffer.wrap(png).putInt(16, w).putInt(20, h);
        CRC32 crc = new CRC32();
        crc.update(png, 12, 17); // "IHDR" and its 13 data bytes
        ByteBuffer.wrap(png).putInt(29, (int) crc.getValue());
    }

    static int indexOf(byte[] b, byte first, byte second) {
        for (int i = 0; i + 1 < b.length; i++) {
            if (b[i] == first && b[i + 1] == second) {
                return i;
            }
        }
        throw new AssertionError("marker not found");
    }
}

package dev.echollama.image;

import static dev.echollama.image.TestImages.assertColour;
import static dev.echollama.image.TestImages.encode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.echollama.BadInputException;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImagesTest {
    @TempDir Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"png", "bmp"})
    void losslessFormatsDecodeEveryPixelExactly(String format) {
        BufferedImage src = TestImages.noise(37, 23, 7);
        RgbImage img = Images.decode(encode(src, format));
        assertThat(img).isEqualTo(RgbImage.fromBufferedImage(src));
    }

    @Test
    void gifFirstFrameDecodesExactlyForFewColours() {
        RgbImage img = Images.decode(encode(TestImages.quadrants(30, 20), "gif"));
        assertThat(img).isEqualTo(RgbImage.fromBufferedImage(TestImages.quadrants(30, 20)));
    }

    @Test
    void jpegDecodesWithinCompressionError() {
        RgbImage img = Images.decode(encode(TestImages.quadrants(64, 48), "jpeg"));
        assertThat(img.width()).isEqualTo(64);
        assertThat(img.height()).isEqualTo(48);
        assertColour(img, 16, 12, 0xFF0000, 8, "red quadrant");
        assertColour(img, 48, 12, 0x00FF00, 8, "green quadrant");
        assertColour(img, 16, 36, 0x0000FF, 8, "blue quadrant");
        assertColour(img, 48, 36, 0xFFFFFF, 8, "white quadrant");
    }

    @Test
    void readsFilesAndNamesThemInErrors() throws IOException {
        Path png = dir.resolve("pic.png");
        Files.write(png, encode(TestImages.noise(5, 4, 1), "png"));
        assertThat(Images.read(png)).isEqualTo(RgbImage.fromBufferedImage(TestImages.noise(5, 4, 1)));

        Path text = dir.resolve("notes.jpg");
        Files.writeString(text, "hello, this is not a picture");
        assertThatThrownBy(() -> Images.read(text)).isInstanceOf(BadInputException.class)
                .hasMessageContaining(text.toString()).hasMessageContaining("not a JPEG, PNG, BMP or GIF")
                .hasMessageContaining("68 65 6C 6C");
        assertThatThrownBy(() -> Images.read(dir.resolve("missing.png"))).isInstanceOf(BadInputException.class)
                .hasMessageContaining("missing.png").hasMessageContaining("does not exist");
        assertThatThrownBy(() -> Images.read(dir)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("directory");
        Path empty = Files.createFile(dir.resolve("empty.png"));
        assertThatThrownBy(() -> Images.read(empty)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("empty.png").hasMessageContaining("empty (0 bytes)");
    }

    @Test
    void nullAndEmptyInputsAreBadInput() {
        assertThatThrownBy(() -> Images.decode(null)).isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> Images.decode(new byte[0])).isInstanceOf(BadInputException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> Images.read(null)).isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> Images.decode(new byte[] {1}, null)).isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> new ImageReadOptions(0)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("maxPixels");
    }

    @ParameterizedTest
    @ValueSource(strings = {"png", "bmp", "gif", "jpeg"})
    void truncatedFilesAreRefusedNotHalfDecoded(String format) throws IOException {
        BufferedImage src = format.equals("gif") ? TestImages.quadrants(64, 64) : TestImages.noise(64, 64, 3);
        byte[] whole = encode(src, format);
        Path cut = dir.resolve("cut." + format);
        Files.write(cut, Arrays.copyOf(whole, whole.length * 6 / 10));
        assertThatThrownBy(() -> Images.read(cut)).isInstanceOf(BadInputException.class)
                .hasMessageContaining(cut.toString());
    }

    @Test
    void greyPngIsReplicatedWithoutGammaChange() {
        BufferedImage grey = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSamples(0, 0, 3, 1, 0, new int[] {0, 100, 255});
        RgbImage img = Images.decode(encode(grey, "png"));
        assertThat(img.rgb(0, 0)).isEqualTo(0x000000);
        assertThat(img.rgb(1, 0)).isEqualTo(0x646464);
        assertThat(img.rgb(2, 0)).isEqualTo(0xFFFFFF);
    }

    @Test
    void greyJpegIsReplicated() {
        BufferedImage grey = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY);
        int[] v = new int[256];
        Arrays.fill(v, 100);
        grey.getRaster().setSamples(0, 0, 16, 16, 0, v);
        RgbImage img = Images.decode(encode(grey, "jpeg"));
        assertColour(img, 8, 8, 0x646464, 2, "grey JPEG");
    }

    @Test
    void greyAlphaPngDropsAlphaAndKeepsGrey() {
        ColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), true, false,
                Transparency.TRANSLUCENT, DataBuffer.TYPE_BYTE);
        WritableRaster r = cm.createCompatibleWritableRaster(2, 1);
        r.setPixel(0, 0, new int[] {100, 0});
        r.setPixel(1, 0, new int[] {200, 128});
        BufferedImage ga = new BufferedImage(cm, r, false, null);
        RgbImage img = Images.decode(encode(ga, "png"));
        assertThat(img.rgb(0, 0)).isEqualTo(0x646464);
        assertThat(img.rgb(1, 0)).isEqualTo(0xC8C8C8);
    }

    @Test
    void rgbaPngDropsAlpha() {
        BufferedImage argb = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(0, 0, 0x00123456); // fully transparent: colour still kept as stored
        argb.setRGB(1, 0, 0x80ABCDEF);
        RgbImage img = Images.decode(encode(argb, "png"));
        assertThat(img.rgb(0, 0)).isEqualTo(0x123456);
        assertThat(img.rgb(1, 0)).isEqualTo(0xABCDEF);
    }

    @Test
    void sixteenBitPngRoundsToEightBits() {
        BufferedImage g16 = new BufferedImage(3, 1, BufferedImage.TYPE_USHORT_GRAY);
        g16.getRaster().setSamples(0, 0, 3, 1, 0, new int[] {0, 100 * 257, 65535});
        RgbImage img = Images.decode(encode(g16, "png"));
        assertThat(img.rgb(1, 0)).isEqualTo(0x646464);
        assertThat(img.rgb(2, 0)).isEqualTo(0xFFFFFF);
    }

    @Test
    void indexedPngLooksUpThePalette() {
        byte[] reds = {(byte) 255, 0, 10};
        byte[] greens = {0, (byte) 255, 20};
        byte[] blues = {0, 0, 30};
        IndexColorModel icm = new IndexColorModel(8, 3, reds, greens, blues);
        BufferedImage ix = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_INDEXED, icm);
        ix.getRaster().setSamples(0, 0, 3, 1, 0, new int[] {2, 0, 1});
        RgbImage img = Images.decode(encode(ix, "png"));
        assertThat(img.rgb(0, 0)).isEqualTo(0x0A141E);
        assertThat(img.rgb(1, 0)).isEqualTo(0xFF0000);
        assertThat(img.rgb(2, 0)).isEqualTo(0x00FF00);
    }

    /** Hand-built (the JDK's BMP writer packs 4-bit indexed rows wrongly): 8-bit palette, bottom-up rows. */
    @Test
    void indexedBmpLooksUpThePalette() {
        RgbImage img = Images.decode(indexedBmp());
        assertThat(img.width()).isEqualTo(3);
        assertThat(img.height()).isEqualTo(2);
        assertThat(img.rgb(0, 0)).isEqualTo(0x0A141E); // top row is stored last
        assertThat(img.rgb(1, 0)).isEqualTo(0xFF0000);
        assertThat(img.rgb(2, 0)).isEqualTo(0x00FF00);
        assertThat(img.rgb(0, 1)).isEqualTo(0xFF0000);
        assertThat(img.rgb(2, 1)).isEqualTo(0x0A141E);
    }

    static byte[] indexedBmp() {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(14 + 40 + 12 + 8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'B').put((byte) 'M').putInt(b.capacity()).putInt(0).putInt(14 + 40 + 12);
        b.putInt(40).putInt(3).putInt(2).putShort((short) 1).putShort((short) 8).putInt(0).putInt(8)
                .putInt(2835).putInt(2835).putInt(3).putInt(0);
        b.put(new byte[] {0, 0, (byte) 255, 0}); // palette entries are B, G, R, reserved
        b.put(new byte[] {0, (byte) 255, 0, 0});
        b.put(new byte[] {30, 20, 10, 0});
        b.put(new byte[] {0, 1, 2, 0}); // bottom row, padded to 4 bytes
        b.put(new byte[] {2, 0, 1, 0}); // top row
        return b.array();
    }
}

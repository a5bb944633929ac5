package dev.echollama.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JpegMarkersTest {
    /** SOI, APP1 Exif holding {@code tiff}, then a tiny SOF0 with 3 components. */
    static byte[] jpegWithExif(byte[] tiff) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xFF);
        out.write(0xD8);
        int len = 2 + 6 + tiff.length;
        out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xE1, (byte) (len >> 8), (byte) len});
        out.writeBytes(new byte[] {'E', 'x', 'i', 'f', 0, 0});
        out.writeBytes(tiff);
        out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xC0, 0, 17, 8, 0, 1, 0, 1, 3, 1, 0x11, 0, 2, 0x11, 1, 3, 0x11, 1});
        return out.toByteArray();
    }

    /** TIFF header and an IFD0 with one or more entries, the Orientation among them, in either byte order. */
    static byte[] tiff(boolean little, int orientation) {
        byte[] t = new byte[8 + 2 + 2 * 12 + 4];
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(t)
                .order(little ? java.nio.ByteOrder.LITTLE_ENDIAN : java.nio.ByteOrder.BIG_ENDIAN);
        b.put((byte) (little ? 'I' : 'M')).put((byte) (little ? 'I' : 'M')).putShort((short) 42).putInt(8);
        b.putShort((short) 2);
        b.putShort((short) 0x010F).putShort((short) 2).putInt(4).putInt(0); // Make, ASCII, pointer (unused here)
        b.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        b.putInt(0);
        return t;
    }

    @Test
    void readsOrientationInBothByteOrders() {
        for (int o = 1; o <= 8; o++) {
            assertThat(JpegMarkers.scan(jpegWithExif(tiff(true, o))).orientation()).isEqualTo(o);
            assertThat(JpegMarkers.scan(jpegWithExif(tiff(false, o))).orientation()).isEqualTo(o);
        }
        JpegMarkers.Info info = JpegMarkers.scan(jpegWithExif(tiff(true, 6)));
        assertThat(info.components()).isEqualTo(3);
        assertThat(info.adobeTransform()).isEqualTo(JpegMarkers.NO_ADOBE);
    }

    @Test
    void badExifMeansUpright() {
        assertThat(JpegMarkers.scan(jpegWithExif(tiff(true, 0))).orientation()).isEqualTo(1);
        assertThat(JpegMarkers.scan(jpegWithExif(tiff(true, 9))).orientation()).isEqualTo(1);
        byte[] t = tiff(false, 6);
        t[7] = (byte) 200; // IFD0 offset past the end of the segment
        assertThat(JpegMarkers.scan(jpegWithExif(t)).orientation()).isEqualTo(1);
        t = tiff(false, 6);
        t[8] = (byte) 0xFF; // 65280+ entries claimed in a 38-byte segment, none of those present the Orientation
        t[23] = 0x13;
        assertThat(JpegMarkers.scan(jpegWithExif(t)).orientation()).isEqualTo(1);
        t = tiff(true, 6);
        t[0] = 'X';
        assertThat(JpegMarkers.scan(jpegWithExif(t)).orientation()).isEqualTo(1);
        byte[] whole = jpegWithExif(tiff(true, 6));
        whole[5] = (byte) 0xF0; // APP1 length far beyond the file
        assertThat(JpegMarkers.scan(whole).orientation()).isEqualTo(1);
        assertThat(JpegMarkers.scan(new byte[] {(byte) 0xFF, (byte) 0xD8}).orientation()).isEqualTo(1);
    }

    /** Hostile EXIF: random truncations and byte changes never throw and never give a value outside 1..8. */
    @Test
    void randomDamageNeverThrows() {
        byte[] good = jpegWithExif(tiff(true, 6));
        qt().withFixedSeed(42).withExamples(2000).forAll(integers().between(0, good.length), longs().all())
                .checkAssert((cut, seed) -> {
                    byte[] b = Arrays.copyOf(good, cut);
                    Random r = new Random(seed);
                    for (int k = r.nextInt(6); k > 0 && b.length > 0; k--) {
                        b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                    }
                    assertThat(JpegMarkers.scan(b).orientation()).isBetween(1, 8);
                });
    }
}

package dev.echollama.image;

import dev.echollama.BadInputException;

/**
 * Checks a BMP's header fields against the file length before ImageIO sees them. The JDK's BMP reader sizes
 * arrays from these fields (palette from the pixel-data offset, RLE buffers from the image size, ICC profiles
 * from the profile size), so a lying header could otherwise exhaust the heap; and it decodes a cut-off
 * uncompressed file silently, leaving the missing rows black.
 */
final class BmpHeader {
    private static final int FILE_HEADER = 14;
    private static final int BI_RGB = 0;
    private static final int BI_RLE8 = 1;
    private static final int BI_RLE4 = 2;
    private static final int BI_BITFIELDS = 3;
    private static final int BI_ALPHABITFIELDS = 6;
    private static final long CS_LINKED = 0x4C494E4BL; // 'LINK'
    private static final long CS_EMBEDDED = 0x4D424544L; // 'MBED'

    private BmpHeader() {}

    /** Structural checks that need no pixel size: header length, pixel-data offset, embedded profile. */
    static void check(byte[] b, String source) {
        if (b.length < FILE_HEADER + 4) {
            throw new BadInputException(source + " is a truncated BMP: " + b.length + " bytes, expected at least "
                    + (FILE_HEADER + 4) + " for the file header");
        }
        long infoSize = u32(b, FILE_HEADER);
        if (infoSize != 12 && infoSize != 16 && infoSize != 40 && infoSize != 52 && infoSize != 56 && infoSize != 64
                && infoSize != 108 && infoSize != 124) {
            throw new BadInputException(source + " has a BMP info header size of " + infoSize
                    + "; expected 12, 16, 40, 52, 56, 64, 108 or 124");
        }
        if (FILE_HEADER + infoSize > b.length) {
            throw new BadInputException(source + " is a truncated BMP: its " + infoSize + "-byte info header needs "
                    + (FILE_HEADER + infoSize) + " bytes, the file has " + b.length);
        }
        long offset = u32(b, 10);
        if (offset < FILE_HEADER + infoSize || offset > b.length) {
            throw new BadInputException(source + " has a BMP pixel-data offset of " + offset + "; expected "
                    + (FILE_HEADER + infoSize) + " to " + b.length + " (the file length)");
        }
        if (infoSize >= 124) {
            long csType = u32(b, FILE_HEADER + 56);
            long profileOffset = u32(b, FILE_HEADER + 112);
            long profileSize = u32(b, FILE_HEADER + 116);
            if ((csType == CS_LINKED || csType == CS_EMBEDDED)
                    && FILE_HEADER + profileOffset + profileSize > b.length) {
                throw new BadInputException(source + " declares a " + profileSize + "-byte colour profile at offset "
                        + profileOffset + " of its BMP header, beyond the end of the " + b.length + "-byte file");
            }
        }
    }

    /** {width, height} from the info header (height as a magnitude: negative means rows run top-down). */
    static long[] size(byte[] b) {
        long infoSize = u32(b, FILE_HEADER);
        if (infoSize == 12) {
            return new long[] {u16(b, FILE_HEADER + 4), u16(b, FILE_HEADER + 6)};
        }
        return new long[] {(int) u32(b, FILE_HEADER + 4), Math.abs((long) (int) u32(b, FILE_HEADER + 8))};
    }

    /** After the size passed the budget: is all the pixel data there? */
    static void checkComplete(byte[] b, String source) {
        long infoSize = u32(b, FILE_HEADER);
        long offset = u32(b, 10);
        long available = b.length - offset;
        long[] size = size(b);
        long width = Math.abs(size[0]);
        long height = size[1];
        int bits;
        long compression;
        long imageSize;
        if (infoSize == 12) {
            bits = u16(b, FILE_HEADER + 10);
            compression = BI_RGB;
            imageSize = 0;
        } else {
            bits = u16(b, FILE_HEADER + 14);
            compression = infoSize >= 20 ? u32(b, FILE_HEADER + 16) : BI_RGB;
            imageSize = infoSize >= 24 ? u32(b, FILE_HEADER + 20) : 0;
        }
        long needed;
        if (compression == BI_RGB || compression == BI_BITFIELDS || compression == BI_ALPHABITFIELDS) {
            needed = (width * bits + 31) / 32 * 4 * height;
        } else if (compression == BI_RLE8 || compression == BI_RLE4) {
            needed = imageSize;
        } else {
            return; // embedded JPEG / PNG: their own decoder finds the end
        }
        if (needed > available) {
            throw new BadInputException(source + " is a truncated BMP: " + width + "x" + height + " at " + bits
                    + " bits needs " + needed + " bytes of pixel data, the file has " + Math.max(0, available));
        }
    }

    private static int u16(byte[] b, int i) {
        return (b[i] & 0xff) | ((b[i + 1] & 0xff) << 8);
    }

    private static long u32(byte[] b, int i) {
        return (b[i] & 0xffL) | ((b[i + 1] & 0xffL) << 8) | ((b[i + 2] & 0xffL) << 16) | ((b[i + 3] & 0xffL) << 24);
    }
}

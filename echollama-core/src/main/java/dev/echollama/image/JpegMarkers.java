package dev.echollama.image;

/**
 * What ImageIO's JPEG reader does not tell us, read straight from the marker segments before the first scan:
 * the EXIF orientation, the Adobe APP14 colour transform and the number of colour components.
 *
 * <p>Files come from strangers: every offset is bounds-checked and anything malformed is ignored (orientation
 * 1, no Adobe marker) rather than thrown; ImageIO reports real corruption when it decodes.
 */
final class JpegMarkers {
    /** No Adobe APP14 segment in the file. */
    static final int NO_ADOBE = -1;

    /**
     * Progressive JPEGs have about ten scans; each scan passes over the whole coefficient buffer, so a small file
     * with thousands of scans is a decompression bomb (libjpeg-turbo's tools cap it the same way).
     */
    static final int MAX_SCANS = 1000;

    private static final int TAG_ORIENTATION = 0x0112;
    private static final int TYPE_SHORT = 3;

    private JpegMarkers() {}

    /**
     * @param orientation EXIF orientation 1..8 (1 when absent or unreadable)
     * @param adobeTransform 0 (none: RGB or CMYK), 1 (YCbCr), 2 (YCCK), or {@link #NO_ADOBE}
     * @param components colour components in the frame header, or 0 if no frame header was found
     */
    record Info(int orientation, int adobeTransform, int components) {}

    static Info scan(byte[] b) {
        int orientation = 0;
        int adobe = NO_ADOBE;
        int components = 0;
        int i = 2; // after SOI
        while (i + 4 <= b.length) {
            if ((b[i] & 0xff) != 0xFF) {
                break; // not at a marker: the header is corrupt, let the decoder say so
            }
            int marker = b[i + 1] & 0xff;
            if (marker == 0xFF) {
                i++; // fill byte
                continue;
            }
            if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                i += 2; // stand-alone markers
                continue;
            }
            if (marker == 0xD9 || marker == 0xDA) {
                break; // EOI, or SOS: entropy-coded data follows; everything we need precedes it
            }
            int length = u16be(b, i + 2);
            int payload = i + 4;
            int end = i + 2 + length;
            if (length < 2 || end > b.length) {
                break;
            }
            int n = length - 2;
            if (marker == 0xE1 && orientation == 0 && n >= 6 && b[payload] == 'E' && b[payload + 1] == 'x'
                    && b[payload + 2] == 'i' && b[payload + 3] == 'f' && b[payload + 4] == 0 && b[payload + 5] == 0) {
                orientation = exifOrientation(b, payload + 6, n - 6);
            } else if (marker == 0xEE && n >= 12 && b[payload] == 'A' && b[payload + 1] == 'd' && b[payload + 2] == 'o'
                    && b[payload + 3] == 'b' && b[payload + 4] == 'e') {
                adobe = b[payload + 11] & 0xff;
            } else if (isStartOfFrame(marker) && n >= 6 && components == 0) {
                components = b[payload + 5] & 0xff;
            }
            i = end;
        }
        return new Info(orientation == 0 ? 1 : orientation, adobe, components);
    }

    /**
     * Start-of-scan markers in the whole file. Entropy-coded data never holds 0xFF 0xDA (a data 0xFF is always
     * followed by 0x00 or a restart marker), so counting the byte pair is exact for valid files.
     */
    static int countScans(byte[] b) {
        int scans = 0;
        for (int i = 0; i + 1 < b.length; i++) {
            if (b[i] == (byte) 0xFF && b[i + 1] == (byte) 0xDA) {
                scans++;
            }
        }
        return scans;
    }

    private static boolean isStartOfFrame(int marker) {
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }

    /**
     * The Orientation tag of IFD0 of the TIFF structure at {@code b[start, start+len)}, or 0 when absent or
     * malformed (unknown byte order, offsets outside the segment, wrong type, value outside 1..8).
     */
    static int exifOrientation(byte[] b, int start, int len) {
        if (len < 8 || start < 0 || start + (long) len > b.length) {
            return 0;
        }
        boolean little;
        if (b[start] == 'I' && b[start + 1] == 'I') {
            little = true;
        } else if (b[start] == 'M' && b[start + 1] == 'M') {
            little = false;
        } else {
            return 0;
        }
        if (u16(b, start + 2, little) != 42) {
            return 0;
        }
        long ifd = u32(b, start + 4, little);
        if (ifd < 8 || ifd + 2 > len) {
            return 0;
        }
        int entries = u16(b, start + (int) ifd, little);
        for (int k = 0; k < entries; k++) {
            long entry = ifd + 2 + 12L * k;
            if (entry + 12 > len) {
                return 0;
            }
            int at = start + (int) entry;
            if (u16(b, at, little) != TAG_ORIENTATION) {
                continue;
            }
            if (u16(b, at + 2, little) != TYPE_SHORT || u32(b, at + 4, little) < 1) {
                return 0;
            }
            int value = u16(b, at + 8, little); // a single SHORT sits left-justified in the value field
            return value >= 1 && value <= 8 ? value : 0;
        }
        return 0;
    }

    private static int u16be(byte[] b, int i) {
        return ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
    }

    private static int u16(byte[] b, int i, boolean little) {
        return little ? (b[i] & 0xff) | ((b[i + 1] & 0xff) << 8) : u16be(b, i);
    }

    private static long u32(byte[] b, int i, boolean little) {
        long v;
        if (little) {
            v = (b[i] & 0xffL) | ((b[i + 1] & 0xffL) << 8) | ((b[i + 2] & 0xffL) << 16) | ((b[i + 3] & 0xffL) << 24);
        } else {
            v = ((b[i] & 0xffL) << 24) | ((b[i + 1] & 0xffL) << 16) | ((b[i + 2] & 0xffL) << 8) | (b[i + 3] & 0xffL);
        }
        return v;
    }
}

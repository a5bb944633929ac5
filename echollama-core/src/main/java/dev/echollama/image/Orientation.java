package dev.echollama.image;

/**
 * Turns pixels stored with an EXIF orientation (TIFF 6.0 tag 274) into the upright picture.
 *
 * <p>For each orientation, which stored pixel lands at display position (x', y'), with W × H the stored size:
 * 1 identity; 2 mirror left-right; 3 rotate 180; 4 mirror top-bottom; 5 transpose; 6 rotate 90 clockwise;
 * 7 transverse; 8 rotate 90 anticlockwise. Orientations 5 to 8 swap width and height.
 */
final class Orientation {
    private Orientation() {}

    static RgbImage apply(RgbImage stored, int orientation) {
        if (orientation <= 1 || orientation > 8) {
            return stored;
        }
        int w = stored.width();
        int h = stored.height();
        boolean swap = orientation >= 5;
        int ow = swap ? h : w;
        int oh = swap ? w : h;
        byte[] src = stored.toRgbBytes();
        byte[] dst = new byte[src.length];
        int o = 0;
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                int sx;
                int sy;
                switch (orientation) {
                    case 2 -> { sx = w - 1 - x; sy = y; }
                    case 3 -> { sx = w - 1 - x; sy = h - 1 - y; }
                    case 4 -> { sx = x; sy = h - 1 - y; }
                    case 5 -> { sx = y; sy = x; }
                    case 6 -> { sx = y; sy = h - 1 - x; }
                    case 7 -> { sx = w - 1 - y; sy = h - 1 - x; }
                    default -> { sx = w - 1 - y; sy = x; } // 8
                }
                int s = (sy * w + sx) * 3;
                dst[o++] = src[s];
                dst[o++] = src[s + 1];
                dst[o++] = src[s + 2];
            }
        }
        return RgbImage.adopt(ow, oh, dst);
    }
}

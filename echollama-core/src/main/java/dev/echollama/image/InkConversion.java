package dev.echollama.image;

import java.awt.image.Raster;

/**
 * Four-component JPEG pixels (CMYK or YCCK) to RGB, which ImageIO will not do.
 *
 * <p>Conventions, as Photoshop writes such files and browsers and ImageMagick read them: the stored CMYK values
 * are inverted (255 = no ink), with or without an Adobe APP14 segment; APP14 transform 2 means the C, M, Y
 * channels were stored as YCbCr of (255-C, 255-M, 255-Y) and must first be turned back. Ink becomes RGB by the
 * uncalibrated formula {@code R = (1-C)(1-K)} (no ICC profile), which is exact for the pure primaries.
 */
final class InkConversion {
    static final int ADOBE_TRANSFORM_YCCK = 2;

    private InkConversion() {}

    static RgbImage toRgb(Raster raster, int adobeTransform) {
        int w = raster.getWidth();
        int h = raster.getHeight();
        if (raster.getNumBands() != 4) {
            throw new IllegalStateException("expected 4 bands, got " + raster.getNumBands());
        }
        boolean ycck = adobeTransform == ADOBE_TRANSFORM_YCCK;
        byte[] out = new byte[Math.multiplyExact(Math.multiplyExact(w, h), 3)];
        int[] row = new int[w * 4];
        int minX = raster.getMinX();
        int minY = raster.getMinY();
        int o = 0;
        for (int y = 0; y < h; y++) {
            raster.getPixels(minX, minY + y, w, 1, row);
            for (int x = 0, p = 0; x < w; x++, p += 4) {
                // "Inverted" stored values: s = 255 - ink, so the remaining light per channel is s / 255.
                int sc;
                int sm;
                int sy;
                if (ycck) {
                    // YCCK stores YCbCr of (255 - stored C, ...); undo the JFIF transform to get them back.
                    double yy = row[p];
                    double cb = row[p + 1] - 128.0;
                    double cr = row[p + 2] - 128.0;
                    sc = 255 - clamp(yy + 1.402 * cr);
                    sm = 255 - clamp(yy - 0.344136 * cb - 0.714136 * cr);
                    sy = 255 - clamp(yy + 1.772 * cb);
                } else {
                    sc = row[p];
                    sm = row[p + 1];
                    sy = row[p + 2];
                }
                int sk = row[p + 3];
                out[o++] = (byte) ((sc * sk + 127) / 255);
                out[o++] = (byte) ((sm * sk + 127) / 255);
                out[o++] = (byte) ((sy * sk + 127) / 255);
            }
        }
        return RgbImage.adopt(w, h, out);
    }

    private static int clamp(double v) {
        long r = Math.round(v);
        return r < 0 ? 0 : r > 255 ? 255 : (int) r;
    }
}

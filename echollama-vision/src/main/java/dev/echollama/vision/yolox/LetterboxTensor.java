package dev.echollama.vision.yolox;

import dev.echollama.image.RgbImage;

/**
 * Fills YOLOX's input: the image resized with bilinear interpolation (OpenCV {@code INTER_LINEAR} sampling:
 * pixel centres aligned, no antialiasing) to fit the square keeping its aspect ratio, placed top-left, the rest
 * filled with 114; channels B, G, R as planes; values 0–255, no mean or std. This is YOLOX's own
 * {@code preproc} with its {@code swap=(2, 0, 1)} on an OpenCV (BGR) image.
 */
final class LetterboxTensor {
    static final float PAD = 114f;

    private LetterboxTensor() {
    }

    /**
     * Writes {@code 3 × size × size} floats into {@code dst} (B plane, G plane, R plane) and returns the geometry
     * needed to map boxes back.
     */
    static Letterbox fill(RgbImage image, int size, float[] dst) {
        Letterbox g = Letterbox.topLeft(image.width(), image.height(), size);
        int plane = size * size;
        java.util.Arrays.fill(dst, 0, 3 * plane, PAD);
        int rw = Math.min(size, g.resizedWidth());
        int rh = Math.min(size, g.resizedHeight());
        int sw = image.width();
        int sh = image.height();
        // One bulk copy, then plain array reads: ByteBuffer.get(int) per tap costs more than the copy.
        byte[] px = new byte[sw * sh * 3];
        image.pixels().get(px);
        double fx = (double) sw / rw;
        double fy = (double) sh / rh;
        // Horizontal taps are the same for every row: compute them once.
        int[] x0 = new int[rw];
        int[] x1 = new int[rw];
        float[] ax = new float[rw];
        for (int x = 0; x < rw; x++) {
            double sx = (x + 0.5) * fx - 0.5;
            int i = (int) Math.floor(sx);
            float a = (float) (sx - i);
            if (i < 0) {
                i = 0;
                a = 0;
            }
            if (i >= sw - 1) {
                i = sw - 1;
                a = 0;
            }
            x0[x] = i * 3;
            x1[x] = Math.min(i + 1, sw - 1) * 3;
            ax[x] = a;
        }
        for (int y = 0; y < rh; y++) {
            double sy = (y + 0.5) * fy - 0.5;
            int j = (int) Math.floor(sy);
            float ay = (float) (sy - j);
            if (j < 0) {
                j = 0;
                ay = 0;
            }
            if (j >= sh - 1) {
                j = sh - 1;
                ay = 0;
            }
            int r0 = j * sw * 3;
            int r1 = Math.min(j + 1, sh - 1) * sw * 3;
            int o = y * size;
            for (int x = 0; x < rw; x++) {
                float a = ax[x];
                int i00 = r0 + x0[x];
                int i01 = r0 + x1[x];
                int i10 = r1 + x0[x];
                int i11 = r1 + x1[x];
                for (int c = 0; c < 3; c++) {
                    float p00 = px[i00 + c] & 0xff;
                    float p01 = px[i01 + c] & 0xff;
                    float p10 = px[i10 + c] & 0xff;
                    float p11 = px[i11 + c] & 0xff;
                    float top = p00 + (p01 - p00) * a;
                    float bottom = p10 + (p11 - p10) * a;
                    // RGB source channel c goes to BGR plane 2 - c.
                    dst[(2 - c) * plane + o + x] = top + (bottom - top) * ay;
                }
            }
        }
        return g;
    }
}

package dev.echollama.image;

import java.util.Locale;

/** The container formats {@link Images} decodes, recognised by their leading bytes (never by file name). */
enum ImageFormat {
    JPEG("jpeg"),
    PNG("png"),
    BMP("bmp"),
    GIF("gif");

    private final String imageIoName;

    ImageFormat(String imageIoName) {
        this.imageIoName = imageIoName;
    }

    String imageIoName() {
        return imageIoName;
    }

    /** The format whose signature starts {@code b}, or null. */
    static ImageFormat sniff(byte[] b) {
        if (startsWith(b, 0xFF, 0xD8, 0xFF)) {
            return JPEG;
        }
        if (startsWith(b, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return PNG;
        }
        if (startsWith(b, 'G', 'I', 'F', '8', '7', 'a') || startsWith(b, 'G', 'I', 'F', '8', '9', 'a')) {
            return GIF;
        }
        if (startsWith(b, 'B', 'M')) {
            return BMP;
        }
        return null;
    }

    private static boolean startsWith(byte[] b, int... sig) {
        if (b.length < sig.length) {
            return false;
        }
        for (int i = 0; i < sig.length; i++) {
            if ((b[i] & 0xff) != sig[i]) {
                return false;
            }
        }
        return true;
    }

    /** The first bytes as hex ("50 4B 03 04"), to say in an error what was found instead of an image. */
    static String describeStart(byte[] b) {
        StringBuilder sb = new StringBuilder();
        int n = Math.min(b.length, 8);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(String.format(Locale.ROOT, "%02X", b[i] & 0xff));
        }
        if (b.length > n) {
            sb.append(" …");
        }
        return sb.toString();
    }
}

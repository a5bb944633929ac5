package dev.echollama.image;

import javax.imageio.stream.ImageInputStreamImpl;

/**
 * An {@link javax.imageio.stream.ImageInputStream} over bytes already in memory: unlike ImageIO's own streams it
 * neither copies them into a cache nor touches a temporary file, and it knows its length, which lets readers
 * stop at the end of a truncated file instead of waiting for more.
 */
final class ByteArrayImageInputStream extends ImageInputStreamImpl {
    private final byte[] bytes;

    ByteArrayImageInputStream(byte[] bytes) {
        this.bytes = bytes;
    }

    @Override
    public int read() {
        if (streamPos >= bytes.length) {
            return -1;
        }
        bitOffset = 0;
        return bytes[(int) streamPos++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (off < 0 || len < 0 || off + len > b.length || off + len < 0) {
            throw new IndexOutOfBoundsException("off " + off + ", len " + len + ", buffer " + b.length);
        }
        if (len == 0) {
            return 0;
        }
        if (streamPos >= bytes.length) {
            return -1;
        }
        bitOffset = 0;
        int n = (int) Math.min(len, bytes.length - streamPos);
        System.arraycopy(bytes, (int) streamPos, b, off, n);
        streamPos += n;
        return n;
    }

    @Override
    public long length() {
        return bytes.length;
    }
}

package dev.echollama.audio;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Builds RIFF/WAVE files byte by byte, independently of WavFiles, to feed the reader what other writers write. */
final class RiffBuilder {
    private final ByteArrayOutputStream chunks = new ByteArrayOutputStream();

    RiffBuilder chunk(String id, byte[] body) {
        chunks.writeBytes(id.getBytes(StandardCharsets.US_ASCII));
        chunks.writeBytes(le(4).putInt(body.length).array());
        chunks.writeBytes(body);
        if ((body.length & 1) != 0) {
            chunks.write(0); // RIFF pads odd chunks to even length
        }
        return this;
    }

    /** A plain fmt chunk (16 bytes). */
    RiffBuilder fmt(int tag, int channels, int rate, int bits) {
        int align = channels * bits / 8;
        return chunk("fmt ", le(16).putShort((short) tag).putShort((short) channels).putInt(rate)
                .putInt(rate * align).putShort((short) align).putShort((short) bits).array());
    }

    /** A WAVE_FORMAT_EXTENSIBLE fmt chunk (40 bytes) with the PCM (1) or IEEE float (3) sub-format GUID. */
    RiffBuilder fmtExtensible(int subFormat, int channels, int rate, int bits) {
        int align = channels * bits / 8;
        ByteBuffer b = le(40).putShort((short) 0xFFFE).putShort((short) channels).putInt(rate).putInt(rate * align)
                .putShort((short) align).putShort((short) bits).putShort((short) 22).putShort((short) bits)
                .putInt(channels == 2 ? 3 : 0).putShort((short) subFormat);
        b.put(new byte[] {0x00, 0x00, 0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00, 0x00, (byte) 0xAA, 0x00, 0x38,
            (byte) 0x9B, 0x71});
        return chunk("fmt ", b.array());
    }

    byte[] build() {
        byte[] body = chunks.toByteArray();
        ByteBuffer out = le(12 + body.length);
        out.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(4 + body.length)
                .put("WAVE".getBytes(StandardCharsets.US_ASCII)).put(body);
        return out.array();
    }

    static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }
}

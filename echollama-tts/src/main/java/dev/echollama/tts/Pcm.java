package dev.echollama.tts;

import dev.echollama.InferenceException;
import dev.echollama.audio.AudioClip;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Integer PCM bytes to float samples, and the RIFF/WAVE container espeak-ng writes. Private to this module until
 * core's WAV reader can be used instead.
 */
final class Pcm {
    private Pcm() {
    }

    /**
     * Decodes mono integer PCM (8-bit signed or unsigned, 16-bit signed) to floats in [-1, 1).
     *
     * @throws InferenceException for any other sample format (an engine handed us something unexpected)
     */
    static float[] decode(byte[] data, int offset, int length, int bits, boolean signed, boolean bigEndian) {
        if (bits == 16 && signed) {
            int n = length / 2;
            float[] out = new float[n];
            ByteBuffer bb = ByteBuffer.wrap(data, offset, n * 2).order(bigEndian ? ByteOrder.BIG_ENDIAN
                    : ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < n; i++) {
                out[i] = bb.getShort() / 32768f;
            }
            return out;
        }
        if (bits == 8) {
            float[] out = new float[length];
            for (int i = 0; i < length; i++) {
                int v = signed ? data[offset + i] : (data[offset + i] & 0xff) - 128;
                out[i] = v / 128f;
            }
            return out;
        }
        throw new InferenceException("unsupported PCM format from the speech engine: " + bits + "-bit "
                + (signed ? "signed" : "unsigned") + "; expected 16-bit signed or 8-bit");
    }

    /**
     * Reads a RIFF/WAVE file of mono 8/16-bit PCM. Programs that write WAV to a pipe cannot seek back to fill in
     * the sizes, so a RIFF or data size past the end of the bytes (espeak-ng writes 0x7ffff000) means "up to the
     * end".
     *
     * @param source what produced the bytes, for messages
     * @throws InferenceException if the bytes are not such a file
     */
    static AudioClip parseWav(byte[] wav, String source) {
        ByteBuffer bb = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        if (wav.length < 12 || bb.getInt(0) != 0x46464952 /* RIFF */ || bb.getInt(8) != 0x45564157 /* WAVE */) {
            throw new InferenceException(source + " did not write a RIFF/WAVE file (" + wav.length
                    + " bytes, starting " + hex(wav, 12) + ")");
        }
        int pos = 12;
        int channels = -1;
        int rate = -1;
        int bits = -1;
        int format = -1;
        while (pos + 8 <= wav.length) {
            int id = bb.getInt(pos);
            long size = bb.getInt(pos + 4) & 0xffffffffL;
            int body = pos + 8;
            if (id == 0x20746d66 /* "fmt " */) {
                if (size < 16 || body + 16 > wav.length) {
                    throw new InferenceException(source + " wrote a truncated WAV fmt chunk (" + size + " bytes)");
                }
                format = bb.getShort(body) & 0xffff;
                channels = bb.getShort(body + 2) & 0xffff;
                rate = bb.getInt(body + 4);
                bits = bb.getShort(body + 14) & 0xffff;
            } else if (id == 0x61746164 /* "data" */) {
                if (format != 1 || channels != 1 || (bits != 16 && bits != 8) || rate <= 0) {
                    throw new InferenceException(source + " wrote WAV audio as format " + format + ", " + channels
                            + " channel(s), " + bits + " bits, " + rate + " Hz; expected PCM (1), mono, 8 or 16 bits");
                }
                int available = wav.length - body;
                int length = (int) Math.min(size, available);
                length -= length % (bits / 8);
                return AudioClip.of(decode(wav, body, length, bits, bits == 16, false), rate);
            }
            long next = body + size + (size & 1);
            if (next > wav.length) {
                break;
            }
            pos = (int) next;
        }
        throw new InferenceException(source + " wrote a WAV file without a data chunk (" + wav.length + " bytes)");
    }

    private static String hex(byte[] b, int max) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(max, b.length); i++) {
            sb.append(String.format("%02x", b[i] & 0xff));
        }
        return sb.length() == 0 ? "<nothing>" : sb.toString();
    }
}

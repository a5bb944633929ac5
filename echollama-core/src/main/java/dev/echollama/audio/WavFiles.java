package dev.echollama.audio;

import dev.echollama.BadInputException;
import dev.echollama.EchoException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Reads and writes RIFF/WAVE files.
 *
 * <p>Reading: 8-bit unsigned, 16/24/32-bit signed PCM, 32/64-bit IEEE float, plain or WAVE_FORMAT_EXTENSIBLE,
 * any number of channels, mixed to mono by averaging. Unknown chunks are skipped (odd sizes padded as RIFF
 * requires); the RIFF size field is not trusted (streaming writers leave it wrong), the file length is; a data
 * size of 0xFFFFFFFF (left by streaming writers) means "to the end of the file"; a trailing
 * partial frame is dropped. Samples are scaled to [-1, 1) by the full scale of their integer type (16-bit: /32768).
 * Every unusable input is a {@link BadInputException} naming the file, what was expected and what was found.
 *
 * <p>Writing: mono in any {@link WavFormat} ({@link WavFormat#PCM_16} by default), samples clipped to [-1, 1]
 * and rounded to the nearest level. The file appears whole or not at all: it is written to a temporary file in
 * the same folder, flushed to disk, then moved over the target atomically.
 *
 * <p>Thread-safe (no shared state).
 */
public final class WavFiles {
    private static final int FORMAT_PCM = 1;
    private static final int FORMAT_FLOAT = 3;
    private static final int FORMAT_EXTENSIBLE = 0xFFFE;
    /** The 14 bytes after the format code in the KSDATAFORMAT_SUBTYPE GUIDs of PCM and IEEE float. */
    private static final byte[] GUID_TAIL = {0x00, 0x00, 0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00, 0x00,
        (byte) 0xAA, 0x00, 0x38, (byte) 0x9B, 0x71};
    private static final int MAX_CHANNELS = 1024;
    private static final long MAX_RATE = 1_000_000;
    private static final long STREAMING_SIZE = 0xFFFFFFFFL;
    private static final int WRITE_BLOCK_SAMPLES = 16 * 1024;

    private WavFiles() {}

    /**
     * Reads a WAV file.
     *
     * @throws BadInputException if the file is missing or unreadable, or is not a WAV file this class reads
     */
    public static AudioClip read(Path file) {
        if (file == null) {
            throw new BadInputException("WAV path is null");
        }
        String source = "WAV file " + file;
        try {
            if (Files.isDirectory(file)) {
                throw new BadInputException(source + " is a directory; expected a RIFF/WAVE file");
            }
            long size = Files.size(file);
            if (size > Integer.MAX_VALUE - 8) {
                throw new BadInputException(source + " has " + size + " bytes; at most " + (Integer.MAX_VALUE - 8)
                        + " can be read");
            }
            return decode(Files.readAllBytes(file), source);
        } catch (NoSuchFileException e) {
            throw new BadInputException(source + " does not exist", e);
        } catch (IOException e) {
            throw new BadInputException("cannot read " + source + ": " + e, e);
        }
    }

    /**
     * Reads a whole WAV stream to its end and decodes it. The stream is not closed.
     *
     * @throws BadInputException if reading fails or the bytes are not a WAV file this class reads
     */
    public static AudioClip read(InputStream in) {
        if (in == null) {
            throw new BadInputException("WAV input stream is null");
        }
        try {
            return decode(in.readAllBytes(), "WAV stream");
        } catch (IOException e) {
            throw new BadInputException("cannot read WAV stream: " + e, e);
        } catch (OutOfMemoryError e) {
            throw new BadInputException("WAV stream is too large to hold in memory", e);
        }
    }

    /**
     * Decodes WAV bytes held in memory. The array is only read, never kept.
     *
     * @throws BadInputException if the bytes are not a WAV file this class reads
     */
    public static AudioClip decode(byte[] bytes) {
        return decode(bytes, "WAV data");
    }

    /** {@link #write(AudioClip, Path, WavFormat)} as {@link WavFormat#PCM_16}. */
    public static void write(AudioClip clip, Path file) {
        write(clip, file, WavFormat.PCM_16);
    }

    /**
     * Writes a mono WAV file atomically: readers of {@code file} see the old contents or the complete new file,
     * never a part. An existing file is replaced.
     *
     * @throws BadInputException if an argument is null, the folder does not exist or {@code file} is a directory
     * @throws EchoException if writing or moving fails (the temporary file is removed)
     */
    public static void write(AudioClip clip, Path file, WavFormat format) {
        requireWritable(clip, format);
        if (file == null) {
            throw new BadInputException("WAV output path is null");
        }
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new BadInputException("cannot write WAV file " + file + ": folder " + dir + " does not exist");
        }
        if (Files.isDirectory(target)) {
            throw new BadInputException("cannot write WAV file " + file + ": it is a directory");
        }
        long dataBytes = dataBytes(clip, format, "WAV file " + file);
        Path tmp = dir.resolve("." + target.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current()
                .nextLong() >>> 1) + ".tmp");
        try {
            // CREATE_NEW with default permissions (unlike createTempFile's owner-only ones), so the moved file
            // gets the permissions any new file in that folder would.
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                writeFully(ch, ByteBuffer.wrap(header(format, clip.sampleRate(), clip.length(), dataBytes)));
                byte[] block = new byte[WRITE_BLOCK_SAMPLES * format.bytesPerSample()];
                for (int from = 0; from < clip.length(); from += WRITE_BLOCK_SAMPLES) {
                    int n = Math.min(WRITE_BLOCK_SAMPLES, clip.length() - from);
                    encodeSamples(clip, from, n, format, block, 0);
                    writeFully(ch, ByteBuffer.wrap(block, 0, n * format.bytesPerSample()));
                }
                if ((dataBytes & 1) != 0) {
                    writeFully(ch, ByteBuffer.wrap(new byte[1]));
                }
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            deleteQuietly(tmp, e);
            throw new EchoException("cannot write WAV file " + file + ": its file system cannot replace files"
                    + " atomically, and a half-written file is not acceptable", e);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(tmp, e);
            throw new EchoException("cannot write WAV file " + file + ": " + e, e);
        }
    }

    /**
     * The bytes of a mono WAV file holding {@code clip}: what {@link #write(AudioClip, Path, WavFormat)} puts in
     * the file.
     *
     * @throws BadInputException if an argument is null or the clip is too long for a byte array
     */
    public static byte[] encode(AudioClip clip, WavFormat format) {
        requireWritable(clip, format);
        long dataBytes = dataBytes(clip, format, "WAV data");
        byte[] header = header(format, clip.sampleRate(), clip.length(), dataBytes);
        long total = header.length + dataBytes + (dataBytes & 1);
        if (total > Integer.MAX_VALUE - 8) {
            throw new BadInputException("a WAV of " + clip.length() + " " + format + " samples needs " + total
                    + " bytes, more than a byte array holds; write it to a file instead");
        }
        byte[] out = new byte[(int) total];
        System.arraycopy(header, 0, out, 0, header.length);
        encodeSamples(clip, 0, clip.length(), format, out, header.length);
        return out;
    }

    // ---------------------------------------------------------------------------------------------- reading

    private record Fmt(boolean isFloat, int bits, int channels, int sampleRate, int blockAlign) {}

    private static AudioClip decode(byte[] b, String source) {
        if (b == null) {
            throw new BadInputException(source + " is null");
        }
        if (b.length < 12) {
            throw new BadInputException(source + " has " + b.length + " bytes; a RIFF/WAVE header needs at least 12");
        }
        String riff = fourCc(b, 0);
        if (!riff.equals("RIFF")) {
            String why = riff.equals("RIFX") ? " (big-endian RIFX is not supported)"
                    : riff.equals("RF64") ? " (RF64 is not supported)" : "";
            throw new BadInputException(source + " starts with \"" + printable(riff)
                    + "\"; expected \"RIFF\" of a WAV file" + why);
        }
        String wave = fourCc(b, 8);
        if (!wave.equals("WAVE")) {
            throw new BadInputException(source + " is a RIFF file of type \"" + printable(wave)
                    + "\"; expected \"WAVE\"");
        }
        Fmt fmt = null;
        long pos = 12;
        while (pos + 8 <= b.length) {
            int at = (int) pos;
            String id = fourCc(b, at);
            long size = u32(b, at + 4);
            long body = pos + 8;
            if (id.equals("fmt ")) {
                if (size < 16 || body + size > b.length) {
                    throw new BadInputException(source + " has a fmt chunk of " + size + " bytes at offset " + pos
                            + "; expected at least 16, all within the " + b.length + "-byte file");
                }
                fmt = parseFmt(b, (int) body, (int) size, source);
            } else if (id.equals("data")) {
                if (fmt == null) {
                    throw new BadInputException(source + " has its data chunk (offset " + pos
                            + ") before any fmt chunk; expected fmt first");
                }
                long available = b.length - body;
                long declared = size == STREAMING_SIZE ? available : size;
                if (declared > available) {
                    throw new BadInputException(source + " is truncated: its data chunk declares " + declared
                            + " bytes of samples, the file holds " + available);
                }
                return samples(b, (int) body, declared, fmt, source);
            }
            pos = body + size + (size & 1);
        }
        throw new BadInputException(source + " has no " + (fmt == null ? "fmt" : "data")
                + " chunk (read " + b.length + " bytes); expected fmt then data chunks");
    }

    private static Fmt parseFmt(byte[] b, int p, int size, String source) {
        int tag = u16(b, p);
        int channels = u16(b, p + 2);
        long rate = u32(b, p + 4);
        int blockAlign = u16(b, p + 12);
        int bits = u16(b, p + 14);
        int code = tag;
        if (tag == FORMAT_EXTENSIBLE) {
            if (size < 40 || u16(b, p + 16) < 22) {
                throw new BadInputException(source + " is WAVE_FORMAT_EXTENSIBLE but its fmt chunk has " + size
                        + " bytes; expected 40 with a 22-byte extension");
            }
            code = u16(b, p + 24);
            for (int i = 0; i < GUID_TAIL.length; i++) {
                if (b[p + 26 + i] != GUID_TAIL[i]) {
                    throw new BadInputException(source + " is WAVE_FORMAT_EXTENSIBLE with an unknown sub-format"
                            + " GUID; expected KSDATAFORMAT_SUBTYPE_PCM or _IEEE_FLOAT");
                }
            }
        }
        boolean isFloat;
        if (code == FORMAT_PCM) {
            isFloat = false;
        } else if (code == FORMAT_FLOAT) {
            isFloat = true;
        } else {
            throw new BadInputException(String.format(Locale.ROOT, "%s has format code 0x%04X%s; expected PCM (1)"
                    + " or IEEE float (3), plain or extensible", source, code, codeName(code)));
        }
        if (isFloat ? bits != 32 && bits != 64 : bits != 8 && bits != 16 && bits != 24 && bits != 32) {
            throw new BadInputException(source + " has " + bits + "-bit " + (isFloat ? "float" : "PCM")
                    + " samples; expected " + (isFloat ? "32 or 64" : "8, 16, 24 or 32"));
        }
        if (channels < 1 || channels > MAX_CHANNELS) {
            throw new BadInputException(source + " declares " + channels + " channels; expected 1 to "
                    + MAX_CHANNELS);
        }
        if (rate < 1 || rate > MAX_RATE) {
            throw new BadInputException(source + " declares a sample rate of " + rate + " Hz; expected 1 to "
                    + MAX_RATE);
        }
        int frame = channels * bits / 8;
        if (blockAlign != frame) {
            throw new BadInputException(source + " declares a block align of " + blockAlign + " bytes; " + channels
                    + " channels of " + bits + " bits need " + frame);
        }
        return new Fmt(isFloat, bits, channels, (int) rate, blockAlign);
    }

    private static String codeName(int code) {
        return switch (code) {
            case 2 -> " (MS ADPCM)";
            case 6 -> " (A-law)";
            case 7 -> " (mu-law)";
            case 0x11 -> " (IMA ADPCM)";
            case 0x55 -> " (MP3)";
            default -> "";
        };
    }

    private static AudioClip samples(byte[] b, int start, long bytes, Fmt fmt, String source) {
        int frames = (int) (bytes / fmt.blockAlign()); // bytes < 2^31, so frames fit an int
        int ch = fmt.channels();
        float[] out = new float[frames];
        int p = start;
        if (fmt.isFloat()) {
            boolean dbl = fmt.bits() == 64;
            for (int i = 0; i < frames; i++) {
                double sum = 0;
                for (int c = 0; c < ch; c++) {
                    if (dbl) {
                        sum += Double.longBitsToDouble(s64(b, p));
                        p += 8;
                    } else {
                        sum += Float.intBitsToFloat(s32(b, p));
                        p += 4;
                    }
                }
                float v = (float) (sum / ch);
                if (!Float.isFinite(v)) {
                    throw new BadInputException(source + ": sample frame " + i + " is " + v
                            + "; expected finite float samples");
                }
                out[i] = v;
            }
        } else if (fmt.bits() == 16 && ch == 1) {
            for (int i = 0; i < frames; i++, p += 2) { // the common case (speech), kept tight
                out[i] = (short) ((b[p] & 0xff) | (b[p + 1] << 8)) * (1f / 32768f);
            }
        } else {
            int bits = fmt.bits();
            double scale = 1.0 / ((1L << (bits - 1)) * (double) ch);
            for (int i = 0; i < frames; i++) {
                long sum = 0;
                for (int c = 0; c < ch; c++) {
                    switch (bits) {
                        case 8 -> sum += (b[p] & 0xff) - 128;
                        case 16 -> sum += (short) ((b[p] & 0xff) | (b[p + 1] << 8));
                        case 24 -> sum += (b[p] & 0xff) | ((b[p + 1] & 0xff) << 8) | (b[p + 2] << 16);
                        default -> sum += s32(b, p);
                    }
                    p += bits / 8;
                }
                out[i] = (float) (sum * scale);
            }
        }
        // Integer PCM is finite by construction and float samples were checked above.
        return AudioClip.adoptFinite(out, fmt.sampleRate());
    }

    // ---------------------------------------------------------------------------------------------- writing

    private static void requireWritable(AudioClip clip, WavFormat format) {
        if (clip == null) {
            throw new BadInputException("audio clip to write is null");
        }
        if (format == null) {
            throw new BadInputException("WAV format is null; use WavFormat.PCM_16");
        }
    }

    private static long dataBytes(AudioClip clip, WavFormat format, String target) {
        long dataBytes = (long) clip.length() * format.bytesPerSample();
        if (dataBytes + 58 > 0xFFFFFFFFL) {
            throw new BadInputException("cannot write " + target + ": " + clip.length() + " " + format
                    + " samples need " + dataBytes + " bytes; a RIFF file holds at most 4 GiB");
        }
        return dataBytes;
    }

    /** RIFF header, fmt chunk (16 bytes for PCM; 18 plus a fact chunk for float, as the spec asks) and data header. */
    private static byte[] header(WavFormat format, int sampleRate, int frames, long dataBytes) {
        boolean isFloat = format.isFloat();
        int fmtSize = isFloat ? 18 : 16;
        int headerSize = 12 + 8 + fmtSize + (isFloat ? 12 : 0) + 8;
        long riffSize = headerSize - 8 + dataBytes + (dataBytes & 1);
        ByteBuffer h = ByteBuffer.allocate(headerSize).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        h.put(ascii("RIFF")).putInt((int) riffSize).put(ascii("WAVE"));
        h.put(ascii("fmt ")).putInt(fmtSize).putShort((short) format.formatTag()).putShort((short) 1);
        h.putInt(sampleRate).putInt((int) ((long) sampleRate * format.bytesPerSample())).putShort((short) format.bytesPerSample()).putShort((short) format.bitsPerSample());
        if (isFloat) {
            h.putShort((short) 0);
            h.put(ascii("fact")).putInt(4).putInt(frames);
        }
        h.put(ascii("data")).putInt((int) dataBytes);
        return h.array();
    }

    private static void encodeSamples(AudioClip clip, int from, int count, WavFormat format, byte[] dst, int off) {
        int p = off;
        for (int i = from; i < from + count; i++) {
            double v = clip.sample(i);
            v = v > 1 ? 1 : v < -1 ? -1 : v;
            switch (format) {
                case PCM_U8 -> dst[p++] = (byte) (quantise(v, 8) + 128);
                case PCM_16 -> p = putLe(dst, p, quantise(v, 16), 2);
                case PCM_24 -> p = putLe(dst, p, quantise(v, 24), 3);
                case PCM_32 -> p = putLe(dst, p, quantise(v, 32), 4);
                case FLOAT_32 -> p = putLe(dst, p, Float.floatToIntBits((float) v), 4);
                case FLOAT_64 -> p = putLe(dst, p, Double.doubleToLongBits(v), 8);
            }
        }
    }

    /** Nearest level of a {@code bits}-bit signed integer, full scale 2^(bits-1), +1.0 clipped to the top level. */
    private static long quantise(double v, int bits) {
        long full = 1L << (bits - 1);
        long q = Math.round(v * full);
        return Math.max(-full, Math.min(full - 1, q));
    }

    private static int putLe(byte[] dst, int p, long v, int n) {
        for (int k = 0; k < n; k++) {
            dst[p++] = (byte) (v >>> (8 * k));
        }
        return p;
    }

    // ---------------------------------------------------------------------------------------------- helpers

    private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }

    private static void deleteQuietly(Path tmp, Exception cause) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String fourCc(byte[] b, int p) {
        return new String(b, p, 4, StandardCharsets.ISO_8859_1);
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format(Locale.ROOT, "\\x%02X", (int) c));
        }
        return sb.toString();
    }

    private static int u16(byte[] b, int p) {
        return (b[p] & 0xff) | ((b[p + 1] & 0xff) << 8);
    }

    private static long u32(byte[] b, int p) {
        return s32(b, p) & 0xFFFFFFFFL;
    }

    private static int s32(byte[] b, int p) {
        return (b[p] & 0xff) | ((b[p + 1] & 0xff) << 8) | ((b[p + 2] & 0xff) << 16) | (b[p + 3] << 24);
    }

    private static long s64(byte[] b, int p) {
        return (s32(b, p) & 0xFFFFFFFFL) | ((long) s32(b, p + 4) << 32);
    }
}

package dev.echollama.audio;

/**
 * Sample encodings {@link WavFiles} writes (all of them it also reads). Little-endian, as RIFF/WAVE requires.
 */
public enum WavFormat {
    /** 8-bit unsigned PCM (128 is silence). */
    PCM_U8(1, 8),
    /** 16-bit signed PCM: the default, and what speech models expect. */
    PCM_16(1, 16),
    /** 24-bit signed PCM. */
    PCM_24(1, 24),
    /** 32-bit signed PCM. */
    PCM_32(1, 32),
    /** 32-bit IEEE float, samples clipped to [-1, 1]. */
    FLOAT_32(3, 32),
    /** 64-bit IEEE float, samples clipped to [-1, 1]. */
    FLOAT_64(3, 64);

    private final int formatTag;
    private final int bits;

    WavFormat(int formatTag, int bits) {
        this.formatTag = formatTag;
        this.bits = bits;
    }

    /** The WAVE format tag: 1 (PCM) or 3 (IEEE float). */
    int formatTag() {
        return formatTag;
    }

    /** Bits per sample. */
    public int bitsPerSample() {
        return bits;
    }

    /** Bytes per sample (and per frame: written files are mono). */
    public int bytesPerSample() {
        return bits / 8;
    }

    boolean isFloat() {
        return formatTag == 3;
    }

    static WavFormat of(boolean isFloat, int bits) {
        for (WavFormat f : values()) {
            if (f.isFloat() == isFloat && f.bits == bits) {
                return f;
            }
        }
        return null;
    }
}

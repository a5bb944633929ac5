package dev.echollama.tts.orpheus;

import dev.echollama.BadInputException;
import java.util.Arrays;

/**
 * The three SNAC 24 kHz codebooks for {@code T} coarse frames, as the decoder takes them (MODELS.md §6): codebook 0
 * holds {@code T} codes, codebook 1 {@code 2T} and codebook 2 {@code 4T}, every code in {@code 0..4095}. Decoding
 * gives {@code 2048·T} samples at 24 kHz.
 *
 * <p>Immutable and thread-safe; accessors return copies.
 */
public final class SnacCodes {
    /** Entries in each SNAC codebook; valid codes are {@code 0..CODEBOOK_SIZE-1}. */
    public static final int CODEBOOK_SIZE = 4096;
    /** Audio samples one coarse frame decodes to (hop 512 × codebook-0 stride 4). */
    public static final int SAMPLES_PER_FRAME = 2048;

    private final long[] codes0;
    private final long[] codes1;
    private final long[] codes2;

    private SnacCodes(long[] codes0, long[] codes1, long[] codes2) {
        this.codes0 = codes0;
        this.codes1 = codes1;
        this.codes2 = codes2;
    }

    /**
     * Checks and copies the three codebooks.
     *
     * @throws BadInputException if the lengths are not {@code T, 2T, 4T} with {@code T >= 1} or a code is outside
     *                           {@code 0..4095}
     */
    public static SnacCodes of(long[] codes0, long[] codes1, long[] codes2) {
        if (codes0 == null || codes1 == null || codes2 == null) {
            throw new BadInputException("SNAC codebooks must not be null");
        }
        int t = codes0.length;
        if (t < 1 || codes1.length != 2 * t || codes2.length != 4 * t) {
            throw new BadInputException("SNAC codebooks must hold T, 2T and 4T codes with T >= 1, got "
                    + codes0.length + ", " + codes1.length + ", " + codes2.length);
        }
        long[][] all = {codes0, codes1, codes2};
        for (int level = 0; level < 3; level++) {
            for (int i = 0; i < all[level].length; i++) {
                long c = all[level][i];
                if (c < 0 || c >= CODEBOOK_SIZE) {
                    throw new BadInputException("SNAC codebook " + level + " code " + i + " is " + c
                            + ", expected 0.." + (CODEBOOK_SIZE - 1));
                }
            }
        }
        return new SnacCodes(codes0.clone(), codes1.clone(), codes2.clone());
    }

    /** For the assembler, which has checked the codes and gives up ownership of the arrays. */
    static SnacCodes adopt(long[] codes0, long[] codes1, long[] codes2) {
        return new SnacCodes(codes0, codes1, codes2);
    }

    /** Number of coarse frames {@code T}. */
    public int frames() {
        return codes0.length;
    }

    /** The samples the decoder makes of these codes: {@code 2048·T}. */
    public int sampleCount() {
        return codes0.length * SAMPLES_PER_FRAME;
    }

    /**
     * A copy of codebook {@code level} (0, 1 or 2).
     *
     * @throws BadInputException for another level
     */
    public long[] codebook(int level) {
        return view(level).clone();
    }

    long[] view(int level) {
        return switch (level) {
            case 0 -> codes0;
            case 1 -> codes1;
            case 2 -> codes2;
            default -> throw new BadInputException("SNAC has codebooks 0, 1 and 2, not " + level);
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SnacCodes s && Arrays.equals(codes0, s.codes0) && Arrays.equals(codes1, s.codes1)
                && Arrays.equals(codes2, s.codes2);
    }

    @Override
    public int hashCode() {
        return (Arrays.hashCode(codes0) * 31 + Arrays.hashCode(codes1)) * 31 + Arrays.hashCode(codes2);
    }

    @Override
    public String toString() {
        return "SnacCodes[frames=" + frames() + ", 0=" + Arrays.toString(codes0) + ", 1=" + Arrays.toString(codes1)
                + ", 2=" + Arrays.toString(codes2) + "]";
    }
}

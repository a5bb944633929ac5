package dev.echollama.tts.orpheus;

/**
 * Turns the token ids Orpheus generates into SNAC decoding windows, following the reference streaming decoder
 * ({@code orpheus_tts/decoder.py} {@code tokens_decoder} + {@code convert_to_audio}, MODELS.md §5.2–5.3) step for
 * step.
 *
 * <h2>Rules</h2>
 * <ol>
 *   <li>Slot {@code k = n mod 7}, where {@code n} counts the codes accepted so far (not the tokens seen), and
 *       {@code code = id − 128266 − k·4096}.</li>
 *   <li>A code {@code <= 0} is dropped and does not advance the slot: text and control tokens (the stop token
 *       128258 included) give negative codes and vanish this way. As in the reference, a real code 0 is dropped
 *       too; the slot count then runs one ahead for the rest of that frame, those codes land above 4095, and the
 *       count realigns within the next frame (the reference's behaviour, kept so audio matches it).</li>
 *   <li>A positive code is accepted. Once {@code n >= 28} and {@code n mod 7 == 0}, the last 28 accepted codes
 *       (4 frames) form a window; frame j's codes {@code c[7j..7j+6]} go to codebook 0 ← {@code c[7j]}, codebook 1
 *       ← {@code c[7j+1], c[7j+4]}, codebook 2 ← {@code c[7j+2], c[7j+3], c[7j+5], c[7j+6]}.</li>
 *   <li>A window holding any code above 4095 is skipped whole (counted in {@link #skippedWindows()}). The
 *       reference's bound is {@code > 4096}, so it would pass 4096 to SNAC, whose codebooks have 4096 entries
 *       (0..4095) and which then fails; 4096 is treated as invalid here, the one deliberate difference.</li>
 *   <li>Nothing is flushed at the end of the stream: a trailing partial frame is never decoded, and neither are
 *       frames that never become the second frame of a window (see {@link OrpheusSynthesizerProvider}).</li>
 * </ol>
 * The caller decodes each returned window and keeps its samples {@code [2048, 4096)}, i.e. the window's second
 * frame ({@link #EMIT_FROM}, {@link #EMIT_TO}).
 *
 * <p>Not thread-safe: one assembler per generated utterance. Allocation-free except for the returned window.
 */
public final class SnacFrameAssembler {
    /** Id of the first audio token (slot 0, code 0): {@code 128256 + 10}. */
    public static final int AUDIO_TOKEN_OFFSET = 128_266;
    /** Tokens (codes) per SNAC coarse frame. */
    public static final int TOKENS_PER_FRAME = 7;
    /** Frames decoded together per window. */
    public static final int WINDOW_FRAMES = 4;
    /** Codes per window: 28. */
    public static final int WINDOW_TOKENS = TOKENS_PER_FRAME * WINDOW_FRAMES;
    /** First sample of a decoded window that is emitted. */
    public static final int EMIT_FROM = 2048;
    /** End (exclusive) of the emitted samples of a decoded window. */
    public static final int EMIT_TO = 4096;

    private final int[] ring = new int[WINDOW_TOKENS];
    private long accepted;
    /** {@code accepted mod 7} and {@code accepted mod 28}, kept apart to avoid long divisions per token. */
    private int slot;
    private int next;
    private long dropped;
    private int windows;
    private int skipped;

    /** A fresh assembler for one utterance. */
    public SnacFrameAssembler() {
    }

    /** The code token {@code tokenId} carries in frame slot {@code slot} (0..6); may be out of range. */
    public static int code(int tokenId, int slot) {
        return tokenId - AUDIO_TOKEN_OFFSET - slot * SnacCodes.CODEBOOK_SIZE;
    }

    /** The audio token id of {@code code} in frame slot {@code slot}: the inverse of {@link #code(int, int)}. */
    public static int tokenId(int code, int slot) {
        return AUDIO_TOKEN_OFFSET + slot * SnacCodes.CODEBOOK_SIZE + code;
    }

    /**
     * Feeds the next generated token id.
     *
     * @return the window this token completes, when it completes a valid one; otherwise null (no window yet, or a
     *         window with an invalid code, which is counted and skipped)
     */
    public SnacCodes accept(int tokenId) {
        int code = code(tokenId, slot);
        if (code <= 0) {
            dropped++;
            return null;
        }
        ring[next] = code;
        accepted++;
        next = next == WINDOW_TOKENS - 1 ? 0 : next + 1;
        slot = slot == TOKENS_PER_FRAME - 1 ? 0 : slot + 1;
        if (slot != 0 || accepted < WINDOW_TOKENS) {
            return null;
        }
        windows++;
        // accepted is a multiple of 7 here, so the oldest of the last 28 codes sits at accepted mod 28 (= next) and
        // the ring holds whole frames in order from there.
        int start = next;
        long[] c0 = new long[WINDOW_FRAMES];
        long[] c1 = new long[2 * WINDOW_FRAMES];
        long[] c2 = new long[4 * WINDOW_FRAMES];
        for (int j = 0; j < WINDOW_FRAMES; j++) {
            int base = start + TOKENS_PER_FRAME * j;
            int a = ring[base % WINDOW_TOKENS];
            int b = ring[(base + 1) % WINDOW_TOKENS];
            int c = ring[(base + 2) % WINDOW_TOKENS];
            int d = ring[(base + 3) % WINDOW_TOKENS];
            int e = ring[(base + 4) % WINDOW_TOKENS];
            int f = ring[(base + 5) % WINDOW_TOKENS];
            int g = ring[(base + 6) % WINDOW_TOKENS];
            if ((a | b | c | d | e | f | g) >= SnacCodes.CODEBOOK_SIZE) {
                skipped++;
                return null;
            }
            c0[j] = a;
            c1[2 * j] = b;
            c1[2 * j + 1] = e;
            c2[4 * j] = c;
            c2[4 * j + 1] = d;
            c2[4 * j + 2] = f;
            c2[4 * j + 3] = g;
        }
        return SnacCodes.adopt(c0, c1, c2);
    }

    /** Codes accepted so far (the reference's {@code count}). */
    public long acceptedCodes() {
        return accepted;
    }

    /** Tokens dropped because their code was {@code <= 0} (text, control tokens, and the reference's code 0). */
    public long droppedTokens() {
        return dropped;
    }

    /** Whole frames accepted so far: {@code acceptedCodes() / 7}. */
    public long frames() {
        return accepted / TOKENS_PER_FRAME;
    }

    /** Windows completed so far, valid or not. */
    public int windows() {
        return windows;
    }

    /** Windows skipped because they held a code above 4095. */
    public int skippedWindows() {
        return skipped;
    }
}

package dev.echollama.tts.orpheus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Audio token ids → SNAC windows, against ids computed by hand from MODELS.md §5.2–5.3:
 * {@code id = 128266 + k·4096 + code} for frame slot k, so the slot bases are
 * 128266, 132362, 136458, 140554, 144650, 148746, 152842.
 */
class SnacFrameAssemblerTest {

    // Frame f has codes 10f+1 .. 10f+7 in slots 0..6, i.e. id = slot base + 10f + slot + 1.
    private static final int[] FRAME_0 = {128267, 132364, 136461, 140558, 144655, 148752, 152849};
    private static final int[] FRAME_1 = {128277, 132374, 136471, 140568, 144665, 148762, 152859};
    private static final int[] FRAME_2 = {128287, 132384, 136481, 140578, 144675, 148772, 152869};
    private static final int[] FRAME_3 = {128297, 132394, 136491, 140588, 144685, 148782, 152879};
    private static final int[] FRAME_4 = {128307, 132404, 136501, 140598, 144695, 148792, 152889};

    private static List<SnacCodes> feed(SnacFrameAssembler a, int[]... frames) {
        List<SnacCodes> out = new ArrayList<>();
        for (int[] frame : frames) {
            for (int id : frame) {
                SnacCodes w = a.accept(id);
                if (w != null) {
                    out.add(w);
                }
            }
        }
        return out;
    }

    @Test
    void codeAndTokenIdAreInverse() {
        assertThat(SnacFrameAssembler.code(128266, 0)).isZero();
        assertThat(SnacFrameAssembler.code(156937, 6)).isEqualTo(4095); // the last audio id
        assertThat(SnacFrameAssembler.code(132364, 1)).isEqualTo(2);
        assertThat(SnacFrameAssembler.tokenId(7, 6)).isEqualTo(152849);
    }

    @Test
    void firstWindowAfter28CodesMapsSlotsToCodebooksAsTheReference() {
        SnacFrameAssembler a = new SnacFrameAssembler();
        List<Integer> completedAt = new ArrayList<>();
        List<SnacCodes> windows = new ArrayList<>();
        int n = 0;
        for (int[] frame : new int[][] {FRAME_0, FRAME_1, FRAME_2, FRAME_3}) {
            for (int id : frame) {
                n++;
                SnacCodes w = a.accept(id);
                if (w != null) {
                    completedAt.add(n);
                    windows.add(w);
                }
            }
        }
        assertThat(completedAt).containsExactly(28);
        SnacCodes w = windows.get(0);
        assertThat(w.frames()).isEqualTo(4);
        assertThat(w.sampleCount()).isEqualTo(8192);
        // codebook 0: slot 0 of each frame
        assertThat(w.codebook(0)).containsExactly(1, 11, 21, 31);
        // codebook 1: slots 1 and 4 of each frame
        assertThat(w.codebook(1)).containsExactly(2, 5, 12, 15, 22, 25, 32, 35);
        // codebook 2: slots 2, 3, 5, 6 of each frame
        assertThat(w.codebook(2)).containsExactly(3, 4, 6, 7, 13, 14, 16, 17, 23, 24, 26, 27, 33, 34, 36, 37);
        assertThat(a.acceptedCodes()).isEqualTo(28);
        assertThat(a.windows()).isEqualTo(1);
    }

    @Test
    void thenEverySevenCodesTheLastFourFrames() {
        SnacFrameAssembler a = new SnacFrameAssembler();
        List<SnacCodes> windows = feed(a, FRAME_0, FRAME_1, FRAME_2, FRAME_3, FRAME_4);
        assertThat(windows).hasSize(2);
        assertThat(windows.get(1).codebook(0)).containsExactly(11, 21, 31, 41);
        assertThat(windows.get(1).codebook(1)).containsExactly(12, 15, 22, 25, 32, 35, 42, 45);
        assertThat(windows.get(1).codebook(2))
                .containsExactly(13, 14, 16, 17, 23, 24, 26, 27, 33, 34, 36, 37, 43, 44, 46, 47);
    }

    @Test
    void textAndControlTokensAreDroppedWithoutMovingTheSlot() {
        SnacFrameAssembler a = new SnacFrameAssembler();
        List<SnacCodes> plain = feed(new SnacFrameAssembler(), FRAME_0, FRAME_1, FRAME_2, FRAME_3);
        // BOS, a text id, start_of_speech, end_of_speech, start_of_ai: all give codes <= 0 in any slot
        int[] noise = {128000, 9906, 128257, 128258, 128261, 0};
        List<SnacCodes> got = new ArrayList<>();
        for (int[] frame : new int[][] {FRAME_0, FRAME_1, FRAME_2, FRAME_3}) {
            for (int id : frame) {
                for (int x : noise) {
                    assertThat(a.accept(x)).isNull();
                }
                SnacCodes w = a.accept(id);
                if (w != null) {
                    got.add(w);
                }
            }
        }
        assertThat(got).isEqualTo(plain);
        assertThat(a.droppedTokens()).isEqualTo(28L * noise.length);
    }

    @Test
    void aPartialFrameAtTheEndIsNeverDecoded() {
        SnacFrameAssembler a = new SnacFrameAssembler();
        List<SnacCodes> windows = feed(a, FRAME_0, FRAME_1, FRAME_2, FRAME_3,
                new int[] {128307, 132404, 136501, 140598, 144695, 148792}); // frame 4 without slot 6
        assertThat(windows).hasSize(1);
        assertThat(a.acceptedCodes()).isEqualTo(34);
        assertThat(a.frames()).isEqualTo(4);
    }

    @Test
    void fewerThanFourFramesGiveNoWindow() {
        SnacFrameAssembler a = new SnacFrameAssembler();
        assertThat(feed(a, FRAME_0, FRAME_1, FRAME_2)).isEmpty();
        assertThat(a.windows()).isZero();
    }

    @Test
    void aCodeAbove4095SkipsEveryWindowThatHoldsIt() {
        // Frame 1 slot 2 carries code 4096 + 13: id 136458 + 4109 = 140567, which in slot 2 is code 4109. It is
        // positive, so the reference accepts it and counts it; every window holding frame 1 is skipped.
        int[] badFrame1 = FRAME_1.clone();
        badFrame1[2] = 140567;
        SnacFrameAssembler a = new SnacFrameAssembler();
        int[] frame5 = {128317, 132414, 136511, 140608, 144705, 148802, 152899};
        int[] frame6 = {128327, 132424, 136521, 140618, 144715, 148812, 152909};
        List<SnacCodes> windows = feed(a, FRAME_0, badFrame1, FRAME_2, FRAME_3, FRAME_4, frame5, frame6);
        // windows: frames 0-3, 1-4 (both hold frame 1: skipped), 2-5, 3-6
        assertThat(a.windows()).isEqualTo(4);
        assertThat(a.skippedWindows()).isEqualTo(2);
        assertThat(windows).hasSize(2);
        assertThat(windows.get(0).codebook(0)).containsExactly(21, 31, 41, 51);
        assertThat(windows.get(1).codebook(0)).containsExactly(31, 41, 51, 61);
    }

    @Test
    void code4096IsInvalidThoughTheReferenceBoundWouldPassIt() {
        int[] frame0 = FRAME_0.clone();
        frame0[6] = 152842 + 4096; // slot 6, code 4096 = id 156938 (one of the two spare ids)
        SnacFrameAssembler a = new SnacFrameAssembler();
        assertThat(feed(a, frame0, FRAME_1, FRAME_2, FRAME_3)).isEmpty();
        assertThat(a.skippedWindows()).isEqualTo(1);
        // 4095 is the largest valid code
        int[] ok = FRAME_0.clone();
        ok[6] = 152842 + 4095;
        assertThat(feed(new SnacFrameAssembler(), ok, FRAME_1, FRAME_2, FRAME_3)).hasSize(1);
    }

    @Test
    void aRealCodeZeroIsDroppedAsInTheReferenceAndTheSlotsRealignWithinAFrame() {
        // Frame 1 slot 0 has code 0: id 128266. The reference keeps only codes > 0, so it is dropped and the slot
        // count stays at 0. Frame 1's slot-1 id 132374 is then read in slot 0: code 4108 (accepted, invalid), and
        // so on up to its slot-6 id read in slot 5: 152859 - 148746 = 4113. Frame 2's slot-0 id 128287 read in
        // slot 6 gives 128287 - 152842 < 0 (dropped), likewise its slots 1..5; its slot-6 id 152869 read in slot 6
        // is code 27: accepted, completing the frame. From frame 3 on the slots are aligned again.
        int[] zeroFrame1 = FRAME_1.clone();
        zeroFrame1[0] = 128266;
        int[] frame5 = {128317, 132414, 136511, 140608, 144705, 148802, 152899};
        int[] frame6 = {128327, 132424, 136521, 140618, 144715, 148812, 152909};
        int[] frame7 = {128337, 132434, 136531, 140628, 144725, 148822, 152919};
        SnacFrameAssembler a = new SnacFrameAssembler();
        List<SnacCodes> windows = feed(a, FRAME_0, zeroFrame1, FRAME_2, FRAME_3, FRAME_4, frame5, frame6, frame7);
        // accepted frames: F0, [F1 slots 1-6 + F2 slot 6] (invalid), F3, F4, F5, F6, F7 = 7 frames
        assertThat(a.droppedTokens()).isEqualTo(1 + 6);
        assertThat(a.acceptedCodes()).isEqualTo(49);
        assertThat(a.windows()).isEqualTo(4);
        assertThat(a.skippedWindows()).isEqualTo(2);
        assertThat(windows).hasSize(2);
        assertThat(windows.get(0).codebook(0)).containsExactly(31, 41, 51, 61);
        assertThat(windows.get(1).codebook(0)).containsExactly(41, 51, 61, 71);
    }

    @Test
    void aLongValidStreamGivesOneWindowPerFrameAfterTheThird() {
        SnacFrameAssembler a = new SnacFrameAssembler();
        int frames = 50;
        int windows = 0;
        for (int f = 0; f < frames; f++) {
            for (int slot = 0; slot < 7; slot++) {
                int code = (f * 7 + slot) * 11 % 4096;
                SnacCodes w = a.accept(SnacFrameAssembler.tokenId(code == 0 ? 1 : code, slot));
                if (w != null) {
                    windows++;
                    // the window ends at the frame just completed
                    int first = f - 3;
                    long expected0 = (first * 7L) * 11 % 4096;
                    assertThat(w.codebook(0)[0]).isEqualTo(expected0 == 0 ? 1 : expected0);
                }
            }
        }
        assertThat(windows).isEqualTo(frames - 3);
    }
}

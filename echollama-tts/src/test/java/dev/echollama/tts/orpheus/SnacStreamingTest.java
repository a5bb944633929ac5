package dev.echollama.tts.orpheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.echollama.BadInputException;
import dev.echollama.ModelCorruptException;
import dev.echollama.onnx.OnnxModel;
import dev.echollama.testkit.onnx.LlamaSpec;
import dev.echollama.testkit.onnx.SyntheticModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference streaming window (MODELS.md §5.3) on the testkit's synthetic SNAC decoder, whose samples spell the
 * codes: per its Javadoc, latent step s covers samples 512s..512s+511 with codebook 0's code s/4, codebook 1's
 * s/2, codebook 2's s (each /4096, 128 samples each) and then 128 samples of -0.5.
 */
class SnacStreamingTest {
    @TempDir
    static Path dir;
    private static OnnxModel model;
    private static SnacDecoder decoder;

    @BeforeAll
    static void open() {
        model = OnnxModel.open(SyntheticModels.snacDecoder(dir));
        decoder = new SnacDecoder(model);
    }

    @AfterAll
    static void close() {
        if (model != null) {
            model.close();
        }
    }

    /** Frame f: code 100f + 10k + 1 in slot k (all distinct, all below 4096 for f < 40). */
    private static int code(int frame, int slot) {
        return 100 * frame + 10 * slot + 1;
    }

    /**
     * The 2048 samples the synthetic decoder gives for one frame with slot codes s[0..6], written from its
     * Javadoc (not from the assembler): steps 0..3 of the frame carry codebook-1 entries s1, s1, s4, s4 and
     * codebook-2 entries s2, s3, s5, s6.
     */
    private static float[] spelled(int[] s) {
        int[] c1 = {s[1], s[1], s[4], s[4]};
        int[] c2 = {s[2], s[3], s[5], s[6]};
        float[] out = new float[2048];
        for (int step = 0; step < 4; step++) {
            int base = 512 * step;
            Arrays.fill(out, base, base + 128, s[0] / 4096f);
            Arrays.fill(out, base + 128, base + 256, c1[step] / 4096f);
            Arrays.fill(out, base + 256, base + 384, c2[step] / 4096f);
            Arrays.fill(out, base + 384, base + 512, -0.5f);
        }
        return out;
    }

    private static int[] frameCodes(int f) {
        int[] s = new int[7];
        for (int k = 0; k < 7; k++) {
            s[k] = code(f, k);
        }
        return s;
    }

    /** Streams {@code frames} valid frames the way the synthesizer does and returns the emitted chunks. */
    private static List<float[]> stream(int frames, SnacFrameAssembler a) {
        List<float[]> chunks = new ArrayList<>();
        for (int f = 0; f < frames; f++) {
            for (int k = 0; k < 7; k++) {
                SnacCodes w = a.accept(SnacFrameAssembler.tokenId(code(f, k), k));
                if (w != null) {
                    float[] all = decoder.decode(w);
                    assertThat(all).hasSize(8192);
                    chunks.add(Arrays.copyOfRange(all, SnacFrameAssembler.EMIT_FROM, SnacFrameAssembler.EMIT_TO));
                }
            }
        }
        return chunks;
    }

    @Test
    void aWindowDecodesTo2048SamplesPerFrame() {
        SnacFrameAssembler a = new SnacFrameAssembler();
        List<float[]> chunks = stream(4, a);
        assertThat(chunks).hasSize(1);
        // the whole window, decoded again, spells frames 0..3 in order
        SnacCodes w = SnacCodes.of(new long[] {1, 101, 201, 301},
                new long[] {11, 41, 111, 141, 211, 241, 311, 341},
                new long[] {21, 31, 51, 61, 121, 131, 151, 161, 221, 231, 251, 261, 321, 331, 351, 361});
        float[] all = decoder.decode(w);
        for (int f = 0; f < 4; f++) {
            assertThat(Arrays.copyOfRange(all, 2048 * f, 2048 * (f + 1))).as("frame %d", f)
                    .containsExactly(spelled(frameCodes(f)));
        }
    }

    @Test
    void eachWindowEmitsExactlyItsSecondFrame() {
        SnacFrameAssembler a = new SnacFrameAssembler();
        int frames = 9;
        List<float[]> chunks = stream(frames, a);
        // first audio after 28 codes, then one chunk per 7 codes: frames 1 .. frames-3; frame 0 and the last two
        // frames are never emitted and nothing is flushed at the end (the reference's behaviour)
        assertThat(chunks).hasSize(frames - 3);
        for (int i = 0; i < chunks.size(); i++) {
            assertThat(chunks.get(i)).as("chunk %d = frame %d", i, i + 1).hasSize(2048)
                    .containsExactly(spelled(frameCodes(i + 1)));
        }
    }

    @Test
    void codesThatSnacCannotTakeAreRefusedBeforeAnyRun() {
        assertThatThrownBy(() -> SnacCodes.of(new long[] {1}, new long[] {1, 2}, new long[] {1, 2, 3}))
                .isInstanceOf(BadInputException.class).hasMessageContaining("T, 2T and 4T");
        assertThatThrownBy(() -> SnacCodes.of(new long[] {1}, new long[] {1, 4096}, new long[] {1, 2, 3, 4}))
                .isInstanceOf(BadInputException.class).hasMessageContaining("codebook 1 code 1 is 4096");
        assertThat(decoder.decode(SnacCodes.of(new long[] {4095}, new long[] {0, 1}, new long[] {1, 2, 3, 4})))
                .hasSize(2048);
    }

    @Test
    void aGraphThatIsNotSnacIsRefusedAtLoad(@TempDir Path other) {
        Path llama = SyntheticModels.llama32(other, LlamaSpec.builder().layers(1).kvHeads(1).headDim(2)
                .vocabSize(16).build());
        try (OnnxModel m = OnnxModel.open(llama)) {
            assertThatThrownBy(() -> new SnacDecoder(m)).isInstanceOf(ModelCorruptException.class)
                    .hasMessageContaining("audio_codes.0").hasMessageContaining(llama.toString());
        }
    }
}

package dev.echollama.onnx.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The Vector API kernel against the scalar one (itself checked against OpenCV in {@link OpenCvLinearTest}): the
 * same bytes for any size, channel order and band, and used where it should be. The build runs tests with
 * {@code --add-modules jdk.incubator.vector}; on a JVM without it (or with vectors narrower than 256 bits) these
 * tests are skipped and say why.
 */
class OpenCvLinearSimdTest {
    private static final int[] RGB = {0, 1, 2};
    private static final int[] BGR = {2, 1, 0};

    private static void assumeVectorApi() {
        assumeTrue(Simd.usable(), "the Vector API path is off in this JVM (needs --add-modules jdk.incubator.vector,"
                + " vectors of 256 bits or more and no -D" + Simd.PROPERTY + "=false)");
    }

    private static int[] resize(byte[] rgb, int w, int h, int ow, int oh, int[] channels, boolean simd, int from,
                                int to) {
        int[] out = new int[ow * oh * 3];
        new OpenCvLinear.Plan(w, h, ow, oh, channels, simd).rows(ByteBuffer.wrap(rgb), from, to,
                (y, values) -> System.arraycopy(values, 0, out, y * ow * 3, ow * 3));
        return out;
    }

    @Test
    void theDecisionFollowsTheJvm() {
        boolean module = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        boolean off = "false".equalsIgnoreCase(System.getProperty(Simd.PROPERTY));
        assertThat(Simd.ENABLED).isEqualTo(module && !off);
        assertThat(Simd.usable()).isEqualTo(module && !off && OpenCvLinearSimd.worthIt());
        if (!Simd.usable()) {
            assertThat(new OpenCvLinear.Plan(768, 576, 416, 312, BGR, true).kernel()).isEqualTo("scalar");
        }
    }

    @Test
    void everyYoloxSizeRunsOnTheVectorKernel() {
        assumeVectorApi();
        // dog.jpg and bus.jpg into YOLOX's 416 letterbox read their taps straight from the row (1.8x and 2.6x
        // shrinks); a 1080p frame (4.6x) and a 12-megapixel photo (9.7x) gather them first.
        assertThat(new OpenCvLinear.Plan(768, 576, 416, 312, BGR, true).kernel()).matches("Vector API, \\d+-bit");
        assertThat(new OpenCvLinear.Plan(810, 1080, 312, 416, BGR, true).kernel()).matches("Vector API, \\d+-bit");
        assertThat(new OpenCvLinear.Plan(1920, 1080, 416, 234, BGR, true).kernel()).endsWith(", gathered");
        assertThat(new OpenCvLinear.Plan(4032, 3024, 416, 312, BGR, true).kernel()).endsWith(", gathered");
        assertThat(new OpenCvLinear.Plan(768, 576, 416, 312, BGR, false).kernel()).isEqualTo("scalar");
    }

    @Test
    void equalsTheScalarKernelForAnySizeOrderAndBand() {
        assumeVectorApi();
        AtomicInteger vectorised = new AtomicInteger();
        AtomicInteger gathered = new AtomicInteger();
        AtomicInteger fused = new AtomicInteger();
        AtomicInteger cases = new AtomicInteger();
        qt().withExamples(400).withFixedSeed(20261125L)
                .forAll(integers().between(1, 1200), integers().between(1, 30), integers().between(1, 260),
                        integers().between(1, 30))
                .checkAssert((w, h, ow, oh) -> {
                    SplittableRandom r = new SplittableRandom(31L * w + 7L * ow + h * 131L + oh);
                    byte[] rgb = new byte[w * h * 3];
                    r.nextBytes(rgb);
                    int[] channels = r.nextBoolean() ? RGB : BGR;
                    int from = r.nextInt(oh);
                    int to = from + 1 + r.nextInt(oh - from);
                    OpenCvLinear.Plan plan = new OpenCvLinear.Plan(w, h, ow, oh, channels, true);
                    String kernel = plan.kernel();
                    cases.incrementAndGet();
                    if (plan.fusesRows()) {
                        fused.incrementAndGet();
                    }
                    if (kernel.startsWith("Vector")) {
                        vectorised.incrementAndGet();
                    }
                    if (kernel.endsWith("gathered")) {
                        gathered.incrementAndGet();
                    }
                    int[] scalar = resize(rgb, w, h, ow, oh, channels, false, from, to);
                    int[] vector = resize(rgb, w, h, ow, oh, channels, true, from, to);
                    assertThat(java.util.Arrays.mismatch(vector, scalar))
                            .as("first differing value, %dx%d -> %dx%d rows %d..%d", w, h, ow, oh, from, to)
                            .isEqualTo(-1);
                });
        // Every size takes the vector kernel, some of them (the steep shrinks) gathering first.
        assertThat(vectorised.get()).as("cases on the vector kernel").isEqualTo(cases.get());
        assertThat(gathered.get()).as("cases gathered first, of %d", cases.get())
                .isBetween(cases.get() / 8, cases.get() * 7 / 8);
        // Both ways down: rows resampled across and kept (enlarging, slight shrinks), and both passes in one.
        assertThat(fused.get()).as("cases with both passes in one, of %d", cases.get())
                .isBetween(cases.get() / 8, cases.get() * 7 / 8);
    }

    @Test
    void bothPassesRunInOneWhereFewSourceRowsServeTwoOutputRows() {
        assertThat(OpenCvLinear.fuses(576, 312)).as("YOLOX, a VGA photo: 624 rows resampled, not 576").isTrue();
        assertThat(OpenCvLinear.fuses(1080, 416)).as("a portrait photo: no row serves two").isTrue();
        assertThat(OpenCvLinear.fuses(420, 312)).as("1.49 times the rows").isTrue();
        assertThat(OpenCvLinear.fuses(380, 312)).as("1.64 times the rows").isFalse();
        assertThat(OpenCvLinear.fuses(312, 312)).as("the same height").isFalse();
        assertThat(OpenCvLinear.fuses(100, 416)).as("enlarging").isFalse();
        assertThat(OpenCvLinear.fuses(1, 1)).isFalse();
        assertThat(OpenCvLinear.fuses(2, 1)).as("one output row from two source rows").isTrue();
    }

    @Test
    void theFusedRowAndTheTwoPassesGiveTheSameValuesAtEveryWidth() {
        assumeVectorApi();
        // Every width from 1 to 3L + 1 pixels and a few beyond: no group, whole groups only, and whole groups
        // plus the tail group that repeats some of the last pixels; shrinking across gently and steeply.
        int lanes = jdk.incubator.vector.IntVector.SPECIES_PREFERRED.length();
        SplittableRandom r = new SplittableRandom(41);
        java.util.List<Integer> widths = new java.util.ArrayList<>(java.util.List.of(52, 97, 312, 416));
        for (int ow = 1; ow <= 3 * lanes + 1; ow++) {
            widths.add(ow);
        }
        for (int ow : widths) {
            for (int factor : new int[] {1, 2, 5}) {
                int w = ow * factor + r.nextInt(ow + 1);
                byte[] rgb = new byte[w * 8 * 3];
                r.nextBytes(rgb);
                OpenCvLinear.Plan plan = new OpenCvLinear.Plan(w, 8, ow, 3, BGR, true);
                assertThat(plan.fusesRows()).as("8 rows to 3").isTrue();
                int[] scalar = resize(rgb, w, 8, ow, 3, BGR, false, 0, 3);
                int[] vector = resize(rgb, w, 8, ow, 3, BGR, true, 0, 3);
                assertThat(java.util.Arrays.mismatch(vector, scalar)).as("%dx8 -> %dx3 on %s", w, ow, plan.kernel())
                        .isEqualTo(-1);
            }
        }
    }

    @Test
    void aPreprocessorStartsScalarAndTakesTheVectorKernelOnceWarm() throws InterruptedException {
        assumeVectorApi();
        // Other tests in this JVM may have started or finished the warm-up already; either way, every call gives
        // the scalar kernel's bytes, and once warm the plan runs the vector kernel.
        byte[] rgb = new byte[768 * 20 * 3];
        new SplittableRandom(5).nextBytes(rgb);
        int[] expected = resize(rgb, 768, 20, 416, 11, BGR, false, 0, 11);
        OpenCvLinear.Plan plan = new OpenCvLinear.Plan(768, 20, 416, 11, BGR);
        if (!Simd.isWarm()) {
            assertThat(plan.kernel()).as("before the warm-up has finished").isEqualTo("scalar");
        }
        long deadline = System.nanoTime() + 120_000_000_000L;
        int calls = 0;
        while (!Simd.isWarm() || calls < Simd.WARM_UP_AFTER) {
            int[] out = new int[416 * 11 * 3];
            plan.rows(ByteBuffer.wrap(rgb), 0, 11, (y, values) -> System.arraycopy(values, 0, out, y * 416 * 3,
                    416 * 3));
            assertThat(java.util.Arrays.mismatch(out, expected)).as("call %d on %s", calls, plan.kernel())
                    .isEqualTo(-1);
            calls++;
            assertThat(System.nanoTime()).as("warm within two minutes").isLessThan(deadline);
            if (calls >= Simd.WARM_UP_AFTER) {
                Thread.sleep(20);
            }
        }
        assertThat(plan.kernel()).startsWith("Vector API");
        int[] out = new int[416 * 11 * 3];
        plan.rows(ByteBuffer.wrap(rgb), 0, 11, (y, values) -> System.arraycopy(values, 0, out, y * 416 * 3,
                416 * 3));
        assertThat(java.util.Arrays.mismatch(out, expected)).as("once warm").isEqualTo(-1);
    }

    @Test
    void toFloatsConvertsEveryValueAtEveryOffsetAndLength() {
        assumeVectorApi();
        int[] values = new int[300];
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < values.length; i++) {
            values[i] = i < 40 ? i * 6 : random.nextInt(1 << 24); // 0-255 as pixels give, and any exact float
        }
        for (int from = 0; from < 40; from += 3) {
            for (int length = 0; length <= values.length - from; length += length < 70 ? 1 : 37) {
                float[] out = new float[length + 1];
                out[length] = -7; // past the length: must stay untouched
                OpenCvLinearSimd.toFloats(values, from, out, length);
                for (int i = 0; i < length; i++) {
                    assertThat(out[i]).as("value %d of %d from %d", i, length, from).isEqualTo(values[from + i]);
                }
                assertThat(out[length]).as("past the length").isEqualTo(-7);
            }
        }
    }

    @Test
    void anIdentityLetterboxOnceWarmGivesTheScalarKernelsValuesAsFloats() throws InterruptedException {
        assumeVectorApi();
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!Simd.isWarm()) {
            Simd.warm(); // counts towards the warm-up as resizes do
            Thread.sleep(5);
            assertThat(System.nanoTime()).as("warm within two minutes").isLessThan(deadline);
        }
        int w = 301;
        int h = 203;
        int ow = 104; // letterbox 104x104: content 104x70, not a multiple of any vector length
        int oh = 70;
        byte[] rgb = new byte[w * h * 3];
        new SplittableRandom(3).nextBytes(rgb);
        int[] expected = resize(rgb, w, h, ow, oh, BGR, false, 0, oh);
        for (int threads : new int[] {1, 2}) {
            PreprocessedImage p = ImagePreprocessor.builder().letterbox(104, 104, ImagePreprocessor.Anchor.TOP_LEFT)
                    .padValue(114).interpolation(ImagePreprocessor.Interpolation.OPENCV_LINEAR)
                    .channelOrder(ImagePreprocessor.ChannelOrder.BGR).threads(threads).build()
                    .apply(dev.echollama.image.RgbImage.of(w, h, rgb));
            assertThat(p.contentWidth()).isEqualTo(ow);
            assertThat(p.contentHeight()).isEqualTo(oh);
            float[] got = new float[3 * 104 * 104];
            p.tensor().duplicate().get(got);
            float[] want = new float[got.length];
            java.util.Arrays.fill(want, 114);
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < oh; y++) {
                    for (int x = 0; x < ow; x++) {
                        want[c * 104 * 104 + y * 104 + x] = expected[y * ow * 3 + c * ow + x];
                    }
                }
            }
            assertThat(java.util.Arrays.mismatch(got, want)).as("first differing float on %d threads", threads)
                    .isEqualTo(-1);
        }
    }

    @Test
    void extremeValuesAndEdgesMatch() {
        assumeVectorApi();
        // All 255 (the largest sums: 255 * 2049 across, the bound the vertical formula relies on), all 0, and a
        // one-pixel-wide stripe pattern that puts every tap on an edge between 0 and 255.
        for (int pattern = 0; pattern < 3; pattern++) {
            for (int[] size : new int[][] {{97, 61, 52, 33}, {50, 20, 120, 45}, {400, 9, 160, 9}, {33, 5, 17, 3},
                    {1000, 7, 97, 3}, {1, 1, 40, 2}}) {
                int w = size[0];
                int h = size[1];
                byte[] rgb = new byte[w * h * 3];
                for (int i = 0; i < rgb.length; i++) {
                    rgb[i] = (byte) (pattern == 0 ? 255 : pattern == 1 ? 0 : ((i / 3) % 2 == 0 ? 255 : 0));
                }
                int[] scalar = resize(rgb, w, h, size[2], size[3], BGR, false, 0, size[3]);
                int[] vector = resize(rgb, w, h, size[2], size[3], BGR, true, 0, size[3]);
                assertThat(java.util.Arrays.mismatch(vector, scalar)).as("pattern %d, size %s", pattern,
                        java.util.Arrays.toString(size)).isEqualTo(-1);
                if (pattern < 2) {
                    assertThat(vector).containsOnly(pattern == 0 ? 255 : 0);
                }
            }
        }
    }
}

package dev.echollama.onnx.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.echollama.image.RgbImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The switch from the scalar kernel to the vector kernel, in a fresh JVM (the JIT's state in this one depends on
 * the tests before): the warm-up must leave the kernels compiled for what real resizes run, so that the first
 * resizes after the switch are not slower than the scalar ones. When the warm-up's image buffer was of another
 * class than {@link RgbImage#pixels()}'s, the JIT threw the compiled kernels out at the first real resize, and
 * the first one to ten YOLOX letterboxes after the switch took 20-90 ms each here instead of about 1 ms.
 */
class SimdSwitchTest {
    private static final int AFTER = 10;

    /** The testkit's idle-CPU measurements wait for this thread by name: a rename here must reach them too. */
    @Test
    void theTestkitWaitsForTheWarmUpThreadByItsName() {
        assertThat(dev.echollama.testkit.IdleCpu.WARM_UP_THREAD).isEqualTo(Simd.THREAD);
    }

    @Test
    void theResizesRightAfterTheSwitchRunCompiledCode(@TempDir Path tmp) throws Exception {
        assumeTrue(Simd.usable(), "the Vector API path is off in this JVM");
        // This JVM's own warm-up, if earlier tests started it, would take a core from the probe's compiler.
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals(Simd.THREAD)) {
                t.join(TimeUnit.SECONDS.toMillis(60));
            }
        }
        Path log = tmp.resolve("probe.log");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                Probe.class.getName()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("probe finished within two minutes").isTrue();
        } finally {
            p.destroyForcibly();
        }
        List<String> lines = Files.readAllLines(log);
        String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        assertThat(p.exitValue()).as("probe exit status; its output:%n%s", String.join("\n", lines)).isZero();
        assertThat(last).as("probe output:%n%s", String.join("\n", lines)).startsWith("after switch ms ");
        double total = Double.parseDouble(last.substring("after switch ms ".length()));
        // 10-20 ms in all here when the kernels stay compiled (14-34 ms with one or two other processes busy);
        // 230-270 ms when they were thrown out, and 100 ms in a CI run while this JVM's warm-up was busy too,
        // before the warm-up waited for the compiler.
        assertThat(total).as("the first %d letterboxes after the switch, in all (ms); probe output:%n%s", AFTER,
                String.join("\n", lines)).isLessThan(60);
    }

    /** Letterboxes a VGA image as YOLOX does until the vector kernel is in use, then times the next ones. */
    static final class Probe {
        public static void main(String[] args) throws InterruptedException {
            byte[] rgb = new byte[768 * 576 * 3];
            new SplittableRandom(7).nextBytes(rgb);
            RgbImage image = RgbImage.of(768, 576, rgb);
            ImagePreprocessor letterbox = ImagePreprocessor.builder()
                    .letterbox(416, 416, ImagePreprocessor.Anchor.TOP_LEFT).padValue(114)
                    .interpolation(ImagePreprocessor.Interpolation.OPENCV_LINEAR)
                    .channelOrder(ImagePreprocessor.ChannelOrder.BGR).build();
            FloatBuffer tensor = ByteBuffer.allocateDirect(3 * 416 * 416 * Float.BYTES).order(ByteOrder.nativeOrder())
                    .asFloatBuffer();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (!Simd.isWarm()) {
                letterbox.apply(image, n -> tensor);
                Thread.sleep(5); // leaves the warm-up thread a core
                if (System.nanoTime() > deadline) {
                    System.out.println("never warm");
                    System.exit(2);
                }
            }
            double total = 0;
            for (int i = 0; i < AFTER; i++) {
                long t = System.nanoTime();
                letterbox.apply(image, n -> tensor);
                double ms = (System.nanoTime() - t) / 1e6;
                System.out.printf("call %d after the switch: %.2f ms%n", i + 1, ms);
                total += ms;
                Thread.sleep(5);
            }
            System.out.println("after switch ms " + total);
        }
    }
}

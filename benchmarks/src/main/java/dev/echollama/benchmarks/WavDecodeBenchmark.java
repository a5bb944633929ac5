package dev.echollama.benchmarks;

import dev.echollama.audio.AudioClip;
import dev.echollama.audio.WavFiles;
import dev.echollama.audio.WavFormat;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Decoding 10 s of 16 kHz 16-bit mono WAV (what a spoken question is) from memory to float samples:
 * {@link WavFiles#decode(byte[])} against Java Sound plus the same conversion loop, as a baseline in the same run.
 *
 * <p>Run: {@code mvn -o -q -pl benchmarks -am package -DskipTests && java -jar benchmarks/target/benchmarks.jar
 * WavDecode -f 1 -wi 2 -i 3}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class WavDecodeBenchmark {
    private byte[] wav;

    @Setup
    public void setUp() {
        int rate = 16_000;
        float[] samples = new float[10 * rate];
        Random r = new Random(1);
        for (int i = 0; i < samples.length; i++) {
            // Speech-like level: a 220 Hz tone with noise, well inside [-1, 1].
            samples[i] = (float) (0.3 * Math.sin(2 * Math.PI * 220 * i / rate) + 0.05 * r.nextGaussian());
        }
        wav = WavFiles.encode(AudioClip.of(samples, rate), WavFormat.PCM_16);
    }

    @Benchmark
    public AudioClip wavFilesDecode() {
        return WavFiles.decode(wav);
    }

    @Benchmark
    public float[] javaSoundBaseline() throws Exception {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(new ByteArrayInputStream(wav))) {
            byte[] pcm = in.readAllBytes();
            float[] out = new float[pcm.length / 2];
            ByteBuffer b = ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < out.length; i++) {
                out[i] = b.getShort() / 32768f;
            }
            return out;
        }
    }
}

package dev.echollama.benchmarks;

import dev.echollama.audio.AudioClip;
import dev.echollama.speech.SpeechSynthesizer;
import dev.echollama.speech.SpeechSynthesizerProvider;
import dev.echollama.speech.Transcriber;
import dev.echollama.speech.TranscriberProvider;
import dev.echollama.spi.ProviderConfig;
import dev.echollama.spi.Providers;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Timed run (not JMH: one synthesis or decode takes from tens of milliseconds to many seconds, and the figure
 * wanted is a ratio to the audio's length) of the real-time factor of the embedded speech engines: seconds spent
 * per second of audio, below 1 meaning faster than real time. Every engine is measured in the same run.
 *
 * <pre>
 * mvn -q -pl benchmarks -am package -DskipTests
 * java -Dechollama.shared=../shared -cp benchmarks/target/benchmarks.jar \
 *      dev.echollama.benchmarks.SpeechRealTimeFactor [rounds]
 * </pre>
 * Texts: the transcripts in {@code shared/models/speech/transcripts.tsv}; audio: the WAV files next to it.
 */
public final class SpeechRealTimeFactor {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private SpeechRealTimeFactor() {
    }

    public static void main(String[] args) throws IOException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Path speech = Path.of(System.getProperty("echollama.shared", "../shared"), "models", "speech");
        List<String[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(speech.resolve("transcripts.tsv"))) {
            String[] f = line.split("\t");
            if (f.length == 2 && f[0].endsWith(".wav")) {
                rows.add(f);
            }
        }
        ProviderConfig config = ProviderConfig.defaults();
        System.out.printf(Locale.ROOT, "%-10s %8s %10s %10s %8s %8s%n", "engine", "load s", "audio s", "busy s",
                "RTF", "cpuRTF");
        for (String name : List.of("freetts", "espeak-ng")) {
            SpeechSynthesizerProvider p = Providers.load(SpeechSynthesizerProvider.class).stream()
                    .filter(x -> x.name().equals(name)).findFirst().orElseThrow();
            if (!p.isAvailable(config)) {
                System.out.printf("%-10s unavailable: %s%n", name, p.availability(config).reason());
                continue;
            }
            long t0 = System.nanoTime();
            try (SpeechSynthesizer tts = p.create(config)) {
                double load = (System.nanoTime() - t0) / 1e9;
                tts.synthesize(rows.get(0)[1]); // warm-up
                double audio = 0;
                long wall = 0;
                for (int r = 0; r < rounds; r++) {
                    for (String[] row : rows) {
                        long w = System.nanoTime();
                        AudioClip clip = tts.synthesize(row[1]);
                        wall += System.nanoTime() - w;
                        audio += clip.durationSeconds();
                    }
                }
                // FreeTTS and espeak-ng work on other threads / in a child process: CPU of this thread is not
                // theirs, so only the wall-clock ratio is meaningful for them.
                print(name, load, audio, wall / 1e9, Double.NaN);
            }
        }
        TranscriberProvider sphinx = Providers.select(TranscriberProvider.class, "sphinx", config);
        long t0 = System.nanoTime();
        try (Transcriber asr = sphinx.create(config)) {
            double load = (System.nanoTime() - t0) / 1e9;
            asr.transcribe(read(speech.resolve(rows.get(rows.size() - 1)[0]))); // warm-up
            double audio = 0;
            long wall = 0;
            long cpu = 0;
            for (String[] row : rows) {
                AudioClip clip = read(speech.resolve(row[0]));
                long w = System.nanoTime();
                long c = THREADS.getCurrentThreadCpuTime();
                asr.transcribe(clip);
                cpu += THREADS.getCurrentThreadCpuTime() - c;
                wall += System.nanoTime() - w;
                audio += clip.durationSeconds();
            }
            // Sphinx decodes on the calling thread, so its CPU ratio is measurable (garbage collection excluded).
            print("sphinx", load, audio, wall / 1e9, cpu / 1e9 / audio);
        }
    }

    private static void print(String name, double load, double audio, double busy, double cpuRtf) {
        System.out.printf(Locale.ROOT, "%-10s %8.2f %10.2f %10.2f %8.3f %8s%n", name, load, audio, busy,
                busy / audio, Double.isNaN(cpuRtf) ? "-" : String.format(Locale.ROOT, "%.3f", cpuRtf));
    }

    private static AudioClip read(Path wav) throws IOException {
        byte[] b = Files.readAllBytes(wav);
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        float[] s = new float[(b.length - 44) / 2];
        for (int i = 0; i < s.length; i++) {
            s[i] = bb.getShort(44 + 2 * i) / 32768f;
        }
        return AudioClip.of(s, bb.getInt(24));
    }
}

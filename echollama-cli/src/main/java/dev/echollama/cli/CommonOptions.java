package dev.echollama.cli;

import dev.echollama.spi.Device;
import dev.echollama.spi.ProviderConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options every command takes. */
final class CommonOptions {
    @Option(names = "--model-dir", paramLabel = "ID=PATH",
            description = "Use this folder or file for model ID (repeatable).")
    List<String> modelDirs = List.of();

    @Option(names = "--device", paramLabel = "cpu|cuda:N", defaultValue = "cpu",
            description = "Where models run (default: ${DEFAULT-VALUE}); CUDA falls back to the CPU with one log line.")
    String device;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
            description = "Threads for each model's inference and for image pre-processing (default: 0, the "
                    + "engine's own choice).")
    int threads;

    @Option(names = "--option", paramLabel = "KEY=VALUE", description = "A provider option (repeatable).")
    List<String> options = List.of();

    @Option(names = "--detector", paramLabel = "NAME", description = "Detector provider (default: best available).")
    String detector;

    @Option(names = "--depth", paramLabel = "NAME", description = "Depth provider.")
    String depth;

    @Option(names = "--captioner", paramLabel = "NAME", description = "Captioner provider.")
    String captioner;

    @Option(names = "--llm", paramLabel = "NAME", description = "Scene language model provider.")
    String llm;

    @Option(names = "--tts", paramLabel = "NAME", description = "Speech synthesizer provider.")
    String tts;

    @Option(names = "--asr", paramLabel = "NAME", description = "Transcriber provider.")
    String asr;

    @Option(names = {"-v", "--verbose"}, description = "Print stack traces for errors.")
    boolean verbose;

    ProviderConfig config() {
        ProviderConfig.Builder b = ProviderConfig.builder().device(Device.parse(device)).threads(threads);
        for (Map.Entry<String, Path> e : modelDirMap().entrySet()) {
            b.model(e.getKey(), e.getValue());
        }
        for (String kv : options) {
            String[] p = split(kv, "--option");
            b.option(p[0], p[1]);
        }
        return b.build();
    }

    Map<String, Path> modelDirMap() {
        Map<String, Path> m = new LinkedHashMap<>();
        for (String kv : modelDirs) {
            String[] p = split(kv, "--model-dir");
            m.put(p[0], Path.of(p[1]));
        }
        return m;
    }

    private static String[] split(String kv, String option) {
        int eq = kv.indexOf('=');
        if (eq <= 0 || eq == kv.length() - 1) {
            throw new UsageError(option + " takes KEY=VALUE, got '" + kv + "'");
        }
        return new String[] {kv.substring(0, eq).strip(), kv.substring(eq + 1).strip()};
    }
}

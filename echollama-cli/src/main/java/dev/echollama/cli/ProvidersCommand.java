package dev.echollama.cli;

import dev.echollama.language.SceneLanguageModelProvider;
import dev.echollama.speech.SpeechSynthesizerProvider;
import dev.echollama.speech.TranscriberProvider;
import dev.echollama.spi.ProviderConfig;
import dev.echollama.spi.Providers;
import dev.echollama.spi.StageProvider;
import dev.echollama.vision.CaptionerProvider;
import dev.echollama.vision.DepthEstimatorProvider;
import dev.echollama.vision.DetectorProvider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code echollama providers}: every provider found, available or not, and why. */
@Command(name = "providers", description = "Every provider found for each stage, available or not, and why.")
final class ProvidersCommand implements Callable<Integer> {
    static final Map<String, Class<? extends StageProvider<?>>> STAGES = new LinkedHashMap<>();

    static {
        STAGES.put("detector", DetectorProvider.class);
        STAGES.put("depth", DepthEstimatorProvider.class);
        STAGES.put("captioner", CaptionerProvider.class);
        STAGES.put("llm", SceneLanguageModelProvider.class);
        STAGES.put("tts", SpeechSynthesizerProvider.class);
        STAGES.put("asr", TranscriberProvider.class);
    }

    @Mixin
    CommonOptions common;
    @Spec
    CommandSpec spec;
    @Option(names = "--json", description = "One JSON document.")
    boolean json;

    @Override
    public Integer call() {
        ProviderConfig config = common.config();
        Map<String, Object> doc = new LinkedHashMap<>();
        for (Map.Entry<String, Class<? extends StageProvider<?>>> stage : STAGES.entrySet()) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Providers.Status s : list(stage.getValue(), config)) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("name", s.name());
                row.put("priority", s.priority());
                row.put("available", s.availability().available());
                row.put("reason", s.availability().reason());
                row.put("description", s.description());
                rows.add(row);
                if (!json) {
                    spec.commandLine().getOut().printf("%-10s %-16s %4d  %-11s %s%n", stage.getKey(), s.name(),
                            s.priority(), s.availability().available() ? "available" : "unavailable",
                            s.availability().reason());
                }
            }
            doc.put(stage.getKey(), rows);
        }
        if (json) {
            spec.commandLine().getOut().println(Json.write(doc));
        }
        return EchoCli.OK;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static List<Providers.Status> list(Class type, ProviderConfig config) {
        return Providers.list(type, config);
    }
}

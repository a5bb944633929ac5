package dev.echollama.cli;

import dev.echollama.audio.WavFiles;
import dev.echollama.speech.Transcriber;
import dev.echollama.speech.TranscriberProvider;
import dev.echollama.speech.Transcript;
import dev.echollama.spi.ProviderConfig;
import dev.echollama.spi.Providers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code echollama transcribe WAV [--json]}. */
@Command(name = "transcribe", description = "Transcribe speech from a WAV file.")
final class TranscribeCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;
    @Spec
    CommandSpec spec;
    @Parameters(paramLabel = "WAV")
    Path wav;
    @Option(names = "--json", description = "{\"text\", \"segments\": [{\"text\", \"start\", \"end\"}]}")
    boolean json;

    @Override
    public Integer call() {
        ProviderConfig config = common.config();
        TranscriberProvider p = Providers.select(TranscriberProvider.class, common.asr, config);
        try (Transcriber asr = p.create(config)) {
            Transcript t = asr.transcribe(WavFiles.read(wav));
            if (json) {
                List<Map<String, Object>> segments = new ArrayList<>();
                for (Transcript.Segment s : t.segments()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("text", s.text());
                    m.put("start", s.startSeconds());
                    m.put("end", s.endSeconds());
                    if (s.confidence().isPresent()) {
                        m.put("confidence", s.confidence().getAsDouble());
                    }
                    segments.add(m);
                }
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("text", t.text());
                doc.put("segments", segments);
                spec.commandLine().getOut().println(Json.write(doc));
            } else {
                spec.commandLine().getOut().println(t.text());
            }
        }
        return EchoCli.OK;
    }
}

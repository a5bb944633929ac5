package dev.echollama.cli;

import dev.echollama.EchoPipeline;
import dev.echollama.SceneAnalysis;
import dev.echollama.Stage;
import dev.echollama.SkippedStage;
import dev.echollama.image.Images;
import dev.echollama.scene.SceneObject;
import dev.echollama.vision.Detection;
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

/** {@code echollama analyze IMAGE [--json]}: the vision stages, the matrix and the prompt. */
@Command(name = "analyze", description = "Detections, depth summary, caption, matrix, prompt and timings.")
final class AnalyzeCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;
    @Spec
    CommandSpec spec;
    @Parameters(paramLabel = "IMAGE")
    Path image;
    @Option(names = "--json", description = "One JSON document (the stable contract in the README).")
    boolean json;

    @Override
    public Integer call() {
        try (EchoPipeline pipeline = Pipelines.build(common, null, Stage.LANGUAGE, Stage.SPEECH, Stage.TRANSCRIPTION)) {
            SceneAnalysis a = pipeline.analyze(Images.read(image));
            if (json) {
                spec.commandLine().getOut().println(Json.write(toJson(a)));
            } else {
                spec.commandLine().getOut().println(a.prompt().user());
            }
        }
        return EchoCli.OK;
    }

    static Map<String, Object> toJson(SceneAnalysis a) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("image", Map.of("width", a.imageWidth(), "height", a.imageHeight()));
        List<Map<String, Object>> dets = new ArrayList<>();
        for (Detection d : a.detections()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("label", d.label());
            m.put("score", d.score());
            m.put("box", List.of(d.box().x1(), d.box().y1(), d.box().x2(), d.box().y2()));
            dets.add(m);
        }
        doc.put("detections", dets);
        List<List<List<Map<String, Object>>>> rows = new ArrayList<>();
        for (List<List<SceneObject>> row : a.matrix().cells()) {
            List<List<Map<String, Object>>> r = new ArrayList<>();
            for (List<SceneObject> cell : row) {
                List<Map<String, Object>> c = new ArrayList<>();
                for (SceneObject o : cell) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("label", o.label());
                    m.put("probability", o.probability());
                    m.put("x", o.x());
                    m.put("y", o.y());
                    m.put("z", o.z().isPresent() ? o.z().getAsDouble() : null);
                    c.add(m);
                }
                r.add(c);
            }
            rows.add(r);
        }
        doc.put("matrix", rows);
        doc.put("depth", a.depth().map(d -> Map.of("width", d.width(), "height", d.height(),
                "convention", d.convention().name().toLowerCase(java.util.Locale.ROOT),
                "min", d.min(), "max", d.max())).orElse(null));
        doc.put("caption", a.caption().text());
        doc.put("prompt", Map.of("system", a.prompt().system(), "user", a.prompt().user()));
        List<Map<String, String>> skipped = new ArrayList<>();
        for (SkippedStage s : a.skipped()) {
            skipped.add(Map.of("stage", s.stage().name().toLowerCase(java.util.Locale.ROOT), "reason", s.reason()));
        }
        doc.put("skipped", skipped);
        doc.put("timings_ms", Pipelines.millis(a.timings().asMap()));
        return doc;
    }
}

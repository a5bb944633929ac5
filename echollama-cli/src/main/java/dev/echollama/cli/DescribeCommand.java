package dev.echollama.cli;

import dev.echollama.BadInputException;
import dev.echollama.EchoPipeline;
import dev.echollama.Narration;
import dev.echollama.Stage;
import dev.echollama.audio.WavFiles;
import dev.echollama.image.Images;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code echollama describe IMAGE... [--out WAV|DIR] [--json]}: the main job, text and speech. */
@Command(name = "describe", description = "Describe a picture aloud: text, and speech written to a WAV file.")
final class DescribeCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;
    @Mixin
    GenerationMixin generation;
    @Spec
    CommandSpec spec;
    @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "Image files or folders of images.")
    List<Path> inputs;
    @Option(names = "--out", paramLabel = "WAV|DIR",
            description = "Where speech goes: a WAV file for one image, a folder for several.")
    Path out;
    @Option(names = "--json", description = "One JSON line per image (the stable contract in the README).")
    boolean json;

    @Override
    public Integer call() throws IOException {
        List<Path> images = expand(inputs);
        boolean many = images.size() > 1 || inputs.stream().anyMatch(Files::isDirectory);
        if (many && out != null) {
            Files.createDirectories(out);
        }
        PrintWriter w = spec.commandLine().getOut();
        int failures = 0;
        try (EchoPipeline pipeline = Pipelines.build(common, generation.options(), Stage.TRANSCRIPTION)) {
            for (Path image : images) {
                try {
                    Narration n = pipeline.describe(Images.read(image));
                    Path wav = null;
                    if (out != null && !n.audio().isEmpty()) {
                        wav = many ? out.resolve(stem(image) + ".wav") : out;
                        WavFiles.write(n.audio(), wav);
                    }
                    if (json) {
                        w.println(Json.write(toJson(image, n, wav, pipeline)));
                    } else {
                        w.println(many ? image + ": " + n.text() : n.text());
                    }
                } catch (BadInputException e) {
                    if (!many) {
                        throw e;
                    }
                    failures++;
                    Map<String, Object> err = new LinkedHashMap<>();
                    err.put("image", image.toString());
                    err.put("error", e.getMessage());
                    w.println(json ? Json.write(err) : image + ": error: " + e.getMessage());
                }
                w.flush();
            }
        }
        return failures == 0 ? EchoCli.OK : EchoCli.BAD_INPUT;
    }

    static Map<String, Object> toJson(Path image, Narration n, Path wav, EchoPipeline pipeline) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("image", image.toString());
        doc.put("text", n.text());
        doc.put("audio", wav == null ? null : wav.toString());
        doc.put("grounding", Map.of("unsupported", n.grounding().unsupported()));
        doc.put("timings_ms", Pipelines.millis(n.timings().asMap()));
        Map<String, java.time.Duration> load = new LinkedHashMap<>();
        pipeline.loadTimes().forEach((k, v) -> load.put(k.name().toLowerCase(Locale.ROOT), v));
        doc.put("load_ms", Pipelines.millis(load));
        return doc;
    }

    private static String stem(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    static List<Path> expand(List<Path> inputs) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path p : inputs) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    s.filter(Files::isRegularFile).filter(DescribeCommand::looksLikeImage).sorted().forEach(out::add);
                }
            } else if (Files.exists(p)) {
                out.add(p);
            } else {
                throw new BadInputException("no such image: " + p);
            }
        }
        if (out.isEmpty()) {
            throw new BadInputException("no images found in " + inputs);
        }
        return out;
    }

    private static boolean looksLikeImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".png") || n.endsWith(".bmp")
                || n.endsWith(".gif");
    }

}

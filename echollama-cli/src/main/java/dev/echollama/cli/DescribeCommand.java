package dev.echollama.cli;

import dev.echollama.BadInputException;
import dev.echollama.EchoPipeline;
import dev.echollama.Narration;
import dev.echollama.Stage;
import dev.echollama.audio.WavFiles;
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

/**
 * {@code echollama describe IMAGE... [--out WAV|DIR] [--json]}: the main job, text and speech. Several images run as
 * a pipeline ({@link BatchNarration}): the next images are analysed while the current one is spoken; output stays in
 * input order and a last line on stderr (and, with {@code --json}, a last {@code {"summary": ...}} line) gives the
 * images per second.
 */
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

    @Option(names = "--vision-workers", paramLabel = "N",
            description = "For several images: images analysed at once while the previous one is spoken "
                    + "(default: the number of CPU cores).")
    Integer visionWorkers;

    @Override
    public Integer call() throws IOException {
        List<Path> images = expand(inputs);
        boolean many = images.size() > 1 || inputs.stream().anyMatch(Files::isDirectory);
        if (many && out != null) {
            Files.createDirectories(out);
        }
        PrintWriter w = spec.commandLine().getOut();
        int workers = visionWorkers != null ? visionWorkers : Runtime.getRuntime().availableProcessors();
        int[] unwritten = {0};
        BatchNarration.Summary summary;
        try (EchoPipeline pipeline = Pipelines.build(common, generation.options(), Stage.TRANSCRIPTION)) {
            summary = BatchNarration.run(pipeline, images, workers, o -> {
                if (o.error() != null) {
                    if (!many) {
                        throw o.error();
                    }
                    Map<String, Object> err = new LinkedHashMap<>();
                    err.put("image", o.image().toString());
                    err.put("error", o.error().getMessage());
                    w.println(json ? Json.write(err) : o.image() + ": error: " + o.error().getMessage());
                } else {
                    try {
                        print(w, o.image(), o.narration(), many, pipeline);
                    } catch (BadInputException e) {
                        if (!many) {
                            throw e;
                        }
                        unwritten[0]++;
                        w.println(json ? Json.write(Map.of("image", o.image().toString(), "error", e.getMessage()))
                                : o.image() + ": error: " + e.getMessage());
                    }
                }
                w.flush();
            });
        }
        if (many) {
            PrintWriter err = spec.commandLine().getErr();
            err.println(String.format(Locale.ROOT, "described %d of %d images in %.1f s: %.2f images/s "
                            + "(%d vision workers%s)", summary.described(), summary.images(),
                    summary.elapsed().toMillis() / 1000.0, summary.imagesPerSecond(), summary.visionWorkers(),
                    summary.failed() == 0 ? "" : ", " + summary.failed() + " failed"));
            err.flush();
            if (json) {
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("images", summary.images());
                s.put("described", summary.described());
                s.put("failed", summary.failed());
                s.put("seconds", Math.round(summary.elapsed().toMillis()) / 1000.0);
                s.put("images_per_second", Math.round(summary.imagesPerSecond() * 1000) / 1000.0);
                s.put("vision_workers", summary.visionWorkers());
                w.println(Json.write(Map.of("summary", s)));
                w.flush();
            }
        }
        return summary.failed() + unwritten[0] == 0 ? EchoCli.OK : EchoCli.BAD_INPUT;
    }

    private void print(PrintWriter w, Path image, Narration n, boolean many, EchoPipeline pipeline) {
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

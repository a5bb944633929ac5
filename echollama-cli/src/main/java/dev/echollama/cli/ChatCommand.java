package dev.echollama.cli;

import dev.echollama.Answer;
import dev.echollama.EchoPipeline;
import dev.echollama.EchoSession;
import dev.echollama.audio.WavFiles;
import dev.echollama.image.Images;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code echollama chat IMAGE [--question TEXT | --question-audio WAV]...}: questions about one scene. */
@Command(name = "chat", description = "Ask questions about a picture; interactive when no question is given.")
final class ChatCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;
    @Mixin
    GenerationMixin generation;
    @Spec
    CommandSpec spec;
    @Parameters(paramLabel = "IMAGE")
    Path image;

    static final class Question {
        @Option(names = "--question", paramLabel = "TEXT", required = true)
        String text;
        @Option(names = "--question-audio", paramLabel = "WAV", required = true)
        Path audio;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..*")
    List<Question> questions = new ArrayList<>();

    @Option(names = "--json", description = "{\"answers\": [{\"question\", \"text\"}]}")
    boolean json;

    @Override
    public Integer call() throws IOException {
        PrintWriter w = spec.commandLine().getOut();
        try (EchoPipeline pipeline = Pipelines.build(common, generation.options());
             EchoSession session = pipeline.session(Images.read(image))) {
            if (questions.isEmpty()) {
                return interactive(session, w);
            }
            List<Map<String, Object>> answers = new ArrayList<>();
            for (Question q : questions) {
                Answer a = q.text != null ? session.ask(q.text) : session.ask(WavFiles.read(q.audio));
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("question", a.question());
                m.put("text", a.text());
                m.put("unsupported", a.grounding().unsupported());
                answers.add(m);
                if (!json) {
                    w.println("Q: " + a.question());
                    w.println("A: " + a.text());
                }
            }
            if (json) {
                w.println(Json.write(Map.of("answers", answers)));
            }
        }
        return EchoCli.OK;
    }

    private static int interactive(EchoSession session, PrintWriter w) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        w.println("Ask about the picture (an empty line or end of input quits).");
        w.print("> ");
        w.flush();
        for (String line; (line = in.readLine()) != null && !line.isBlank(); ) {
            w.println(session.ask(line.strip()).text());
            w.print("> ");
            w.flush();
        }
        w.println();
        return EchoCli.OK;
    }
}

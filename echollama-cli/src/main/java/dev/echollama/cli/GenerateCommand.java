package dev.echollama.cli;

import dev.echollama.language.Generation;
import dev.echollama.language.GenerationOptions;
import dev.echollama.language.TokenSink;
import dev.echollama.llm.llamacpp.LlamaCppModel;
import dev.echollama.llm.llamacpp.LlamaCppProvider;
import dev.echollama.llm.onnx.Completion;
import dev.echollama.llm.onnx.LlamaOnnxModel;
import dev.echollama.llm.onnx.LlamaOnnxProvider;
import dev.echollama.spi.ProviderConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code echollama generate --model PATH (--prompt TEXT | --prompt-ids 1,2,3) [--max-tokens N] [--temperature T]
 * [--seed S] [--json]}: a raw completion, no chat template. An ONNX model (file, or folder with tokenizer.json and
 * config.json) runs on the {@code llama-onnx} path; a {@code .gguf} file on llama.cpp.
 */
@Command(name = "generate", description = {
    "Continue a raw prompt with a language model (no chat template) and print what it generates.",
    "--model is an ONNX decoder (a .onnx file, or its folder with tokenizer.json and config.json) or a .gguf file "
            + "(llama.cpp). --prompt is tokenized as it is, with the BOS the tokenizer adds; --prompt-ids are fed as "
            + "they are (ONNX only). --json prints {\"ids\": [generated ids], \"text\": ...}."})
final class GenerateCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;
    @Mixin
    GenerationMixin generation;
    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "PATH", required = true,
            description = "An ONNX model file or folder, or a .gguf file.")
    Path model;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Prompt prompt;

    @Option(names = "--json", description = "Print one JSON document: generated ids, text, finish reason.")
    boolean json;

    static final class Prompt {
        @Option(names = "--prompt", paramLabel = "TEXT", required = true, description = "The prompt text.")
        String text;
        @Option(names = "--prompt-ids", paramLabel = "ID,ID,...", required = true,
                description = "The prompt as token ids, comma-separated (BOS included if the model wants one).")
        String ids;
    }

    @Override
    public Integer call() {
        GenerationOptions options = generation.options();
        PrintWriter out = spec.commandLine().getOut();
        TokenSink sink = json ? TokenSink.none() : piece -> {
            out.print(piece);
            out.flush();
        };
        Map<String, Object> doc = isGguf(model) ? gguf(options, sink) : onnx(options, sink);
        if (json) {
            out.println(Json.write(doc));
        } else {
            out.println();
        }
        out.flush();
        return EchoCli.OK;
    }

    private Map<String, Object> onnx(GenerationOptions options, TokenSink sink) {
        ProviderConfig config = common.config().toBuilder().option("llama-onnx.model", model.toString()).build();
        try (LlamaOnnxModel m = new LlamaOnnxProvider().create(config)) {
            Completion c = prompt.ids != null ? m.complete(parseIds(prompt.ids), options, sink)
                    : m.complete(prompt.text, options, sink);
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("ids", c.ids());
            doc.put("text", c.text());
            doc.put("finish", c.finish().name().toLowerCase(Locale.ROOT));
            doc.put("prompt_ids", c.promptIds());
            doc.put("engine", "onnx");
            return doc;
        }
    }

    private Map<String, Object> gguf(GenerationOptions options, TokenSink sink) {
        if (prompt.ids != null) {
            throw new UsageError("--prompt-ids needs an ONNX model: llama.cpp's Java binding takes text prompts; "
                    + "use --prompt with " + model);
        }
        ProviderConfig config = common.config().toBuilder().option("llamacpp.model", model.toString()).build();
        try (LlamaCppModel m = new LlamaCppProvider().open(config)) {
            Generation g = m.complete(prompt.text, options, sink);
            // The binding streams text, not ids: the ids are the prompt + text re-tokenized, minus the prompt's.
            int[] promptIds = m.tokenize(prompt.text);
            int[] all = m.tokenize(prompt.text + g.text());
            boolean prefix = all.length >= promptIds.length
                    && Arrays.equals(Arrays.copyOf(all, promptIds.length), promptIds);
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("ids", prefix ? Arrays.copyOfRange(all, promptIds.length, all.length) : m.tokenize(g.text()));
            doc.put("text", g.text());
            doc.put("finish", g.finish().name().toLowerCase(Locale.ROOT));
            doc.put("prompt_ids", promptIds);
            doc.put("engine", "llama.cpp");
            doc.put("ids_retokenized", true);
            return doc;
        }
    }

    static boolean isGguf(Path p) {
        return p.getFileName() != null && p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gguf");
    }

    static int[] parseIds(String csv) {
        List<Integer> ids = new ArrayList<>();
        for (String part : csv.split(",")) {
            String s = part.strip();
            if (s.isEmpty()) {
                continue;
            }
            try {
                ids.add(Integer.parseInt(s));
            } catch (NumberFormatException e) {
                throw new UsageError("--prompt-ids takes comma-separated token ids, got '" + s + "' in '" + csv + "'");
            }
        }
        if (ids.isEmpty()) {
            throw new UsageError("--prompt-ids holds no id");
        }
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }
}

package dev.echollama.cli;

import dev.echollama.BadInputException;
import dev.echollama.EchoPipeline;
import dev.echollama.Stage;
import dev.echollama.cli.dataset.AxolotlConfig;
import dev.echollama.cli.dataset.DatasetProgress;
import dev.echollama.cli.dataset.DatasetReport;
import dev.echollama.cli.dataset.DpoDatasetBuilder;
import dev.echollama.cli.dataset.DpoLayout;
import dev.echollama.cli.dataset.LanguageModelRef;
import dev.echollama.language.SceneLanguageModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code echollama dataset build ...}: the paper's §6.1 DPO data; the work is in {@link DpoDatasetBuilder}. */
@Command(name = "dataset", description = "Build the paper's DPO training data (section 6.1).",
        subcommands = {DatasetCommand.Build.class, CommandLine.HelpCommand.class})
final class DatasetCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new UsageError("say what to do: echollama dataset build --images DIR --out FILE --chosen URL,MODEL "
                + "--rejected MODEL");
    }

    enum ProgressStyle { AUTO, BAR, LINES, NONE }

    @Command(name = "build", sortOptions = false, description = {
            "For each image: the vision stages and the section 6.1 prompt, then a reply from the chosen and from the "
                    + "rejected model (max_tokens 1024, temperature 0.7, top_p 0.95 unless set); one JSON line "
                    + "{system, prompt, chosen, rejected, image, matrix, caption} per image.",
            "Resumable: images already in --out are skipped, so run the same command again after a kill or failures."})
    static final class Build implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Mixin
        GenerationMixin generation;
        @Spec
        CommandSpec spec;

        @Option(names = "--images", required = true, paramLabel = "DIR",
                description = "Folder of JPEG, PNG, BMP or GIF images (not recursive), taken in name order.")
        Path images;
        @Option(names = "--out", required = true, paramLabel = "FILE", description = "The JSON Lines file.")
        Path out;
        @Option(names = "--chosen", required = true, paramLabel = "URL,MODEL",
                description = "The chosen model: an OpenAI-compatible endpoint such as "
                        + "https://api.deepseek.com/v1,deepseek-chat (or PROVIDER[:MODEL-ID]).")
        String chosen;
        @Option(names = "--rejected", required = true, paramLabel = "PROVIDER[:MODEL-ID]|URL,MODEL",
                description = "The rejected model: a local provider such as llamacpp:llama-3.2-1b-instruct-gguf "
                        + "(MODEL-ID goes to option PROVIDER.model-id), or a second endpoint URL,MODEL.")
        String rejected;
        @Option(names = "--limit", paramLabel = "N", description = "Only the first N images (in name order).")
        Integer limit;
        @Option(names = "--concurrency", paramLabel = "N", defaultValue = "2",
                description = "Images processed at once (default: ${DEFAULT-VALUE}).")
        int concurrency;
        @Option(names = "--retries", paramLabel = "N", defaultValue = "2",
                description = "Extra attempts for a failed model call (default: ${DEFAULT-VALUE}).")
        int retries;
        @Option(names = "--retry-backoff-ms", paramLabel = "MS", defaultValue = "1000",
                description = "Wait before the first retry, doubled after (default: ${DEFAULT-VALUE}).")
        long retryBackoffMs;
        @Option(names = "--layout", paramLabel = "standard|conversational", defaultValue = "standard",
                description = "standard: every field a string (Axolotl llama3.prompt_pairs, TRL standard); "
                        + "conversational: prompt/chosen/rejected as message lists (TRL conversational).")
        DpoLayout layout;
        @Option(names = "--chosen-api-key", paramLabel = "KEY", interactive = true, arity = "0..1",
                description = "The chosen endpoint's API key; give the option alone to be asked for it.")
        String chosenApiKey;
        @Option(names = "--chosen-api-key-env", paramLabel = "VAR", defaultValue = "OPENAI_API_KEY",
                description = "Environment variable with the chosen endpoint's key (default: ${DEFAULT-VALUE}).")
        String chosenApiKeyEnv;
        @Option(names = "--rejected-api-key-env", paramLabel = "VAR",
                description = "Environment variable with the rejected endpoint's key, if it needs one.")
        String rejectedApiKeyEnv;
        @Option(names = "--emit-axolotl-config", paramLabel = "FILE",
                description = "Also write an Axolotl DPO + LoRA config for Llama-3.2-1B-Instruct on --out.")
        Path axolotlConfig;
        @Option(names = "--progress", paramLabel = "auto|bar|lines|none", defaultValue = "auto",
                description = "auto: a bar on a terminal, else a log line every 10 s (default: ${DEFAULT-VALUE}).")
        ProgressStyle progress;

        @Override
        public Integer call() throws IOException {
            if (!Files.isDirectory(images)) {
                throw new BadInputException("--images must be a folder of images; " + images
                        + (Files.exists(images) ? " is not a folder" : " does not exist"));
            }
            if (limit != null && limit < 1) {
                throw new UsageError("--limit must be at least 1, got " + limit);
            }
            if (layout == DpoLayout.CONVERSATIONAL && axolotlConfig != null) {
                throw new UsageError("--emit-axolotl-config needs --layout standard (Axolotl's llama3.prompt_pairs "
                        + "reads string fields)");
            }
            LanguageModelRef chosenRef = ref(chosen, "--chosen");
            LanguageModelRef rejectedRef = ref(rejected, "--rejected");
            List<Path> all = DescribeCommand.expand(List.of(images));
            List<Path> todo = limit == null ? all : all.subList(0, Math.min(limit, all.size()));
            PrintWriter err = spec.commandLine().getErr();
            if (axolotlConfig != null) {
                AxolotlConfig.write(axolotlConfig, out);
                err.println("wrote the Axolotl config " + axolotlConfig);
            }
            err.println("chosen: " + chosenRef + "; rejected: " + rejectedRef);
            err.flush();
            DatasetReport report;
            try (EchoPipeline vision = visionPipeline();
                 SceneLanguageModel good = chosenRef.open(common.config(), key(chosenApiKey, chosenApiKeyEnv));
                 SceneLanguageModel bad = rejectedRef.open(common.config(), key(null, rejectedApiKeyEnv))) {
                DpoDatasetBuilder builder = DpoDatasetBuilder.builder().vision(vision).chosen(good).rejected(bad)
                        .generationOptions(generation.options()).concurrency(concurrency).retries(retries)
                        .retryBackoff(Duration.ofMillis(Math.max(0, retryBackoffMs))).layout(layout)
                        .progress(progress(err)).build();
                report = builder.run(images, todo, out);
            }
            spec.commandLine().getOut().print(report.summary(out.toString()));
            spec.commandLine().getOut().flush();
            if (report.abortedBecause().isPresent() || report.failures().stream().anyMatch(f ->
                    f.step() != DatasetReport.Step.DECODE && f.step() != DatasetReport.Step.VISION)) {
                return EchoCli.OTHER;
            }
            return report.failures().isEmpty() ? EchoCli.OK : EchoCli.BAD_INPUT;
        }

        private static LanguageModelRef ref(String spec, String option) {
            try {
                return LanguageModelRef.parse(spec, option);
            } catch (BadInputException e) {
                throw new UsageError(e.getMessage());
            }
        }

        /** The vision stages only: no language model, speech or transcription is loaded. */
        private EchoPipeline visionPipeline() {
            EchoPipeline.Builder b = EchoPipeline.builder().config(common.config())
                    .without(Stage.LANGUAGE).without(Stage.SPEECH).without(Stage.TRANSCRIPTION);
            if (common.detector != null) {
                b.detector(common.detector);
            }
            if (common.depth != null) {
                b.depthEstimator(common.depth);
            }
            if (common.captioner != null) {
                b.captioner(common.captioner);
            }
            return b.build();
        }

        private static String key(String given, String envVar) {
            if (given != null && !given.isBlank()) {
                return given;
            }
            return envVar == null || envVar.isBlank() ? null : System.getenv(envVar.strip());
        }

        private DatasetProgress progress(PrintWriter err) {
            ProgressStyle style = progress == ProgressStyle.AUTO
                    ? (System.console() != null ? ProgressStyle.BAR : ProgressStyle.LINES) : progress;
            return switch (style) {
                case BAR -> DatasetProgress.bar(System.err);
                case LINES -> DatasetProgress.lines(line -> {
                    err.println(line);
                    err.flush();
                }, Duration.ofSeconds(10));
                default -> DatasetProgress.none();
            };
        }
    }
}

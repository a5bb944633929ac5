package dev.echollama.cli;

import dev.echollama.BadInputException;
import dev.echollama.ModelCorruptException;
import dev.echollama.model.ModelCatalog;
import dev.echollama.model.ModelDownloader;
import dev.echollama.model.ModelLocator;
import dev.echollama.model.ModelSource;
import dev.echollama.model.ModelSpec;
import dev.echollama.model.ProgressListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code echollama models list | fetch | verify | path}. */
@Command(name = "models", description = "List, fetch, verify and locate models.",
        subcommands = {ModelsCommand.ListModels.class, ModelsCommand.Fetch.class, ModelsCommand.Verify.class,
                ModelsCommand.PathOf.class})
final class ModelsCommand {

    static ModelLocator locator(CommonOptions common) {
        return common.config().models();
    }

    @Command(name = "list", description = "Every model the SDK knows, and whether it is here.")
    static final class ListModels implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Spec
        CommandSpec spec;
        @Option(names = "--json", description = "One JSON document.")
        boolean json;

        @Override
        public Integer call() {
            ModelLocator loc = locator(common);
            List<Map<String, Object>> rows = new ArrayList<>();
            for (ModelSpec m : loc.catalog().models()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("id", m.id());
                row.put("description", m.description());
                row.put("source", source(m.source()));
                row.put("pinned", m.pinned());
                row.put("licence", m.licence());
                row.put("variants", List.copyOf(m.variants().keySet()));
                row.put("path", loc.find(m.id()).map(Path::toString).orElse(null));
                rows.add(row);
            }
            if (json) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("models", rows);
                doc.put("profiles", profiles(loc.catalog()));
                spec.commandLine().getOut().println(Json.write(doc));
            } else {
                for (Map<String, Object> r : rows) {
                    spec.commandLine().getOut().printf("%-28s %-10s %s%n", r.get("id"),
                            r.get("path") == null ? "absent" : "present", r.get("description"));
                }
                spec.commandLine().getOut().println("profiles: " + profiles(loc.catalog()));
            }
            return EchoCli.OK;
        }
    }

    private static Map<String, List<String>> profiles(ModelCatalog c) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String p : c.profileNames()) {
            out.put(p, c.profile(p).stream().map(e -> e.modelId() + ":" + e.variant()).toList());
        }
        return out;
    }

    private static String source(ModelSource s) {
        if (s instanceof ModelSource.HuggingFace hf) {
            return "hf:" + hf.repo() + "@" + hf.revision();
        }
        return ((ModelSource.BaseUrl) s).base().toString();
    }

    @Command(name = "fetch", description = "Download a model (or every model of a profile) into the model home.")
    static final class Fetch implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Spec
        CommandSpec spec;

        static final class Target {
            @Parameters(arity = "1", paramLabel = "ID")
            String id;
            @Option(names = "--profile", paramLabel = "NAME", description = "lite or paper")
            String profile;
        }

        @ArgGroup(exclusive = true, multiplicity = "1")
        Target target;

        @Option(names = "--variant", paramLabel = "NAME", description = "Variant (default: the model's default).")
        String variant;

        @Override
        public Integer call() {
            ModelLocator loc = locator(common);
            ModelDownloader downloader = ModelDownloader.builder().build();
            List<ModelCatalog.Entry> entries = target.profile != null ? loc.catalog().profile(target.profile)
                    : List.of(new ModelCatalog.Entry(target.id, variant));
            for (ModelCatalog.Entry e : entries) {
                ModelSpec m = loc.catalog().require(e.modelId());
                Path dir = loc.overrides().getOrDefault(m.id(), loc.defaultLocation(m.id()));
                downloader.fetch(m, e.variant(), dir, progress());
                spec.commandLine().getOut().println(m.id() + ": " + dir);
            }
            return EchoCli.OK;
        }

        private ProgressListener progress() {
            if (System.console() == null) {
                return ProgressListener.logging();
            }
            return new ProgressListener() {
                private ProgressBar bar;

                @Override
                public void started(String file, long total, long existing) {
                    bar = new ProgressBarBuilder().setTaskName(file).setInitialMax(Math.max(total, 0))
                            .setUnit(" MB", 1 << 20).startsFrom(existing, java.time.Duration.ZERO).build();
                }

                @Override
                public void progressed(String file, long done, long total) {
                    bar.stepTo(done);
                }

                @Override
                public void finished(String file) {
                    bar.close();
                }
            };
        }
    }

    @Command(name = "verify", description = "Check a model's files: present, sizes and checksums.")
    static final class Verify implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "ID")
        String id;
        @Option(names = "--variant", paramLabel = "NAME")
        String variant;

        @Override
        public Integer call() {
            ModelLocator loc = locator(common);
            ModelSpec m = loc.catalog().require(id);
            Path dir = loc.require(id);
            List<String> problems = ModelDownloader.verify(m, variant, dir);
            if (!problems.isEmpty()) {
                throw new ModelCorruptException(dir, id + " (" + (variant == null ? m.defaultVariant() : variant)
                        + ") has problems: " + String.join("; ", problems));
            }
            spec.commandLine().getOut().println(id + ": ok (" + dir + (m.pinned() ? "" : "; unpinned, sizes and "
                    + "checksums unknown, presence checked only") + ")");
            return EchoCli.OK;
        }
    }

    @Command(name = "path", description = "Print where a model is found.")
    static final class PathOf implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            ModelLocator loc = locator(common);
            Optional<ModelSpec> known = loc.catalog().find(id);
            if (known.isEmpty() && !loc.overrides().containsKey(id)) {
                throw new BadInputException("unknown model id '" + id + "'; see: echollama models list");
            }
            spec.commandLine().getOut().println(loc.require(id));
            return EchoCli.OK;
        }
    }
}

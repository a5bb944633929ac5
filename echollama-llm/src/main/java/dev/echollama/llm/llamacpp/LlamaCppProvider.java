package dev.echollama.llm.llamacpp;

import dev.echollama.BadInputException;
import dev.echollama.ModelException;
import dev.echollama.ModelMissingException;
import dev.echollama.language.SceneLanguageModel;
import dev.echollama.language.SceneLanguageModelProvider;
import dev.echollama.onnx.text.Llama3ChatTemplate;
import dev.echollama.spi.Availability;
import dev.echollama.spi.Device;
import dev.echollama.spi.ProviderConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Llama 3.x GGUF files through llama.cpp (de.kherud:llama 4.2.0, whose jar carries CPU natives for Linux, macOS
 * and Windows). Priority 60. Creates a {@link LlamaCppModel}.
 *
 * <h2>Options</h2>
 * <ul>
 *   <li>{@code llamacpp.model}: a {@code .gguf} file, or a folder holding one; else the model id
 *       {@code llamacpp.model-id} (default {@value #DEFAULT_MODEL_ID}) through the config's model locator. A folder
 *       with several GGUF files must be narrowed with a file path (a {@code Q4_K_M} file is preferred).</li>
 *   <li>{@code llamacpp.gpu-layers}: layers to offload (default 999 on a CUDA device, else 0); CPU-only natives
 *       ignore it.</li>
 *   <li>{@code llamacpp.context}: context window in tokens (default 4096).</li>
 *   <li>{@code llamacpp.date}: the chat template's "Today Date" as an ISO date ({@code 2024-07-26}; default today), as for
 *       {@code llama-onnx.date}.
 *   </li>
 * </ul>
 * The config's {@code threads} sets llama.cpp's thread count.
 */
public final class LlamaCppProvider implements SceneLanguageModelProvider {
    public static final String DEFAULT_MODEL_ID = "llama-3.2-1b-instruct-gguf";
    static final String MODEL = "llamacpp.model";
    static final String MODEL_ID = "llamacpp.model-id";
    static final String GPU_LAYERS = "llamacpp.gpu-layers";
    static final String CONTEXT = "llamacpp.context";
    static final String DATE = "llamacpp.date";

    public LlamaCppProvider() {
        // ServiceLoader needs it; does nothing
    }

    @Override
    public String name() {
        return "llamacpp";
    }

    @Override
    public int priority() {
        return 60;
    }

    @Override
    public String description() {
        return "llama.cpp on a Llama 3.x GGUF file (" + DEFAULT_MODEL_ID + " or option " + MODEL + ")";
    }

    @Override
    public Availability availability(ProviderConfig config) {
        try {
            Path gguf = resolve(config);
            LlamaCppModel.checkGguf(gguf);
            Throwable nativeFailure = LlamaNatives.load();
            if (nativeFailure != null) {
                return Availability.no("llama.cpp's native library did not load on " + System.getProperty("os.name")
                        + "/" + System.getProperty("os.arch") + ": " + nativeFailure);
            }
            return Availability.yes(gguf.toString());
        } catch (RuntimeException e) {
            return Availability.no(e.getMessage());
        }
    }

    @Override
    public SceneLanguageModel create(ProviderConfig config) {
        return open(config == null ? ProviderConfig.defaults() : config);
    }

    /** Like {@link #create} with the concrete type, for the raw-completion path. */
    public LlamaCppModel open(ProviderConfig config) {
        Path gguf = resolve(config);
        int context = config.intOption(CONTEXT).orElse(4096);
        if (context < 16 || context > 1 << 20) {
            throw new BadInputException("option " + CONTEXT + " must be in 16..1048576, got " + context);
        }
        int gpuLayers = config.intOption(GPU_LAYERS).orElse(config.device().kind() == Device.Kind.CUDA ? 999 : 0);
        if (gpuLayers < 0) {
            throw new BadInputException("option " + GPU_LAYERS + " must be >= 0, got " + gpuLayers);
        }
        Llama3ChatTemplate template = config.option(DATE).map(LlamaCppProvider::dated)
                .orElseGet(Llama3ChatTemplate::today);
        return LlamaCppModel.load(gguf, context, gpuLayers, config.threads(), template);
    }

    /** The GGUF file the config points at. */
    static Path resolve(ProviderConfig config) {
        Optional<String> explicit = config.option(MODEL).map(String::strip).filter(s -> !s.isEmpty());
        Path p;
        if (explicit.isPresent()) {
            p = Path.of(explicit.get());
            if (!Files.exists(p)) {
                throw new ModelMissingException(p, "option " + MODEL + " points at " + p + ", which does not exist");
            }
        } else {
            String id = config.option(MODEL_ID).map(String::strip).filter(s -> !s.isEmpty()).orElse(DEFAULT_MODEL_ID);
            p = config.requireModel(id);
        }
        return Files.isDirectory(p) ? pickGguf(p) : p;
    }

    private static Path pickGguf(Path dir) {
        List<Path> ggufs;
        try (Stream<Path> s = Files.list(dir)) {
            ggufs = s.filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gguf")).sorted()
                    .toList();
        } catch (IOException e) {
            throw new ModelException(dir, "cannot list " + dir + ": " + e.getMessage(), e);
        }
        if (ggufs.isEmpty()) {
            throw new ModelMissingException(dir, "no .gguf file in " + dir);
        }
        if (ggufs.size() == 1) {
            return ggufs.get(0);
        }
        List<Path> q4km = ggufs.stream()
                .filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT).contains("q4_k_m")).toList();
        if (q4km.size() == 1) {
            return q4km.get(0);
        }
        throw new BadInputException(dir + " holds several GGUF files " + ggufs.stream().map(Path::getFileName).toList()
                + "; choose one with option " + MODEL + "=FILE");
    }

    private static Llama3ChatTemplate dated(String iso) {
        try {
            return Llama3ChatTemplate.withDate(java.time.LocalDate.parse(iso.strip()));
        } catch (java.time.format.DateTimeParseException e) {
            throw new dev.echollama.BadInputException("option " + DATE + " must be an ISO date such as 2024-07-26, got '"
                    + iso + "'");
        }
    }
}

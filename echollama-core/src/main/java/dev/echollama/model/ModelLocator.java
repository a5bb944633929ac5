package dev.echollama.model;

import dev.echollama.BadInputException;
import dev.echollama.ModelMissingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves a model id (such as {@code yolox-nano}) to a local folder or file, looking in this order:
 * <ol>
 *   <li>an explicit override given for that id;</li>
 *   <li>{@code <home>/models/<id>}, where home is {@code $ECHOLLAMA_HOME} or, unset, {@code ~/.echollama}.</li>
 * </ol>
 * It never touches the network. Immutable and thread-safe.
 */
public final class ModelLocator {
    private final Map<String, Path> overrides;
    private final Path home;

    private ModelLocator(Map<String, Path> overrides, Path home) {
        this.overrides = Map.copyOf(overrides);
        this.home = home;
    }

    /** Overrides none; home from {@code $ECHOLLAMA_HOME}, else {@code ~/.echollama}. */
    public static ModelLocator standard() {
        String env = System.getenv("ECHOLLAMA_HOME");
        Path home = env != null && !env.isBlank()
                ? Path.of(env)
                : Path.of(System.getProperty("user.home"), ".echollama");
        return new ModelLocator(Map.of(), home);
    }

    /** A locator whose home folder is {@code home} (models under {@code home/models}). */
    public static ModelLocator withHome(Path home) {
        return new ModelLocator(Map.of(), home);
    }

    /** A copy that resolves {@code modelId} to {@code path} before looking anywhere else. */
    public ModelLocator withOverride(String modelId, Path path) {
        if (modelId == null || modelId.isBlank()) {
            throw new BadInputException("model id is blank");
        }
        if (path == null) {
            throw new BadInputException("path for model " + modelId + " is null");
        }
        Map<String, Path> copy = new LinkedHashMap<>(overrides);
        copy.put(modelId, path);
        return new ModelLocator(copy, home);
    }

    /** The home folder ({@code $ECHOLLAMA_HOME} or {@code ~/.echollama}). */
    public Path home() {
        return home;
    }

    /** Where {@code modelId} is stored under the home folder, whether or not it exists. */
    public Path defaultLocation(String modelId) {
        return home.resolve("models").resolve(modelId);
    }

    /** Explicit overrides, id to path. */
    public Map<String, Path> overrides() {
        return overrides;
    }

    /** The first existing place for the model, or empty. */
    public Optional<Path> find(String modelId) {
        for (Path p : candidates(modelId)) {
            if (Files.exists(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Like {@link #find} but throws a {@link ModelMissingException} listing every place tried. */
    public Path require(String modelId) {
        return find(modelId).orElseThrow(() -> new ModelMissingException(defaultLocation(modelId),
                "model '" + modelId + "' not found; looked in " + candidates(modelId)
                        + ". Get it with: echollama models fetch " + modelId
                        + ", or point at a copy with --model-dir " + modelId + "=PATH"));
    }

    private List<Path> candidates(String modelId) {
        List<Path> out = new ArrayList<>(2);
        Path explicit = overrides.get(modelId);
        if (explicit != null) {
            out.add(explicit);
            return out; // an explicit path that does not exist must not silently fall back elsewhere
        }
        out.add(defaultLocation(modelId));
        return out;
    }
}

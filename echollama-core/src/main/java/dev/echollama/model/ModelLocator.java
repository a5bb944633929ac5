package dev.echollama.model;

import dev.echollama.BadInputException;
import dev.echollama.ModelMissingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
 *   <li>an explicit override given for that id (and nowhere else when one is given);</li>
 *   <li>{@code <home>/models/<id>}, where home is {@code $ECHOLLAMA_HOME} or, unset, {@code ~/.echollama};</li>
 *   <li>for Hugging Face models of the catalogue, an existing Hugging Face hub cache snapshot at the catalogue's
 *       revision: {@code <hub>/models--org--name/snapshots/<commit>}, where hub is {@code $HF_HUB_CACHE}, else
 *       {@code $HF_HOME/hub}, else {@code ~/.cache/huggingface/hub}.</li>
 * </ol>
 * A model folder holds the upstream files under their upstream names. Nothing here touches the network: a
 * download happens only through {@link ModelDownloader}, when asked. Immutable and thread-safe.
 */
public final class ModelLocator {
    private final Map<String, Path> overrides;
    private final Path home;
    private final Path hubCache;
    private final ModelCatalog catalog;

    private ModelLocator(Map<String, Path> overrides, Path home, Path hubCache, ModelCatalog catalog) {
        this.overrides = Map.copyOf(overrides);
        this.home = home;
        this.hubCache = hubCache;
        this.catalog = catalog;
    }

    /** No overrides; home and hub cache from the environment as described above. */
    public static ModelLocator standard() {
        String env = System.getenv("ECHOLLAMA_HOME");
        Path userHome = Path.of(System.getProperty("user.home"));
        Path home = env != null && !env.isBlank() ? Path.of(env) : userHome.resolve(".echollama");
        return new ModelLocator(Map.of(), home, defaultHubCache(userHome), ModelCatalog.standard());
    }

    private static Path defaultHubCache(Path userHome) {
        String hub = System.getenv("HF_HUB_CACHE");
        if (hub != null && !hub.isBlank()) {
            return Path.of(hub);
        }
        String hfHome = System.getenv("HF_HOME");
        if (hfHome != null && !hfHome.isBlank()) {
            return Path.of(hfHome, "hub");
        }
        return userHome.resolve(".cache").resolve("huggingface").resolve("hub");
    }

    /** A locator whose home folder is {@code home} (models under {@code home/models}) and with no hub cache. */
    public static ModelLocator withHome(Path home) {
        return new ModelLocator(Map.of(), home, null, ModelCatalog.standard());
    }

    /** A copy that also looks in this Hugging Face hub cache folder (null: none). */
    public ModelLocator withHubCache(Path hub) {
        return new ModelLocator(overrides, home, hub, catalog);
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
        return new ModelLocator(copy, home, hubCache, catalog);
    }

    /** The home folder ({@code $ECHOLLAMA_HOME} or {@code ~/.echollama}). */
    public Path home() {
        return home;
    }

    public ModelCatalog catalog() {
        return catalog;
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

    /** Every place {@link #find} looks, in order. */
    public List<Path> candidates(String modelId) {
        List<Path> out = new ArrayList<>(3);
        Path explicit = overrides.get(modelId);
        if (explicit != null) {
            out.add(explicit);
            return out; // an explicit path that does not exist must not silently fall back elsewhere
        }
        out.add(defaultLocation(modelId));
        hubSnapshot(modelId).ifPresent(out::add);
        return out;
    }

    private Optional<Path> hubSnapshot(String modelId) {
        if (hubCache == null) {
            return Optional.empty();
        }
        return catalog.find(modelId).flatMap(spec -> {
            if (!(spec.source() instanceof ModelSource.HuggingFace hf)) {
                return Optional.empty();
            }
            Path repoDir = hubCache.resolve(hf.cacheFolderName());
            String commit = hf.revision();
            if (!commit.matches("[0-9a-f]{40}")) {
                // A branch name: the hub cache records which commit it pointed to in refs/<branch>.
                try {
                    Path ref = repoDir.resolve("refs").resolve(commit);
                    if (!Files.isRegularFile(ref)) {
                        return Optional.empty();
                    }
                    commit = Files.readString(ref, StandardCharsets.UTF_8).strip();
                    if (!commit.matches("[0-9a-f]{40}")) {
                        return Optional.empty();
                    }
                } catch (IOException e) {
                    return Optional.empty();
                }
            }
            return Optional.of(repoDir.resolve("snapshots").resolve(commit));
        });
    }
}

package dev.echollama.vision.internal;

import dev.echollama.ModelMissingException;
import dev.echollama.spi.Availability;
import dev.echollama.spi.ProviderConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Finds a model's files from its id: the {@link ProviderConfig}'s locator gives a folder or a file; a file is
 * taken as is, a folder is searched for the candidate names in order. Never touches the network.
 */
public final class ModelFiles {
    private ModelFiles() {
    }

    /**
     * The first candidate that exists, or the located path itself when it is a regular file.
     *
     * @param candidates paths relative to the model folder, in order of preference
     */
    public static Optional<Path> find(ProviderConfig config, String modelId, List<String> candidates) {
        Optional<Path> located = config.findModel(modelId);
        if (located.isEmpty()) {
            return Optional.empty();
        }
        Path p = located.get();
        if (Files.isRegularFile(p)) {
            return Optional.of(p);
        }
        for (String c : candidates) {
            Path f = p.resolve(c);
            if (Files.isRegularFile(f)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** {@link #find} or a {@link ModelMissingException} that says where it looked and how to get the model. */
    public static Path require(ProviderConfig config, String modelId, List<String> candidates) {
        return find(config, modelId, candidates)
                .orElseThrow(() -> new ModelMissingException(where(config, modelId), missing(config, modelId,
                        candidates)));
    }

    /** Available when {@link #find} finds a file; otherwise the reason says what to add and how. */
    public static Availability availability(ProviderConfig config, String modelId, List<String> candidates) {
        try {
            Optional<Path> f = find(config, modelId, candidates);
            return f.isPresent() ? Availability.yes(modelId + " at " + f.get())
                    : Availability.no(missing(config, modelId, candidates));
        } catch (RuntimeException e) {
            return Availability.no("cannot look for model '" + modelId + "': " + e.getMessage());
        }
    }

    private static Path where(ProviderConfig config, String modelId) {
        return config.findModel(modelId).orElse(config.models().defaultLocation(modelId));
    }

    private static String missing(ProviderConfig config, String modelId, List<String> candidates) {
        Optional<Path> located = config.findModel(modelId);
        String first = candidates.isEmpty() ? "" : candidates.get(0);
        String ext = first.lastIndexOf('.') > first.lastIndexOf('/') ? first.substring(first.lastIndexOf('.')) : "";
        String what = "a folder holding " + String.join(" or ", candidates) + ", or the "
                + (ext.isEmpty() ? "model" : ext) + " file itself";
        String how = ". Get it with: echollama models fetch " + modelId + ", or point at a copy with --model-dir "
                + modelId + "=PATH (" + what + ")";
        if (located.isPresent()) {
            return "model '" + modelId + "' folder " + located.get() + " holds none of " + candidates + how;
        }
        return "model '" + modelId + "' not found; looked in " + config.models().candidates(modelId) + how;
    }
}

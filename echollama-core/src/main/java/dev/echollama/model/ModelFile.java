package dev.echollama.model;

import dev.echollama.BadInputException;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One file of a model, by its upstream relative path (for example {@code onnx/model_quantized.onnx}).
 *
 * @param path   relative path with {@code /} separators; never absolute, never containing {@code ..}
 * @param size   size in bytes where known
 * @param sha256 lower-case hex SHA-256 where known; a download that does not match is refused
 */
public record ModelFile(String path, OptionalLong size, Optional<String> sha256) {
    public ModelFile {
        checkRelativePath(path);
        size = size == null ? OptionalLong.empty() : size;
        sha256 = sha256 == null ? Optional.empty() : sha256.map(s -> s.toLowerCase(Locale.ROOT));
        if (sha256.isPresent() && !sha256.get().matches("[0-9a-f]{64}")) {
            throw new BadInputException("sha256 of " + path + " must be 64 hex digits, got " + sha256.get());
        }
    }

    public static ModelFile of(String path) {
        return new ModelFile(path, OptionalLong.empty(), Optional.empty());
    }

    public static ModelFile of(String path, long size, String sha256) {
        return new ModelFile(path, OptionalLong.of(size), Optional.ofNullable(sha256));
    }

    /**
     * Refuses paths that could escape the model folder: absolute, drive letters, backslashes, {@code ..} or
     * empty segments, control characters.
     */
    static void checkRelativePath(String path) {
        if (path == null || path.isEmpty()) {
            throw new BadInputException("model file path is empty");
        }
        if (path.startsWith("/") || path.contains("\\") || path.contains(":")) {
            throw new BadInputException("model file path must be relative with '/' separators, got '" + path + "'");
        }
        for (String seg : path.split("/", -1)) {
            if (seg.isEmpty() || seg.equals(".") || seg.equals("..")) {
                throw new BadInputException("model file path has an empty, '.' or '..' segment: '" + path + "'");
            }
        }
        for (int i = 0; i < path.length(); i++) {
            if (path.charAt(i) < 0x20) {
                throw new BadInputException("model file path has a control character: '" + path + "'");
            }
        }
    }
}

package dev.echollama.model;

import dev.echollama.BadInputException;
import java.net.URI;

/** Where a model's files come from. */
public sealed interface ModelSource {

    /** The URL of one file of the model. */
    URI fileUri(String relativePath);

    /**
     * The URL of one file when Hugging Face files are served from {@code hubEndpoint} (a mirror, as with the
     * {@code HF_ENDPOINT} variable; null for the default). Other sources ignore the endpoint.
     */
    default URI fileUri(URI hubEndpoint, String relativePath) {
        return fileUri(relativePath);
    }

    /**
     * A Hugging Face model repository at a pinned revision (a commit hash, so that a download is reproducible).
     * Files resolve to {@code https://huggingface.co/<repo>/resolve/<revision>/<path>}.
     */
    record HuggingFace(String repo, String revision) implements ModelSource {
        public HuggingFace {
            if (repo == null || !repo.matches("[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*")) {
                throw new BadInputException("Hugging Face repo must be 'org/name', got '" + repo + "'");
            }
            if (revision == null || revision.isBlank()) {
                throw new BadInputException("revision of " + repo + " is blank");
            }
        }

        @Override
        public URI fileUri(String relativePath) {
            return fileUri(null, relativePath);
        }

        @Override
        public URI fileUri(URI hubEndpoint, String relativePath) {
            ModelFile.checkRelativePath(relativePath);
            String base = hubEndpoint == null ? "https://huggingface.co" : hubEndpoint.toString();
            if (base.endsWith("/")) {
                base = base.substring(0, base.length() - 1);
            }
            return URI.create(base + "/" + repo + "/resolve/" + revision + "/" + relativePath);
        }

        /** The folder name the Hugging Face hub cache uses: {@code models--org--name}. */
        public String cacheFolderName() {
            return "models--" + repo.replace("/", "--");
        }
    }

    /** Files under one base URL (a GitHub release, say): {@code <base>/<path>}. */
    record BaseUrl(URI base) implements ModelSource {
        public BaseUrl {
            // https is enforced where files are fetched (ModelDownloader), which may allow loopback http in tests.
            if (base == null || !("https".equals(base.getScheme()) || "http".equals(base.getScheme()))) {
                throw new BadInputException("model base URL must be https, got " + base);
            }
        }

        @Override
        public URI fileUri(String relativePath) {
            ModelFile.checkRelativePath(relativePath);
            String b = base.toString();
            return URI.create(b.endsWith("/") ? b + relativePath : b + "/" + relativePath);
        }
    }
}

package dev.echollama.model;

import dev.echollama.BadInputException;
import dev.echollama.EchoException;
import dev.echollama.ModelCorruptException;
import dev.echollama.ModelMissingException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.URI;
import java.net.URL;
import java.net.UnknownHostException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches model files into a model folder, only when asked.
 *
 * <ul>
 *   <li>HTTPS only (plain http is refused, except to a loopback address when {@link Builder#allowLoopbackHttp}
 *       is set, for tests and local mirrors).</li>
 *   <li>Each file goes to {@code <file>.part} and is moved into place atomically once its size and SHA-256 (where
 *       the catalogue knows them) match, so a reader never sees a half-written model file. An interrupted
 *       download resumes from the {@code .part} file with an HTTP Range request.</li>
 *   <li>A lock file ({@code <file>.lock}, an OS file lock) plus an in-process lock make sure two processes or
 *       threads never fetch the same file at once; the second waits and then finds the file present.</li>
 *   <li>429 and 5xx answers, dropped connections and read time-outs are retried with exponential backoff and
 *       jitter; 404 is a {@link ModelMissingException}; 401/403 say to set {@code HF_TOKEN}.</li>
 *   <li>The Hugging Face token ({@code HF_TOKEN}) is sent only to the Hugging Face endpoint and never logged or
 *       printed.</li>
 *   <li>Offline mode ({@code ECHOLLAMA_OFFLINE=1} or {@code HF_HUB_OFFLINE=1}) fails at once with the command to
 *       run on a connected machine.</li>
 * </ul>
 *
 * Thread-safe.
 */
public final class ModelDownloader {
    private static final Logger LOG = LoggerFactory.getLogger(ModelDownloader.class);
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final URI hubEndpoint;
    private final String token;
    private final boolean offline;
    private final boolean allowLoopbackHttp;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final int retries;
    private final Duration backoff;

    private ModelDownloader(Builder b) {
        this.hubEndpoint = b.hubEndpoint;
        this.token = b.token;
        this.offline = b.offline;
        this.allowLoopbackHttp = b.allowLoopbackHttp;
        this.connectTimeout = b.connectTimeout;
        this.readTimeout = b.readTimeout;
        this.retries = b.retries;
        this.backoff = b.backoff;
    }

    /** Settings from the environment: HF_TOKEN, HF_ENDPOINT, ECHOLLAMA_OFFLINE / HF_HUB_OFFLINE. */
    public static Builder builder() {
        return new Builder();
    }

    /** Whether this downloader refuses to use the network. */
    public boolean offline() {
        return offline;
    }

    /**
     * Makes sure every file of {@code variant} (null: the default) is in {@code dir}, downloading what is
     * missing. Returns {@code dir}.
     */
    public Path fetch(ModelSpec spec, String variant, Path dir, ProgressListener progress) {
        List<ModelFile> files = spec.files(variant);
        ProgressListener listener = progress == null ? ProgressListener.none() : progress;
        for (ModelFile f : files) {
            fetchFile(spec, f, dir, listener);
        }
        return dir;
    }

    /**
     * What is wrong with the files of a variant in {@code dir}: missing files, wrong sizes, wrong checksums.
     * Empty when everything the catalogue knows checks out.
     */
    public static List<String> verify(ModelSpec spec, String variant, Path dir) {
        List<String> problems = new ArrayList<>();
        for (ModelFile f : spec.files(variant)) {
            Path p = resolveInside(dir, f.path());
            if (!Files.isRegularFile(p)) {
                problems.add(p + ": missing");
                continue;
            }
            try {
                long size = Files.size(p);
                if (f.size().isPresent() && size != f.size().getAsLong()) {
                    problems.add(p + ": expected " + f.size().getAsLong() + " bytes, found " + size);
                    continue;
                }
                if (f.sha256().isPresent()) {
                    String actual = sha256(p);
                    if (!actual.equals(f.sha256().get())) {
                        problems.add(p + ": expected sha256 " + f.sha256().get() + ", found " + actual);
                    }
                }
            } catch (IOException e) {
                problems.add(p + ": unreadable (" + e.getMessage() + ")");
            }
        }
        return problems;
    }

    private static Path resolveInside(Path dir, String relative) {
        ModelFile.checkRelativePath(relative);
        Path base = dir.toAbsolutePath().normalize();
        Path p = base.resolve(relative).normalize();
        if (!p.startsWith(base)) {
            throw new BadInputException("model file '" + relative + "' would land outside " + base);
        }
        return p;
    }

    private void fetchFile(ModelSpec spec, ModelFile file, Path dir, ProgressListener listener) {
        Path target = resolveInside(dir, file.path());
        if (isComplete(target, file)) {
            return;
        }
        URI uri = spec.source().fileUri(hubEndpoint, file.path());
        if (offline) {
            throw new ModelMissingException(target, "offline mode (ECHOLLAMA_OFFLINE / HF_HUB_OFFLINE) and "
                    + spec.id() + " file " + file.path() + " is not at " + target
                    + "; on a connected machine run: echollama models fetch " + spec.id());
        }
        checkScheme(uri);
        ReentrantLock local = IN_PROCESS.computeIfAbsent(target, k -> new ReentrantLock());
        local.lock();
        try {
            Files.createDirectories(target.getParent());
            Path lockFile = target.resolveSibling(target.getFileName() + ".lock");
            try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = ch.lock()) {
                if (isComplete(target, file)) {
                    return; // another process fetched it while we waited
                }
                download(spec, file, uri, target, listener);
            }
        } catch (IOException e) {
            throw new EchoException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            local.unlock();
        }
    }

    private static boolean isComplete(Path target, ModelFile file) {
        if (!Files.isRegularFile(target)) {
            return false;
        }
        try {
            return file.size().isEmpty() || Files.size(target) == file.size().getAsLong();
        } catch (IOException e) {
            return false;
        }
    }

    private void checkScheme(URI uri) {
        String scheme = uri.getScheme();
        if ("https".equals(scheme)) {
            return;
        }
        if ("http".equals(scheme) && allowLoopbackHttp && isLoopback(uri.getHost())) {
            return;
        }
        throw new BadInputException("refusing to download " + uri + ": only https is allowed");
    }

    private static boolean isLoopback(String host) {
        try {
            return host != null && InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private void download(ModelSpec spec, ModelFile file, URI uri, Path target, ProgressListener listener)
            throws IOException {
        Path part = target.resolveSibling(target.getFileName() + ".part");
        String lastProblem = "no attempt";
        for (int attempt = 0; attempt <= retries; attempt++) {
            if (attempt > 0) {
                sleepBackoff(attempt, lastProblem, uri);
            }
            long have = Files.exists(part) ? Files.size(part) : 0;
            HttpURLConnection c = open(uri, spec, have);
            int status;
            try {
                status = c.getResponseCode();
            } catch (IOException e) {
                lastProblem = describe(e);
                c.disconnect();
                continue;
            }
            try {
                if (status == 416 && have > 0) {
                    // Our part is at least as long as the file: start over rather than trust it.
                    Files.delete(part);
                    lastProblem = "server refused the range " + have + "-";
                    continue;
                }
                if (status == 404) {
                    throw new ModelMissingException(target, spec.id() + " file " + file.path()
                            + " is not on the server (404 for " + uri + ")");
                }
                if (status == 401 || status == 403) {
                    throw new ModelMissingException(target, "the server refused " + uri + " (" + status + "); "
                            + (token == null ? "this model may need a Hugging Face token: set HF_TOKEN"
                            : "check that your HF_TOKEN may read " + spec.id())
                            + " and accept the model's licence on its page");
                }
                if (status == 429 || status >= 500) {
                    lastProblem = "HTTP " + status;
                    continue;
                }
                if (status != 200 && status != 206) {
                    throw new EchoException("unexpected HTTP " + status + " for " + uri);
                }
                boolean append = status == 206 && have > 0 && rangeStartsAt(c, have);
                long length = c.getContentLengthLong();
                long total = length < 0 ? file.size().orElse(-1) : (append ? have + length : length);
                long start = append ? have : 0;
                listener.started(file.path(), total, start);
                try (InputStream in = c.getInputStream();
                     OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                             append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
                    byte[] buf = new byte[1 << 16];
                    long done = start;
                    for (int n; (n = in.read(buf)) > 0; ) {
                        out.write(buf, 0, n);
                        done += n;
                        listener.progressed(file.path(), done, total);
                    }
                    if (length >= 0 && done != start + length) {
                        lastProblem = "connection closed after " + done + " of " + (start + length) + " bytes";
                        continue;
                    }
                } catch (IOException e) {
                    lastProblem = describe(e);
                    continue; // resume from what reached the .part file
                }
                finish(spec, file, part, target);
                listener.finished(file.path());
                return;
            } finally {
                c.disconnect();
            }
        }
        throw new EchoException("could not download " + uri + " after " + (retries + 1) + " attempts; last problem: "
                + lastProblem + ". The partial file " + part + " is kept and the next fetch resumes from it");
    }

    private static boolean rangeStartsAt(HttpURLConnection c, long have) {
        String range = c.getHeaderField("Content-Range"); // bytes START-END/TOTAL
        return range != null && range.trim().startsWith("bytes " + have + "-");
    }

    private void finish(ModelSpec spec, ModelFile file, Path part, Path target) throws IOException {
        long size = Files.size(part);
        if (file.size().isPresent() && size != file.size().getAsLong()) {
            Files.deleteIfExists(part);
            throw new ModelCorruptException(target, spec.id() + " file " + file.path() + ": expected "
                    + file.size().getAsLong() + " bytes, downloaded " + size + "; the download was discarded");
        }
        if (file.sha256().isPresent()) {
            String actual = sha256(part);
            if (!actual.equals(file.sha256().get())) {
                Files.deleteIfExists(part);
                throw new ModelCorruptException(target, spec.id() + " file " + file.path() + ": expected sha256 "
                        + file.sha256().get() + ", downloaded " + actual + "; the download was discarded");
            }
        }
        try {
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
        }
        LOG.debug("fetched {}", target);
    }

    private HttpURLConnection open(URI uri, ModelSpec spec, long have) throws IOException {
        URL url = uri.toURL();
        HttpURLConnection c = (HttpURLConnection) url.openConnection();
        c.setConnectTimeout((int) connectTimeout.toMillis());
        c.setReadTimeout((int) readTimeout.toMillis());
        c.setInstanceFollowRedirects(true);
        c.setRequestProperty("User-Agent", "echollama-java");
        c.setRequestProperty("Accept-Encoding", "identity");
        if (have > 0) {
            c.setRequestProperty("Range", "bytes=" + have + "-");
        }
        if (token != null && spec.source() instanceof ModelSource.HuggingFace) {
            c.setRequestProperty("Authorization", "Bearer " + token);
        }
        return c;
    }

    private void sleepBackoff(int attempt, String problem, URI uri) {
        long base = backoff.toMillis() << Math.min(attempt - 1, 10);
        long wait = base + ThreadLocalRandom.current().nextLong(Math.max(1, base / 2));
        LOG.info("retrying {} in {} ms ({})", uri, wait, problem);
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EchoException("interrupted while waiting to retry " + uri, e);
        }
    }

    private static String describe(IOException e) {
        return e instanceof java.net.SocketTimeoutException ? "timed out (" + e.getMessage() + ")" : e.toString();
    }

    static String sha256(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new UncheckedIOException(new IOException("SHA-256 unavailable", e));
        }
    }

    @Override
    public String toString() {
        return "ModelDownloader[endpoint=" + (hubEndpoint == null ? "https://huggingface.co" : hubEndpoint)
                + ", token=" + (token == null ? "none" : "set") + ", offline=" + offline + "]";
    }

    /** Mutable; {@link #build()} validates. */
    public static final class Builder {
        private URI hubEndpoint;
        private String token;
        private boolean offline;
        private boolean allowLoopbackHttp;
        private Duration connectTimeout = Duration.ofSeconds(20);
        private Duration readTimeout = Duration.ofSeconds(60);
        private int retries = 4;
        private Duration backoff = Duration.ofSeconds(1);

        private Builder() {
            String t = System.getenv("HF_TOKEN");
            token = t == null || t.isBlank() ? null : t.strip();
            String e = System.getenv("HF_ENDPOINT");
            hubEndpoint = e == null || e.isBlank() ? null : URI.create(e.strip());
            offline = truthy(System.getenv("ECHOLLAMA_OFFLINE")) || truthy(System.getenv("HF_HUB_OFFLINE"));
        }

        private static boolean truthy(String v) {
            return v != null && (v.equals("1") || v.equalsIgnoreCase("true") || v.equalsIgnoreCase("yes"));
        }

        /** Serve Hugging Face files from this endpoint (a mirror) instead of https://huggingface.co. */
        public Builder hubEndpoint(URI endpoint) {
            this.hubEndpoint = endpoint;
            return this;
        }

        /** The Hugging Face token (null: none). Never logged. */
        public Builder token(String token) {
            this.token = token;
            return this;
        }

        public Builder offline(boolean offline) {
            this.offline = offline;
            return this;
        }

        /** Allow plain http to loopback addresses only (tests, local mirrors). */
        public Builder allowLoopbackHttp(boolean allow) {
            this.allowLoopbackHttp = allow;
            return this;
        }

        public Builder connectTimeout(Duration d) {
            this.connectTimeout = d;
            return this;
        }

        /** Longest wait for the next bytes of a response before the attempt counts as failed. */
        public Builder readTimeout(Duration d) {
            this.readTimeout = d;
            return this;
        }

        /** Retries after the first attempt (0..20). */
        public Builder retries(int retries) {
            this.retries = retries;
            return this;
        }

        /** First backoff; doubles per retry, plus up to 50% jitter. */
        public Builder backoff(Duration d) {
            this.backoff = d;
            return this;
        }

        public ModelDownloader build() {
            if (retries < 0 || retries > 20) {
                throw new BadInputException("retries must be in 0..20, got " + retries);
            }
            for (Duration d : new Duration[] {connectTimeout, readTimeout}) {
                if (d == null || d.isNegative() || d.isZero() || d.toMillis() > Integer.MAX_VALUE) {
                    throw new BadInputException("timeouts must be positive and under 24 days, got " + d);
                }
            }
            if (backoff == null || backoff.isNegative()) {
                throw new BadInputException("backoff must be >= 0, got " + backoff);
            }
            if (hubEndpoint != null && hubEndpoint.getScheme() == null) {
                throw new BadInputException("hub endpoint must be a URL such as https://hf-mirror.example, got "
                        + hubEndpoint);
            }
            return new ModelDownloader(this);
        }
    }
}

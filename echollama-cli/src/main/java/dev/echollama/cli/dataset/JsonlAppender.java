package dev.echollama.cli.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.echollama.BadInputException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Appends whole lines to a JSON Lines file so that it never holds a torn record for long:
 *
 * <ul>
 *   <li>Opening scans the file. Complete lines (ending in {@code \n}) must be JSON objects with a textual
 *       {@code key} field; their keys are what {@link #keys()} returns. Bytes after the last {@code \n} are what a
 *       kill or power cut left of a record being written: they are cut off (and the cut is synced) before anything
 *       is appended, so a resumed run never glues a new record onto half an old one.</li>
 *   <li>Each {@link #append} writes the line and its {@code \n} with one buffer, then syncs the file, so a record
 *       is either wholly on disk or (at worst) a torn tail that the next open removes.</li>
 *   <li>The file is locked for the appender's lifetime: two builds writing one file would duplicate records.</li>
 * </ul>
 *
 * Thread-safe: appends are serialised.
 */
final class JsonlAppender implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final Set<String> keys;
    private final long cutBytes;
    private int appended;
    private boolean closed;

    private JsonlAppender(Path file, FileChannel channel, FileLock lock, Set<String> keys, long cutBytes) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.keys = Collections.unmodifiableSet(keys);
        this.cutBytes = cutBytes;
    }

    /**
     * Opens (creating it and its folders if needed), locks and repairs {@code file}.
     *
     * @throws BadInputException if another process holds the file, or a complete line is not a record with a
     *                           textual {@code key}
     * @throws IOException       if the file cannot be read, cut or locked
     */
    static JsonlAppender open(Path file, String key) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new BadInputException(file + " is being written by another dataset build (it is locked); "
                        + "wait for it or choose another --out");
            }
            Set<String> keys = new LinkedHashSet<>();
            long end = scan(ch, file, key, keys);
            long cut = ch.size() - end;
            if (cut > 0) {
                ch.truncate(end);
                ch.force(true);
            }
            ch.position(end);
            return new JsonlAppender(file, ch, lock, keys, cut);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Reads every complete line; returns the offset just after the last {@code \n} (0 when there is none). */
    private static long scan(FileChannel ch, Path file, String key, Set<String> keys) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(1 << 16);
        ByteArrayOutputStream line = new ByteArrayOutputStream(8192);
        long offset = 0;
        long lastEnd = 0;
        int lineNo = 0;
        ch.position(0);
        while (ch.read(buf) > 0) {
            buf.flip();
            while (buf.hasRemaining()) {
                byte b = buf.get();
                offset++;
                if (b != '\n') {
                    line.write(b);
                    continue;
                }
                lineNo++;
                keys.add(keyOf(line.toByteArray(), key, file, lineNo));
                line.reset();
                lastEnd = offset;
            }
            buf.clear();
        }
        return lastEnd;
    }

    private static String keyOf(byte[] line, String key, Path file, int lineNo) {
        String problem;
        try {
            JsonNode n = JSON.readTree(line);
            if (n != null && n.isObject() && n.path(key).isTextual()) {
                return n.path(key).asText();
            }
            problem = "a JSON " + (n == null ? "nothing" : n.getNodeType().name().toLowerCase(java.util.Locale.ROOT))
                    + " without a textual \"" + key + "\"";
        } catch (IOException e) {
            problem = "not JSON (" + e.getMessage().lines().findFirst().orElse("") + ")";
        }
        String text = new String(line, StandardCharsets.UTF_8);
        throw new BadInputException("line " + lineNo + " of " + file + " is " + problem
                + "; expected a dataset record such as {\"" + key + "\": ...}. It starts: "
                + (text.length() > 80 ? text.substring(0, 80) + "…" : text)
                + ". Remove or fix the line, or write to another --out.");
    }

    /** The keys of the records found when the file was opened. */
    Set<String> keys() {
        return keys;
    }

    /** How many bytes of torn tail the open cut off (0 for a clean file). */
    long cutBytes() {
        return cutBytes;
    }

    /** Records appended since the open. */
    synchronized int appended() {
        return appended;
    }

    /**
     * Writes {@code line} and a {@code \n}, then syncs.
     *
     * @throws IllegalArgumentException if the line holds a line break (it would become two records)
     */
    synchronized void append(String line) throws IOException {
        if (closed) {
            throw new IllegalStateException("the appender of " + file + " is closed");
        }
        if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("a JSON line must not hold a line break");
        }
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
        channel.force(false);
        appended++;
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}

package dev.echollama.llm.llamacpp;

import de.kherud.llama.LlamaModel;
import de.kherud.llama.LogLevel;
import de.kherud.llama.args.LogFormat;
import dev.echollama.model.ModelLocator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads de.kherud:llama's JNI library once. Its loader extracts the library into {@code de.kherud.llama.tmpdir}
 * (default: {@code java.io.tmpdir}) and first deletes every file there whose name starts with {@code llama} or
 * {@code jllama}, so this points it at a folder of its own under the EchoLLaMA home unless the caller chose one.
 * llama.cpp's log goes to SLF4J (logger {@code dev.echollama.llm.llamacpp.native}) rather than stderr.
 */
final class LlamaNatives {
    static final String TMPDIR_PROPERTY = "de.kherud.llama.tmpdir";
    private static final Logger NATIVE_LOG = LoggerFactory.getLogger("dev.echollama.llm.llamacpp.native");

    private static volatile Throwable failure;
    private static volatile boolean loaded;

    private LlamaNatives() {
    }

    /** Loads the library if needed; returns null when it loaded, else why it did not. */
    static synchronized Throwable load() {
        if (loaded || failure != null) {
            return failure;
        }
        try {
            if (System.getProperty(TMPDIR_PROPERTY) == null) {
                Path dir = ModelLocator.standard().home().resolve("native").resolve("de.kherud.llama-4.2.0");
                Files.createDirectories(dir);
                System.setProperty(TMPDIR_PROPERTY, dir.toString());
            }
            Class.forName("de.kherud.llama.LlamaModel", true, LlamaNatives.class.getClassLoader());
            LlamaModel.setLogger(LogFormat.TEXT, LlamaNatives::log);
            loaded = true;
        } catch (IOException | ClassNotFoundException | LinkageError e) {
            failure = e;
        }
        return failure;
    }

    private static void log(LogLevel level, String message) {
        String m = message.stripTrailing();
        if (m.isEmpty()) {
            return;
        }
        switch (level) {
            case ERROR -> NATIVE_LOG.error(m);
            case WARN -> NATIVE_LOG.warn(m);
            case INFO -> NATIVE_LOG.debug(m);
            default -> NATIVE_LOG.trace(m);
        }
    }
}

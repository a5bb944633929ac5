package dev.echollama.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession.SessionOptions;
import dev.echollama.spi.Device;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the CUDA execution provider on a session when it can, and reports once when it cannot. The first CPU
 * fallback of the process is logged at INFO (one line saying why); later ones only at DEBUG, so a pipeline of
 * five models on a machine without CUDA says it once.
 */
final class ExecutionProviders {
    /** Logged when the jar on the class path has no CUDA provider compiled in. */
    static final String CPU_BUILD_REASON = "this is the CPU build of ONNX Runtime (add -P ort-gpu)";

    private static volatile ExecutionProviders shared;

    private final Logger log;
    private final AtomicBoolean fallbackReported = new AtomicBoolean();

    ExecutionProviders(Logger log) {
        this.log = log;
    }

    static ExecutionProviders shared() {
        ExecutionProviders s = shared;
        if (s == null) {
            synchronized (ExecutionProviders.class) {
                if (shared == null) {
                    shared = new ExecutionProviders(LoggerFactory.getLogger(OnnxModel.class));
                }
                s = shared;
            }
        }
        return s;
    }

    /**
     * Adds CUDA for {@code device} to {@code options}.
     *
     * @return empty when it was added, else why not (for {@link #reportFallback})
     */
    Optional<String> tryAddCuda(SessionOptions options, Device device) {
        if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
            return Optional.of(CPU_BUILD_REASON);
        }
        try {
            options.addCUDA(device.index());
            return Optional.empty();
        } catch (OrtException | RuntimeException e) {
            // The GPU build without CUDA 12 / cuDNN 9 libraries fails here ("... cannot open shared object file").
            // ORT's own stderr line names the missing library; the Java message does not.
            return Optional.of("the CUDA execution provider could not be loaded (" + oneLine(e.getMessage())
                    + "; it needs CUDA 12 and cuDNN 9 libraries on the library path)");
        }
    }

    /** Says once per instance (per process for {@link #shared()}) that {@code requested} runs on the CPU. */
    void reportFallback(Device requested, String reason) {
        String line = "CUDA requested but " + reason + "; running on CPU";
        if (fallbackReported.compareAndSet(false, true)) {
            log.info(line);
        } else {
            log.debug("{} ({})", line, requested);
        }
    }

    static String oneLine(String message) {
        if (message == null) {
            return "no message";
        }
        return message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}

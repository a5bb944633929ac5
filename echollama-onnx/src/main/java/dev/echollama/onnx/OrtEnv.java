package dev.echollama.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import dev.echollama.EchoException;

/**
 * The one ONNX Runtime environment of this process, created on first use. Loading ORT's native library happens
 * here and not in a static initialiser, so that a machine without a usable native library gets a clear
 * {@link EchoException} where a model is opened instead of a {@code NoClassDefFoundError} somewhere else; a failed
 * attempt is retried on the next call.
 */
final class OrtEnv {
    private static final String NAME = "echollama";
    private static volatile OrtEnvironment environment;

    private OrtEnv() {
    }

    static OrtEnvironment get() {
        OrtEnvironment e = environment;
        if (e != null) {
            return e;
        }
        synchronized (OrtEnv.class) {
            if (environment == null) {
                environment = create();
            }
            return environment;
        }
    }

    private static OrtEnvironment create() {
        OrtEnvironment e;
        try {
            // Warnings and errors only: ORT's INFO level prints one line per graph transformer.
            e = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING, NAME);
        } catch (LinkageError | IllegalStateException err) {
            throw new EchoException("ONNX Runtime's native library could not be loaded on "
                    + System.getProperty("os.name") + "/" + System.getProperty("os.arch")
                    + " (is the onnxruntime or onnxruntime_gpu jar for this platform on the class path?): " + err,
                    err);
        }
        try {
            e.setTelemetry(false); // ORT's own telemetry exists on Windows builds only; off everywhere.
        } catch (OrtException | RuntimeException ignored) {
            // Not fatal: some builds do not implement the switch.
        }
        return e;
    }
}

package dev.echollama.vision.internal;

import dev.echollama.onnx.OnnxSessionConfig;
import dev.echollama.spi.ProviderConfig;

/**
 * The ONNX Runtime session config of a model run once per image (detectors, depth estimators): ONNX Runtime's
 * pool threads stop busy-waiting as soon as a run returns, unless the config's
 * {@value OnnxSessionConfig#SPINNING_OPTION} option says otherwise. Our resize comes before each run and our
 * decoding after it, and threads still spinning there would take the cores from them.
 */
public final class PerImageSession {
    private PerImageSession() {
    }

    /** {@link OnnxSessionConfig#from(ProviderConfig, OnnxSessionConfig.Spinning)} with {@code WHILE_RUNNING}. */
    public static OnnxSessionConfig of(ProviderConfig config) {
        return OnnxSessionConfig.from(config, OnnxSessionConfig.Spinning.WHILE_RUNNING);
    }
}

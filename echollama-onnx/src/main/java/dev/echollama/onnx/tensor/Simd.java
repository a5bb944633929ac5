package dev.echollama.onnx.tensor;

import org.slf4j.LoggerFactory;

/**
 * Whether the Vector API paths may be used: the JVM was started with {@code --add-modules jdk.incubator.vector},
 * the widest vectors are at least 256 bits, and {@code -Dechollama.simd=false} was not given. Decided once, on
 * first use, and logged once at INFO so a benchmark says which path it measured.
 */
final class Simd {
    /** System property that turns the Vector API paths off ({@code false}) even where they could run. */
    static final String PROPERTY = "echollama.simd";

    static final boolean ENABLED = decide();

    private Simd() {
    }

    private static boolean decide() {
        var log = LoggerFactory.getLogger(ImagePreprocessor.class);
        if ("false".equalsIgnoreCase(System.getProperty(PROPERTY))) {
            log.info("Image pre-processing: scalar (-D{}=false)", PROPERTY);
            return false;
        }
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            log.info("Image pre-processing: scalar; start the JVM with --add-modules jdk.incubator.vector for the"
                    + " Vector API path (OPENCV_LINEAR resizing about 2x faster)");
            return false;
        }
        try {
            if (!OpenCvLinearSimd.worthIt()) {
                log.info("Image pre-processing: scalar (this machine's vectors are narrower than 256 bits)");
                return false;
            }
        } catch (LinkageError e) {
            log.info("Image pre-processing: scalar (the Vector API did not load: {})", e.toString());
            return false;
        }
        log.info("Image pre-processing: Vector API");
        return true;
    }
}

package dev.echollama.vision.pydnet;

import dev.echollama.ProviderNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Properties;

/**
 * Finds and loads the TensorFlow Lite JNI library of {@code ai.djl.tflite:tflite-native-cpu:2.4.1:linux-x86_64}.
 *
 * <p>That jar holds the {@code org.tensorflow.lite} Java classes and {@code native/lib/libtensorflowlite_jni.so}
 * (with {@code native/lib/tflite.properties} naming its platform), but its classes never load the library
 * themselves (DJL's engine did that). So {@link #load()} copies the {@code .so} out of the jar into a new private
 * temporary folder ({@link Files#createTempDirectory}, owner-only on POSIX), {@link System#load}s it, and deletes
 * the copy at once (Linux keeps the mapping). Nothing is downloaded. If the library is already loaded in this JVM
 * (by the application, say), that one is used.
 *
 * <p>This class names no TFLite type, so it can be loaded and asked {@link #problem()} without the jar.
 */
final class TfliteRuntime {
    static final String INTERPRETER = "org.tensorflow.lite.Interpreter";
    static final String LIBRARY = "native/lib/libtensorflowlite_jni.so";
    static final String PROPERTIES = "native/lib/tflite.properties";
    static final String ARTIFACT = "ai.djl.tflite:tflite-native-cpu:2.4.1 (classifier linux-x86_64)";

    private static boolean loaded;
    private static String failure;

    private TfliteRuntime() {
    }

    /** This JVM's platform as the native jars name it: {@code linux-x86_64}, {@code osx-aarch64}, ... */
    static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String o = os.startsWith("linux") ? "linux" : os.startsWith("mac") || os.startsWith("darwin") ? "osx"
                : os.startsWith("windows") ? "win" : os.replace(' ', '_');
        String a = switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            default -> arch;
        };
        return o + "-" + a;
    }

    /** Why the runtime cannot be used here, or null when it looks usable. Loads nothing; never throws. */
    static String problem() {
        try {
            ClassLoader loader = loader();
            if (loader == null) {
                return "TFLite runtime not on the classpath: add " + ARTIFACT;
            }
            URL props = loader.getResource(PROPERTIES);
            URL lib = loader.getResource(LIBRARY);
            if (lib == null || props == null) {
                return "TFLite Java classes are on the classpath but not their JNI library (" + LIBRARY
                        + "): add " + ARTIFACT;
            }
            Properties p = new Properties();
            try (InputStream in = props.openStream()) {
                p.load(in);
            }
            String classifier = p.getProperty("classifier", "");
            String here = platform();
            if (!classifier.contains(here)) {
                return "the TFLite JNI library on the classpath is built for '" + classifier + "' (version "
                        + p.getProperty("version", "?") + "), but this JVM runs on " + here + " ("
                        + System.getProperty("os.name") + ", " + System.getProperty("os.arch")
                        + "); PyDNet++ runs only where such a library exists (" + ARTIFACT + " is linux-x86_64)";
            }
            synchronized (TfliteRuntime.class) {
                return failure;
            }
        } catch (IOException | RuntimeException | LinkageError e) {
            return "cannot inspect the TFLite runtime: " + e;
        }
    }

    /**
     * Loads the JNI library once per JVM.
     *
     * @throws ProviderNotFoundException saying why when the runtime is absent, for another platform or fails to
     *                                   load (the failure is remembered: later calls fail the same way)
     */
    static synchronized void load() {
        if (loaded) {
            return;
        }
        if (failure != null) {
            throw new ProviderNotFoundException("DepthEstimatorProvider 'pydnet' is not available: " + failure);
        }
        String problem = problem();
        if (problem != null) {
            throw new ProviderNotFoundException("DepthEstimatorProvider 'pydnet' is not available: " + problem);
        }
        if (alreadyLoaded()) {
            loaded = true;
            return;
        }
        Path dir = null;
        Path so = null;
        try {
            dir = Files.createTempDirectory("echollama-tflite-");
            so = dir.resolve("libtensorflowlite_jni.so");
            try (InputStream in = loader().getResourceAsStream(LIBRARY)) {
                if (in == null) {
                    throw new IOException(LIBRARY + " vanished from the classpath");
                }
                Files.copy(in, so, StandardCopyOption.REPLACE_EXISTING);
            }
            System.load(so.toAbsolutePath().toString());
            loaded = true;
        } catch (IOException | RuntimeException | LinkageError e) {
            failure = "cannot load the TFLite JNI library from " + ARTIFACT + " on " + platform() + ": " + e;
            throw new ProviderNotFoundException("DepthEstimatorProvider 'pydnet' is not available: " + failure);
        } finally {
            delete(so);
            delete(dir);
        }
    }

    private static boolean alreadyLoaded() {
        try {
            Class<?> tfl = Class.forName("org.tensorflow.lite.TensorFlowLite", true, loader());
            tfl.getMethod("nativeRuntimeVersion").invoke(null);
            return true;
        } catch (InvocationTargetException e) {
            return false; // UnsatisfiedLinkError: not loaded yet
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static void delete(Path p) {
        if (p == null) {
            return;
        }
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            p.toFile().deleteOnExit();
        }
    }

    /** The class loader that sees the TFLite classes, or null when they are absent. */
    private static ClassLoader loader() {
        ClassLoader own = TfliteRuntime.class.getClassLoader();
        try {
            Class<?> c = Class.forName(INTERPRETER, false, own);
            return c.getClassLoader() == null ? own : c.getClassLoader();
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }
}

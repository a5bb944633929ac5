package dev.echollama.vision.pydnet;

import dev.echollama.spi.Availability;
import dev.echollama.spi.Device;
import dev.echollama.spi.ProviderConfig;
import dev.echollama.vision.DepthEstimator;
import dev.echollama.vision.DepthEstimatorProvider;
import dev.echollama.vision.internal.ModelFiles;
import java.nio.file.Path;
import java.util.List;

/**
 * PyDNet++ ({@code pydnet}): a 2 MB mobile monocular depth network (FilippoAleotti/mobilePydnet's
 * {@code optimized_pydnet++.tflite}) on TensorFlow Lite, for machines where even MiDaS small is too heavy. Its
 * priority is below both MiDaS providers, so it is chosen automatically only when neither is installed.
 *
 * <p><b>Runtime</b>: optional. Add {@code ai.djl.tflite:tflite-native-cpu:2.4.1} with classifier
 * {@code linux-x86_64} (echollama-vision declares it {@code <optional>}; the CLI jar carries it). That jar holds
 * both the {@code org.tensorflow.lite} classes and the JNI library; the library is copied from the jar to a fresh
 * private temporary folder and {@link System#load}ed the first time a model is opened, then the copy is deleted
 * (nothing is downloaded). Only linux-x86_64 is published for it; elsewhere {@link #availability} says which
 * platform the library on the classpath is for. DJL's {@code tflite-engine} is not used and should not be added:
 * it carries a second, different set of the same {@code org.tensorflow.lite} classes.
 *
 * <p><b>Model</b>: model id {@code pydnet-plusplus}: a folder holding {@code pydnet_plusplus.tflite} or
 * {@code optimized_pydnet++.tflite}, or the file itself ({@code --model-dir pydnet-plusplus=PATH}). Weights are for
 * research use only per upstream.
 *
 * <p><b>Processing</b>: the image is stretched to the model's input (640×448) with an antialiased bilinear resize
 * and fed as NHWC RGB / 255, as the upstream app feeds its frames (the app centre-crops camera frames to 640×448 and
 * draws them unfiltered; the whole image is kept here so that every pixel gets a value). The HALF-resolution output
 * (the one the app displays) is clamped to its 0.1st..99.9th percentiles (the model emits a few
 * hundred extreme pixels at the edges that would otherwise set the map's min and max) and resized bilinearly back
 * to the image size.
 *
 * <p><b>Convention</b>: {@link dev.echollama.vision.DepthMap.Convention#RELATIVE_DEPTH}, larger is farther, no
 * scale. This comes from evidence, not from upstream documentation: on {@code dog.jpg} the dog (lower left)
 * averages about 14 and the pickup truck across the street (upper right) about 17; on {@code bus.jpg} the top
 * fifth (building façades) averages about 25 against about 8 for the bottom fifth (pavement); see
 * {@code PydnetDepthTest}.
 * The map is coarse and noisy; the far-near ordering holds over regions, not pixel by pixel.
 *
 * <p><b>Threading</b>: the estimator is thread-safe; TFLite's interpreter is not, so concurrent calls run one at a
 * time through a lock (preprocessing and the resize back run in parallel). Option-free; {@link
 * ProviderConfig#threads()} sets TFLite's thread count (0: TFLite's default). CPU only.
 */
public final class PydnetProvider implements DepthEstimatorProvider {
    /** The model id resolved through {@link ProviderConfig#models()}. */
    public static final String MODEL_ID = "pydnet-plusplus";

    static final List<String> FILES = List.of("pydnet_plusplus.tflite", "optimized_pydnet++.tflite",
            "model.tflite");

    @Override
    public String name() {
        return "pydnet";
    }

    @Override
    public int priority() {
        return 40;
    }

    @Override
    public String description() {
        return "PyDNet++ relative depth, larger = farther (TFLite 2.4.1 CPU, model " + MODEL_ID + ")";
    }

    @Override
    public Availability availability(ProviderConfig config) {
        try {
            if (config.device().kind() != Device.Kind.CPU) {
                return Availability.no("pydnet runs on the CPU only (TFLite CPU build); device " + config.device()
                        + " was asked for");
            }
            Availability model = ModelFiles.availability(config, MODEL_ID, FILES);
            String runtime = TfliteRuntime.problem();
            if (!model.available()) {
                return runtime == null ? model : Availability.no(model.reason() + "; also " + runtime);
            }
            return runtime == null ? model : Availability.no(runtime);
        } catch (RuntimeException | LinkageError e) {
            return Availability.no("pydnet availability check failed: " + e);
        }
    }

    /**
     * @throws dev.echollama.ModelMissingException  naming where it looked when the file is absent
     * @throws dev.echollama.ModelCorruptException  when the file is not a TFLite image-to-depth model
     * @throws dev.echollama.ProviderNotFoundException when the TFLite runtime is absent or does not load here
     */
    @Override
    public DepthEstimator create(ProviderConfig config) {
        Path file = ModelFiles.require(config, MODEL_ID, FILES);
        if (config.device().kind() != Device.Kind.CPU) {
            throw new dev.echollama.BadInputException("pydnet runs on the CPU only; device " + config.device()
                    + " was asked for");
        }
        TfliteRuntime.load();
        return new PydnetDepthEstimator(file, config.threads());
    }
}

package dev.echollama.vision.pydnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.echollama.ModelCorruptException;
import dev.echollama.ModelMissingException;
import dev.echollama.image.Images;
import dev.echollama.image.RgbImage;
import dev.echollama.model.ModelLocator;
import dev.echollama.spi.Device;
import dev.echollama.spi.ProviderConfig;
import dev.echollama.spi.Providers;
import dev.echollama.testkit.SharedModels;
import dev.echollama.vision.DepthEstimator;
import dev.echollama.vision.DepthEstimatorProvider;
import dev.echollama.vision.DepthMap;
import dev.echollama.vision.midas.MidasSmallProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real PyDNet++ file on the shared photos (skipped, visibly, without ../shared). Scene facts come from
 * PROVENANCE.md's description of the images: in dog.jpg the dog sits on a porch in the lower left and a pickup truck
 * is parked across the street at the top right; in bus.jpg the pavement fills the bottom and building façades the
 * top. The convention RELATIVE_DEPTH (larger is farther) must order them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PydnetDepthTest {
    @TempDir
    Path dir;

    private DepthEstimator estimator;

    @BeforeAll
    void open() {
        estimator = new PydnetProvider().create(PydnetContractTest.config());
    }

    @AfterAll
    void close() {
        if (estimator != null) {
            estimator.close();
        }
    }

    /** Mean of the map over a box given in fractions of the image. */
    static double mean(DepthMap m, double x0, double y0, double x1, double y1) {
        int ax = (int) Math.round(x0 * m.width());
        int bx = (int) Math.round(x1 * m.width());
        int ay = (int) Math.round(y0 * m.height());
        int by = (int) Math.round(y1 * m.height());
        double s = 0;
        for (int y = ay; y < by; y++) {
            for (int x = ax; x < bx; x++) {
                s += m.at(x, y);
            }
        }
        return s / ((double) (bx - ax) * (by - ay));
    }

    static double[] bands(DepthMap m) {
        double[] b = new double[5];
        for (int i = 0; i < 5; i++) {
            b[i] = mean(m, 0, i / 5.0, 1, (i + 1) / 5.0);
        }
        return b;
    }

    private static RgbImage image(String name) {
        return Images.read(SharedModels.require("images/" + name));
    }

    @Test
    void dogIsNearerThanTheTruckAcrossTheStreet() {
        RgbImage dog = image("dog.jpg");
        DepthMap m = estimator.estimate(dog);
        assertThat(m.width()).isEqualTo(768);
        assertThat(m.height()).isEqualTo(576);
        assertThat(m.convention()).isEqualTo(DepthMap.Convention.RELATIVE_DEPTH);
        assertThat(m.convention().largerIsNearer()).isFalse();
        double dogBody = mean(m, 0.18, 0.45, 0.36, 0.85);
        double truck = mean(m, 0.62, 0.13, 0.87, 0.29);
        double porchFloor = mean(m, 0.40, 0.80, 0.90, 0.98);
        System.out.printf("dog.jpg: dog %.2f truck %.2f porch floor %.2f bands %s%n", dogBody, truck, porchFloor,
                Arrays.toString(bands(m)));
        assertThat(dogBody).as("dog (near) vs truck (far)").isLessThan(truck);
        assertThat(porchFloor).as("porch floor (near) vs truck (far)").isLessThan(truck);
        // Edge outliers are clamped, so min..max spans the scene rather than a few stray pixels (raw: -1..251).
        assertThat(m.min()).isGreaterThan(5f);
        assertThat(m.max()).isLessThan(40f);
        double zDog = (dogBody - m.min()) / (m.max() - m.min());
        double zTruck = (truck - m.min()) / (m.max() - m.min());
        assertThat(zTruck - zDog).as("normalised z of truck minus dog").isGreaterThan(0.1);
    }

    @Test
    void busStreetRecedesFromBottomToTop() {
        DepthMap m = estimator.estimate(image("bus.jpg"));
        assertThat(m.width()).isEqualTo(810);
        assertThat(m.height()).isEqualTo(1080);
        double[] b = bands(m);
        System.out.printf("bus.jpg bands top->bottom %s%n", Arrays.toString(b));
        assertThat(b[0]).as("top fifth (façades) farther than the bottom fifth (pavement)").isGreaterThan(b[4]);
    }

    /**
     * Regression figures measured here with this implementation (Pillow-style bilinear to 640x448): not an
     * independent reference. PROVENANCE.md's "street photo" band means (51, 51, 47, 36, 24) could not be reproduced
     * on bus.jpg or dog.jpg with any preprocessing tried (stretch, centre/top/bottom crops, BGR, 0..255, [-1, 1]);
     * a plain Java2D bilinear stretch gives 25.7, 10.8, 9.7, 9.0, 9.1 on bus.jpg, within the tolerance below.
     */
    @Test
    void bandMeansStayWhereTheyWereMeasured() {
        assertThat(bands(estimator.estimate(image("bus.jpg"))))
                .containsExactly(new double[] {24.69, 9.84, 8.57, 8.08, 8.27}, within(1.2));
        assertThat(bands(estimator.estimate(image("dog.jpg"))))
                .containsExactly(new double[] {15.77, 15.24, 15.34, 14.90, 13.23}, within(1.2));
    }

    @Test
    void oddSizesGiveAMapOfTheirOwnSize() {
        DepthMap one = estimator.estimate(RgbImage.of(1, 1, new byte[] {(byte) 200, 100, 50}));
        assertThat(one.width()).isEqualTo(1);
        assertThat(one.height()).isEqualTo(1);
        assertThat(Float.isFinite(one.at(0, 0))).isTrue();
        DepthMap thin = estimator.estimate(RgbImage.of(3000, 1, new byte[3000 * 3]));
        assertThat(thin.width()).isEqualTo(3000);
        assertThat(thin.height()).isEqualTo(1);
    }

    @Test
    void missingModelNamesWhereItLooked() {
        Path absent = dir.resolve("nowhere").resolve("pydnet_plusplus.tflite");
        ProviderConfig c = ProviderConfig.builder().model(PydnetProvider.MODEL_ID, absent).build();
        assertThatThrownBy(() -> new PydnetProvider().create(c)).isInstanceOf(ModelMissingException.class)
                .hasMessageContaining(absent.toString()).hasMessageContaining("pydnet-plusplus");
        Path empty = dir.resolve("empty-folder");
        assertThat(empty.toFile().mkdirs()).isTrue();
        ProviderConfig f = ProviderConfig.builder().model(PydnetProvider.MODEL_ID, empty).build();
        assertThatThrownBy(() -> new PydnetProvider().create(f)).isInstanceOf(ModelMissingException.class)
                .hasMessageContaining(empty.toString()).hasMessageContaining("pydnet_plusplus.tflite")
                .hasMessageContaining(".tflite file itself");
    }

    @Test
    void corruptFilesAreModelCorruptNotACrash() throws Exception {
        byte[] garbage = new byte[12_345];
        new Random(7).nextBytes(garbage);
        byte[] real = Files.readAllBytes(SharedModels.require(PydnetContractTest.MODEL));
        byte[] badMagic = real.clone();
        badMagic[4] = 'X';
        byte[][] contents = {garbage, Arrays.copyOf(real, real.length / 2), badMagic, new byte[0]};
        for (int i = 0; i < contents.length; i++) {
            Path file = Files.write(dir.resolve("bad-" + i + ".tflite"), contents[i]);
            ProviderConfig c = ProviderConfig.builder().model(PydnetProvider.MODEL_ID, file).build();
            assertThatThrownBy(() -> new PydnetProvider().create(c)).as("%s", file)
                    .isInstanceOf(ModelCorruptException.class)
                    .hasMessageContaining(file.toString())
                    .hasMessageContaining("not a usable TensorFlow Lite model")
                    .satisfies(e -> assertThat(((ModelCorruptException) e).path()).contains(file));
        }
    }

    @Test
    void availabilityExplainsAndMidasWins() {
        PydnetProvider p = new PydnetProvider();
        ProviderConfig empty = ProviderConfig.builder().models(ModelLocator.withHome(dir.resolve("home"))).build();
        assertThat(p.availability(empty).available()).isFalse();
        assertThat(p.availability(empty).reason()).contains("pydnet-plusplus").contains("echollama models fetch")
                .contains("--model-dir");
        ProviderConfig real = PydnetContractTest.config();
        assertThat(p.availability(real).available()).as(p.availability(real).reason()).isTrue();
        ProviderConfig gpu = real.toBuilder().device(Device.cuda(0)).build();
        assertThat(p.availability(gpu).available()).isFalse();
        assertThat(p.availability(gpu).reason()).contains("CPU only");
        assertThat(p.priority()).isLessThan(new MidasSmallProvider().priority());
        assertThat(Providers.load(DepthEstimatorProvider.class)).extracting(DepthEstimatorProvider::name)
                .contains("pydnet");
        assertThat(TfliteRuntime.problem()).isNull();
    }

    @Test
    void anotherPlatformIsNamed() {
        String arch = System.getProperty("os.arch");
        try {
            System.setProperty("os.arch", "aarch64");
            assertThat(TfliteRuntime.platform()).endsWith("-aarch64");
            assertThat(TfliteRuntime.problem()).contains("cpu-linux-x86_64").contains("-aarch64");
        } finally {
            System.setProperty("os.arch", arch);
        }
    }

    /** TfliteRuntime loaded by a class loader that sees this module and core but not the TFLite jar. */
    @Test
    void missingRuntimeIsNamedWithTheArtifact() throws Exception {
        java.net.URL[] urls = {
            TfliteRuntime.class.getProtectionDomain().getCodeSource().getLocation(),
            dev.echollama.EchoException.class.getProtectionDomain().getCodeSource().getLocation()};
        try (java.net.URLClassLoader hidden = new java.net.URLClassLoader(urls, ClassLoader.getPlatformClassLoader())) {
            Class<?> rt = Class.forName(TfliteRuntime.class.getName(), true, hidden);
            var problem = rt.getDeclaredMethod("problem");
            problem.setAccessible(true);
            assertThat((String) problem.invoke(null)).startsWith("TFLite runtime not on the classpath")
                    .contains("ai.djl.tflite:tflite-native-cpu:2.4.1").contains("linux-x86_64");
        }
    }
}

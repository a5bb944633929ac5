package dev.echollama.vision.midas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.echollama.image.RgbImage;
import dev.echollama.spi.ProviderConfig;
import dev.echollama.testkit.contract.DepthEstimatorContract;
import dev.echollama.testkit.onnx.SyntheticModels;
import dev.echollama.vision.DepthEstimator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MiDaS v2.1 small on the testkit's synthetic graph (fixed 256x256, depth = brightness) passes the contract. */
class MidasSmallContractTest extends DepthEstimatorContract {
    @TempDir
    Path dir;

    static ProviderConfig config(Path dir) {
        Path root = dir.resolve("midas-v21-small");
        if (!Files.exists(root.resolve("model-small.onnx"))) {
            SyntheticModels.midasSmall(root);
        }
        return ProviderConfig.builder().model(MidasSmallProvider.MODEL_ID, root).threads(1).build();
    }

    @Override
    protected DepthEstimator createStage() {
        return new MidasSmallProvider().create(config(dir));
    }

    @Override
    protected RgbImage validInput() {
        return DptHybridContractTest.ramp();
    }

    /** None: every image is resized to 256x256 ignoring its aspect ratio, so any size is accepted. */
    @Override
    protected Optional<RgbImage> invalidInput() {
        return Optional.empty();
    }

    /** So that the shared checks compare a real map: brighter (right) is nearer, so larger. */
    @Test
    void validInputGivesARampNotAFlatMap() {
        var map = sharedStage().estimate(validInput());
        assertThat(map.at(19, 5)).isGreaterThan(map.at(0, 5));
    }
}

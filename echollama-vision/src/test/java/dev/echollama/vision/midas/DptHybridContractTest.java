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

/** DPT-Hybrid on the testkit's synthetic DPT graph (depth = brightness) passes the shared depth contract. */
class DptHybridContractTest extends DepthEstimatorContract {
    @TempDir
    Path dir;

    static ProviderConfig config(Path dir) {
        Path root = dir.resolve("dpt-hybrid-midas");
        if (!Files.exists(root.resolve("onnx/model.onnx"))) {
            SyntheticModels.dptHybrid(root.resolve("onnx"));
        }
        return ProviderConfig.builder().model(DptHybridProvider.MODEL_ID, root).threads(1).build();
    }

    /** A horizontal ramp, 20x10 (not square, so a transposed map would have the wrong size). */
    static RgbImage ramp() {
        int w = 20;
        int h = 10;
        byte[] px = new byte[w * h * 3];
        for (int i = 0; i < w * h; i++) {
            java.util.Arrays.fill(px, i * 3, i * 3 + 3, (byte) (i % w * 12));
        }
        return RgbImage.of(w, h, px);
    }

    @Override
    protected DepthEstimator createStage() {
        return new DptHybridProvider().create(config(dir));
    }

    @Override
    protected RgbImage validInput() {
        return ramp();
    }

    /** None: every image is resized to 384x384 ignoring its aspect ratio, so any size is accepted. */
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

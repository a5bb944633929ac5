package dev.echollama.vision.pydnet;

import dev.echollama.image.RgbImage;
import dev.echollama.spi.ProviderConfig;
import dev.echollama.testkit.SharedModels;
import dev.echollama.testkit.contract.DepthEstimatorContract;
import dev.echollama.vision.DepthEstimator;
import java.util.Optional;

/** The real PyDNet++ file from ../shared passes the depth estimator contract (skipped when ../shared is absent). */
class PydnetContractTest extends DepthEstimatorContract {
    static final String MODEL = "depth/pydnet_plusplus.tflite";

    static ProviderConfig config() {
        return ProviderConfig.builder().model(PydnetProvider.MODEL_ID, SharedModels.require(MODEL)).threads(1).build();
    }

    @Override
    protected DepthEstimator createStage() {
        return new PydnetProvider().create(config());
    }

    /** A 64x40 picture: bright sky on top, a grey ramp below. */
    @Override
    protected RgbImage validInput() {
        int w = 64;
        int h = 40;
        byte[] px = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = y < h / 3 ? 230 : 40 + 3 * x;
                int i = (y * w + x) * 3;
                px[i] = (byte) (y < h / 3 ? 150 : v);
                px[i + 1] = (byte) (y < h / 3 ? 190 : v);
                px[i + 2] = (byte) v;
            }
        }
        return RgbImage.of(w, h, px);
    }

    /** None: every image is stretched to 640x448, so any size is accepted. */
    @Override
    protected Optional<RgbImage> invalidInput() {
        return Optional.empty();
    }
}

package dev.echollama.vision.yolox;

import dev.echollama.spi.ProviderConfig;
import dev.echollama.spi.StageProvider;
import dev.echollama.testkit.contract.ProviderContract;
import java.util.List;

/** Under a config naming the shared YOLOX-Nano; without ../shared the create check skips as unavailable. */
class YoloxDetectorProviderContractTest extends ProviderContract {
    @Override
    protected StageProvider<?> provider() {
        return new YoloxDetectorProvider();
    }

    @Override
    protected ProviderConfig config() {
        return YoloxDetectorContractTest.config();
    }

    @Override
    protected List<String> optionKeys() {
        return List.of("yolox.score-floor", "yolox.nms-iou", "yolox.threshold");
    }
}

package dev.echollama.vision.moondream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.echollama.image.RgbImage;
import dev.echollama.model.ModelLocator;
import dev.echollama.spi.ProviderConfig;
import dev.echollama.spi.Providers;
import dev.echollama.vision.CaptionRequest;
import dev.echollama.vision.Captioner;
import dev.echollama.vision.CaptionerProvider;
import dev.echollama.vision.caption.GroundedCaptionerProvider;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With no provider named, the SDK takes the available captioner of highest priority (Providers.select, as the
 * pipeline does): Moondream2, the paper's captioner, whenever its files are present, and the model-free grounded
 * captioner, which is always available, otherwise.
 */
class CaptionerSelectionTest {
    @TempDir
    Path dir;

    /** Model lookups confined to an empty home, so a moondream2 installed on this machine cannot leak in. */
    private ProviderConfig.Builder isolated() {
        return ProviderConfig.builder().models(ModelLocator.withHome(dir.resolve("home"))).threads(1);
    }

    @Test
    void moondreamRanksAsThePapersModelAndGroundedAsAFallback() {
        // StageProvider's conventions: 100+ for the paper's model, 0-9 for model-free fallbacks.
        int moondream = new MoondreamCaptionerProvider().priority();
        int grounded = new GroundedCaptionerProvider().priority();
        assertThat(moondream).isGreaterThanOrEqualTo(100).isGreaterThan(grounded);
        assertThat(grounded).isBetween(0, 9);
    }

    @Test
    void selectionTakesMoondreamWhenItsExportIsThereAndGroundedOtherwise() {
        ProviderConfig without = isolated().build();
        assertThat(Providers.select(CaptionerProvider.class, null, without))
                .isInstanceOf(GroundedCaptionerProvider.class);

        // The synthetic export (three graphs and a tokenizer) that MoondreamCaptionerContractTest captions with.
        Path root = MoondreamCaptionerContractTest.config(dir).findModel(MoondreamCaptionerProvider.MODEL_ID)
                .orElseThrow();
        ProviderConfig with = isolated().model(MoondreamCaptionerProvider.MODEL_ID, root).build();
        CaptionerProvider chosen = Providers.select(CaptionerProvider.class, null, with);
        assertThat(chosen).isInstanceOf(MoondreamCaptionerProvider.class);
        // And it is the real thing: the synthetic decoder's three counted tokens (see MoondreamCaptionerTest).
        byte[] px = new byte[8 * 8 * 3];
        try (Captioner c = chosen.create(with)) {
            assertThat(c.caption(CaptionRequest.of(RgbImage.of(8, 8, px))).text()).isEqualTo("w450 w382 w315");
        }
    }
}

package dev.echollama.vision.moondream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.echollama.image.RgbImage;
import dev.echollama.spi.ProviderConfig;
import dev.echollama.testkit.contract.CaptionerContract;
import dev.echollama.testkit.onnx.MoondreamSpec;
import dev.echollama.testkit.onnx.SyntheticModels;
import dev.echollama.vision.CaptionRequest;
import dev.echollama.vision.Captioner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Moondream2 on the testkit's synthetic graphs (2 layers, hidden 8, MoondreamCaptionerTest's 512-word WordLevel
 * tokenizer; the decoder stops after 3 tokens) passes the shared captioner contract. Greedy decoding, so equal images
 * give equal captions.
 */
class MoondreamCaptionerContractTest extends CaptionerContract {
    private static final int V = 512;
    private static final int EOT = 511;

    @TempDir
    Path dir;

    /** The export's layout (graphs under onnx/, tokenizer.json at the root), written once. */
    static ProviderConfig config(Path dir) {
        Path root = dir.resolve("moondream2");
        if (!Files.exists(root.resolve("tokenizer.json"))) {
            SyntheticModels.moondream2(root.resolve("onnx"), MoondreamSpec.builder().layers(2).heads(2).headDim(4)
                    .hidden(8).vocabSize(V).mismatchToken(V - 2).stopAt(741, EOT).build());
            try {
                Files.writeString(root.resolve("tokenizer.json"), MoondreamCaptionerTest.tokenizerJson());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return ProviderConfig.builder().model(MoondreamCaptionerProvider.MODEL_ID, root).threads(1).build();
    }

    @Override
    protected Captioner createStage() {
        return new MoondreamCaptionerProvider().create(config(dir));
    }

    @Override
    protected CaptionRequest validInput() {
        byte[] px = new byte[16 * 12 * 3];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (i * 7);
        }
        return CaptionRequest.of(RgbImage.of(16, 12, px));
    }

    /** None: every image is resized to 378x378, so any size is accepted. */
    @Override
    protected Optional<CaptionRequest> invalidInput() {
        return Optional.empty();
    }

    /** So that the shared checks compare a real caption: the synthetic decoder's three counted tokens. */
    @Test
    void validInputGivesTheCountedTokens() {
        assertThat(sharedStage().caption(validInput()).text()).isEqualTo("w450 w382 w315");
    }
}

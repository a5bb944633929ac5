package dev.echollama.vision.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.echollama.ModelMissingException;
import dev.echollama.model.ModelLocator;
import dev.echollama.spi.ProviderConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFilesTest {
    private static final List<String> FILES = List.of("onnx/model.onnx", "onnx/model_quantized.onnx");

    @TempDir
    Path home;

    private ProviderConfig config() {
        return ProviderConfig.builder().models(ModelLocator.withHome(home)).build();
    }

    @Test
    void missingFolderSaysHowToGetIt() {
        assertThat(ModelFiles.availability(config(), "detr-resnet-50", FILES).reason())
                .contains("model 'detr-resnet-50' not found")
                .contains(home.resolve("models/detr-resnet-50").toString())
                .contains("echollama models fetch detr-resnet-50")
                .contains("--model-dir detr-resnet-50=PATH");
        assertThatThrownBy(() -> ModelFiles.require(config(), "detr-resnet-50", FILES))
                .isInstanceOf(ModelMissingException.class).hasMessageContaining("echollama models fetch");
    }

    @Test
    void folderIsSearchedInOrderAndAFileIsTakenAsIs() throws Exception {
        Path dir = Files.createDirectories(home.resolve("models/detr-resnet-50/onnx"));
        assertThat(ModelFiles.availability(config(), "detr-resnet-50", FILES).reason()).contains("holds none of");
        Path q = Files.writeString(dir.resolve("model_quantized.onnx"), "x");
        assertThat(ModelFiles.find(config(), "detr-resnet-50", FILES)).contains(q);
        Path f = Files.writeString(dir.resolve("model.onnx"), "x");
        assertThat(ModelFiles.find(config(), "detr-resnet-50", FILES)).contains(f);
        assertThat(ModelFiles.availability(config(), "detr-resnet-50", FILES).available()).isTrue();
        ProviderConfig direct = config().toBuilder().model("detr-resnet-50", q).build();
        assertThat(ModelFiles.require(direct, "detr-resnet-50", FILES)).isEqualTo(q);
    }
}

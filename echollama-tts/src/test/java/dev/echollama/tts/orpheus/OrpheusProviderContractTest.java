package dev.echollama.tts.orpheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.echollama.BadInputException;
import dev.echollama.ModelMissingException;
import dev.echollama.model.ModelLocator;
import dev.echollama.spi.Availability;
import dev.echollama.spi.ProviderConfig;
import dev.echollama.spi.StageProvider;
import dev.echollama.testkit.contract.ProviderContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrpheusProviderContractTest extends ProviderContract {
    @TempDir
    static Path home;
    private static ProviderConfig config;

    @BeforeAll
    static void install() {
        config = SyntheticOrpheus.install(home, SyntheticOrpheus.smallSpec(20));
    }

    @Override
    protected StageProvider<?> provider() {
        return new OrpheusSynthesizerProvider();
    }

    @Override
    protected ProviderConfig config() {
        return config;
    }

    @Override
    protected List<String> optionKeys() {
        return List.of(OrpheusSynthesizerProvider.VOICE, OrpheusSynthesizerProvider.TEMPERATURE,
                OrpheusSynthesizerProvider.TOP_P, OrpheusSynthesizerProvider.REPETITION_PENALTY,
                OrpheusSynthesizerProvider.MAX_NEW_TOKENS, OrpheusSynthesizerProvider.MAX_TEXT_TOKENS,
                OrpheusSynthesizerProvider.SEED, OrpheusSynthesizerProvider.NORMALIZE,
                OrpheusSynthesizerProvider.VARIANT);
    }

    @Test
    void highestSpeechPriorityAndAvailableWithBothFolders() {
        OrpheusSynthesizerProvider p = new OrpheusSynthesizerProvider();
        assertThat(p.name()).isEqualTo("orpheus");
        assertThat(p.priority()).isEqualTo(100);
        Availability a = p.availability(config);
        assertThat(a.available()).as(a.reason()).isTrue();
        assertThat(a.reason()).contains("model.onnx").contains("decoder_model.onnx");
    }

    @Test
    void withoutModelsItSaysWhatToFetch(@TempDir Path empty) {
        ProviderConfig none = ProviderConfig.builder().models(ModelLocator.withHome(empty)).build();
        Availability a = new OrpheusSynthesizerProvider().availability(none);
        assertThat(a.available()).isFalse();
        assertThat(a.reason()).contains("echollama models fetch orpheus-3b-0.1-ft")
                .contains("echollama models fetch snac-24khz");
        assertThatThrownBy(() -> new OrpheusSynthesizerProvider().create(none))
                .isInstanceOf(ModelMissingException.class).hasMessageContaining("orpheus-3b-0.1-ft");
    }

    @Test
    void oneMissingFolderIsNamedAlone(@TempDir Path partial) throws IOException {
        Files.createDirectories(partial.resolve("models").resolve("snac-24khz"));
        Files.copy(home.resolve("models/snac-24khz/decoder_model.onnx"),
                partial.resolve("models/snac-24khz/decoder_model.onnx"));
        Availability a = new OrpheusSynthesizerProvider().availability(
                ProviderConfig.builder().models(ModelLocator.withHome(partial)).build());
        assertThat(a.available()).isFalse();
        assertThat(a.reason()).contains("orpheus-3b-0.1-ft is not installed").doesNotContain("fetch snac-24khz");
    }

    @Test
    void aFolderWithoutTheLmFileOrTokenizerIsNotAvailable(@TempDir Path broken) throws IOException {
        Path lm = Files.createDirectories(broken.resolve("models").resolve("orpheus-3b-0.1-ft"));
        Path snac = Files.createDirectories(broken.resolve("models").resolve("snac-24khz").resolve("onnx"));
        Files.copy(home.resolve("models/snac-24khz/decoder_model.onnx"), snac.resolve("decoder_model.onnx"));
        ProviderConfig cfg = ProviderConfig.builder().models(ModelLocator.withHome(broken)).build();
        assertThat(new OrpheusSynthesizerProvider().availability(cfg).reason())
                .contains("no speech LM ONNX file").contains("model_q4f16.onnx");
        Files.createDirectories(lm.resolve("onnx"));
        Files.copy(home.resolve("models/orpheus-3b-0.1-ft/model.onnx"), lm.resolve("onnx/model_q4.onnx"));
        assertThat(new OrpheusSynthesizerProvider().availability(cfg).reason()).contains("tokenizer.json");
        Files.copy(home.resolve("models/orpheus-3b-0.1-ft/tokenizer.json"), lm.resolve("tokenizer.json"));
        Availability ok = new OrpheusSynthesizerProvider().availability(cfg);
        assertThat(ok.available()).as(ok.reason()).isTrue();
        assertThat(ok.reason()).contains("model_q4.onnx").contains("onnx/decoder_model.onnx");
        // an explicit variant that is not there
        Availability fp16 = new OrpheusSynthesizerProvider().availability(cfg.toBuilder()
                .option(OrpheusSynthesizerProvider.VARIANT, "fp16").build());
        assertThat(fp16.available()).isFalse();
        assertThat(fp16.reason()).contains("model_fp16.onnx");
    }

    @Test
    void badOptionsAreNamedTogether() {
        ProviderConfig bad = config.toBuilder().option(OrpheusSynthesizerProvider.VOICE, "julia")
                .option(OrpheusSynthesizerProvider.REPETITION_PENALTY, "1.0")
                .option(OrpheusSynthesizerProvider.TOP_P, "1.5").build();
        assertThatThrownBy(() -> new OrpheusSynthesizerProvider().create(bad))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("orpheus.voice").hasMessageContaining("julia")
                .hasMessageContaining("orpheus.repetition-penalty").hasMessageContaining("at least 1.1")
                .hasMessageContaining("orpheus.top-p");
    }

    @Test
    void defaultsAreTheReferencePackages() {
        OrpheusSettings s = OrpheusSettings.from(ProviderConfig.defaults());
        assertThat(s.voice()).isEqualTo("tara");
        assertThat(s.sampling().temperature()).isEqualTo(0.6);
        assertThat(s.sampling().topP()).isEqualTo(0.8);
        assertThat(s.sampling().repetitionPenalty()).isEqualTo(1.3);
        assertThat(s.maxNewTokens()).isEqualTo(1200);
        assertThat(s).isEqualTo(OrpheusSettings.defaults());
    }
}

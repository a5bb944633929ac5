package dev.echollama.asr.whisper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.echollama.ModelMissingException;
import dev.echollama.model.ModelLocator;
import dev.echollama.spi.Availability;
import dev.echollama.spi.ProviderConfig;
import dev.echollama.spi.Providers;
import dev.echollama.spi.StageProvider;
import dev.echollama.speech.Transcriber;
import dev.echollama.speech.TranscriberProvider;
import dev.echollama.testkit.SharedModels;
import dev.echollama.testkit.contract.ProviderContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The provider contract, with the model id pointed at the synthetic Whisper folder, plus availability wording. */
class WhisperProviderContractTest extends ProviderContract {
    @TempDir
    static Path dir;
    private static Path folder;

    static synchronized Path folder() {
        if (folder == null) {
            folder = WhisperFixture.folder(dir.resolve("whisper-base"), WhisperFixture.spec(false).build());
        }
        return folder;
    }

    @Override
    protected StageProvider<?> provider() {
        return new WhisperTranscriberProvider();
    }

    @Override
    protected ProviderConfig config() {
        return ProviderConfig.builder().models(ModelLocator.withHome(dir.resolve("home")))
                .model("whisper-base", folder()).build();
    }

    @Override
    protected List<String> optionKeys() {
        return List.of(WhisperTranscriberProvider.MODEL, WhisperTranscriberProvider.LANGUAGE,
                WhisperTranscriberProvider.TASK, WhisperTranscriberProvider.VARIANT,
                WhisperTranscriberProvider.OVERLAP, WhisperTranscriberProvider.VAD);
    }

    @Test
    void createdTranscriberHearsTheSyntheticScript() {
        try (Transcriber t = new WhisperTranscriberProvider().create(config())) {
            assertThat(t.transcribe(WhisperFixture.noise(1.0, 0.1, 16_000, 1)).text())
                    .isEqualTo(WhisperFixture.SPEECH_TEXT);
        }
    }

    @Test
    void missingModelNamesTheIdWhereItLookedAndHowToFetch() {
        Path home = dir.resolve("empty-home");
        ProviderConfig cfg = ProviderConfig.builder().models(ModelLocator.withHome(home)).build();
        Availability a = new WhisperTranscriberProvider().availability(cfg);
        assertThat(a.available()).isFalse();
        assertThat(a.reason()).contains("whisper-base", home.resolve("models").resolve("whisper-base").toString(),
                "echollama models fetch whisper-base");
        assertThatThrownBy(() -> new WhisperTranscriberProvider().create(cfg))
                .isInstanceOf(ModelMissingException.class).hasMessageContaining("echollama models fetch whisper-base");
    }

    @Test
    void anIncompleteFolderIsExplained() throws Exception {
        Path broken = Files.createDirectories(dir.resolve("broken"));
        ProviderConfig cfg = ProviderConfig.builder().models(ModelLocator.withHome(dir.resolve("h2")))
                .model("whisper-base.en", broken).option(WhisperTranscriberProvider.MODEL, "whisper-base.en").build();
        Availability a = new WhisperTranscriberProvider().availability(cfg);
        assertThat(a.available()).isFalse();
        assertThat(a.reason()).contains("whisper-base.en", "tokenizer.json", "encoder_model",
                "echollama models fetch whisper-base.en");
    }

    @Test
    void vadOnWithoutTheVadModelIsUnavailable() {
        ProviderConfig cfg = config().toBuilder().option(WhisperTranscriberProvider.VAD, "on").build();
        Availability a = new WhisperTranscriberProvider().availability(cfg);
        assertThat(a.available()).isFalse();
        assertThat(a.reason()).contains("silero-vad");
    }

    @Test
    void vadAutoUsesTheVadModelWhenPresent() {
        Path vad = SharedModels.require("vad/silero_vad_v5.onnx");
        ProviderConfig cfg = config().toBuilder().model("silero-vad", vad).build();
        assertThat(new WhisperTranscriberProvider().availability(cfg).reason()).contains("with Silero VAD");
        try (Transcriber t = new WhisperTranscriberProvider().create(cfg)) {
            assertThat(((WhisperTranscriber) t).usesVad()).isTrue();
        }
    }

    @Test
    void isSelectedByName() {
        assertThat(Providers.load(TranscriberProvider.class)).anyMatch(p -> p.name().equals("whisper"));
    }
}

package dev.echollama.asr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.echollama.InferenceException;
import dev.echollama.ModelCorruptException;
import dev.echollama.ModelMissingException;
import dev.echollama.ProviderNotFoundException;
import dev.echollama.model.ModelLocator;
import dev.echollama.speech.Transcript;
import dev.echollama.speech.TranscriberProvider;
import dev.echollama.spi.Availability;
import dev.echollama.spi.ProviderConfig;
import dev.echollama.spi.Providers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * There is no Vosk model on this machine (they are downloads of 40 MB and more), so these tests cover what can be
 * checked without one: availability, the error paths, native loading and reading Vosk's result format.
 */
class VoskTranscriberProviderTest {
    private final VoskTranscriberProvider provider = new VoskTranscriberProvider();

    @TempDir
    Path tmp;

    private ProviderConfig withHome() {
        return ProviderConfig.builder().models(ModelLocator.withHome(tmp)).build();
    }

    @Test
    void unavailableWithoutAModelAndSaysWhereToPutOne() {
        Availability a = provider.availability(withHome());
        assertThat(a.available()).isFalse();
        assertThat(a.reason()).contains("vosk.model").contains(tmp.resolve("models").resolve("vosk-model").toString());
        assertThatThrownBy(() -> provider.create(withHome())).isInstanceOf(ModelMissingException.class)
                .hasMessageContaining("vosk.model");
        ProviderConfig missing = ProviderConfig.builder().option(VoskTranscriberProvider.MODEL_OPTION,
                tmp.resolve("nope").toString()).build();
        assertThat(provider.availability(missing).available()).isFalse();
        assertThat(provider.availability(ProviderConfig.builder()
                .option(VoskTranscriberProvider.MODEL_OPTION, "\0").build()).available()).isFalse();
    }

    @Test
    void aFolderThatIsNotAModelIsUnavailable() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("models").resolve("vosk-model"));
        Availability a = provider.availability(withHome());
        assertThat(a.available()).isFalse();
        assertThat(a.reason()).contains("not a Vosk model").contains("am/final.mdl");
        assertThatThrownBy(() -> provider.create(withHome())).isInstanceOf(ModelCorruptException.class)
                .satisfies(e -> assertThat(((ModelCorruptException) e).path()).contains(empty));
        Path file = Files.writeString(tmp.resolve("model.zip"), "zip");
        assertThat(provider.availability(ProviderConfig.builder()
                .option(VoskTranscriberProvider.MODEL_OPTION, file.toString()).build()).reason())
                .contains("is not a folder");
    }

    @Test
    void aDamagedModelIsAvailableButFailsToLoadWithAClearError() throws IOException {
        Path model = tmp.resolve("damaged");
        Files.createDirectories(model.resolve("am"));
        Files.createDirectories(model.resolve("conf"));
        Files.write(model.resolve("am").resolve("final.mdl"), new byte[] {1, 2, 3, 4});
        Files.writeString(model.resolve("conf").resolve("mfcc.conf"), "--use-energy=false\n--sample-frequency=8000\n");
        ProviderConfig config = ProviderConfig.builder()
                .option(VoskTranscriberProvider.MODEL_OPTION, model.toString()).build();
        assertThat(VoskTranscriberProvider.sampleRate(model)).isEqualTo(8000);
        String nativeProblem = VoskTranscriberProvider.nativeProblem();
        Availability a = provider.availability(config);
        if (nativeProblem == null) {
            // Linux x86-64: the native library loads, so only the model itself can be wrong.
            assertThat(a.available()).isTrue();
            assertThatThrownBy(() -> provider.create(config)).isInstanceOf(ModelCorruptException.class)
                    .hasMessageContaining("Vosk could not load the model in " + model);
        } else {
            assertThat(a.available()).isFalse();
            assertThat(a.reason()).contains("native library");
            assertThatThrownBy(() -> provider.create(config)).isInstanceOf(ProviderNotFoundException.class);
        }
    }

    @Test
    void sampleRateDefaultsTo16kHz() {
        assertThat(VoskTranscriberProvider.sampleRate(tmp)).isEqualTo(16_000);
    }

    @Test
    void readsVoskResults() {
        String json = """
                {
                  "result" : [{
                      "conf" : 1.000000,
                      "end" : 1.020000,
                      "start" : 0.510000,
                      "word" : "turn"
                    }, {
                      "conf" : 0.500000,
                      "end" : 1.500000,
                      "start" : 1.020000,
                      "word" : "left"
                    }],
                  "text" : "turn left"
                }""";
        Transcript.Segment s = VoskResults.segment(json, 10.0);
        assertThat(s.text()).isEqualTo("turn left");
        assertThat(s.startSeconds()).isEqualTo(10.51);
        assertThat(s.endSeconds()).isEqualTo(11.5);
        assertThat(s.confidence()).hasValue(0.75);
        assertThat(VoskResults.segment("{\"text\" : \"\"}", 0)).isNull();
        assertThat(VoskResults.segment("{\"text\" : \"yes\"}", 2)).isEqualTo(
                new Transcript.Segment("yes", 2, 2, OptionalDouble.empty()));
        assertThatThrownBy(() -> VoskResults.segment("not json", 0)).isInstanceOf(InferenceException.class);
        assertThatThrownBy(() -> VoskResults.segment("[1]", 0)).isInstanceOf(InferenceException.class);
    }

    @Test
    void isListedAndNeverChosenWithoutAModel() {
        ProviderConfig config = withHome();
        assertThat(Providers.list(TranscriberProvider.class, config))
                .anySatisfy(s -> {
                    assertThat(s.name()).isEqualTo("vosk");
                    assertThat(s.availability().available()).isFalse();
                })
                .anySatisfy(s -> {
                    assertThat(s.name()).isEqualTo("sphinx");
                    assertThat(s.availability().available()).isTrue();
                });
        assertThat(Providers.select(TranscriberProvider.class, null, config).name()).isEqualTo("sphinx");
    }
}

package dev.echollama.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.echollama.language.SceneLanguageModelProvider;
import dev.echollama.model.ModelLocator;
import dev.echollama.spi.Availability;
import dev.echollama.spi.Device;
import dev.echollama.spi.ProviderConfig;
import dev.echollama.spi.Providers;
import dev.echollama.spi.StageProvider;
import dev.echollama.speech.SpeechSynthesizerProvider;
import dev.echollama.speech.TranscriberProvider;
import dev.echollama.vision.CaptionerProvider;
import dev.echollama.vision.DepthEstimatorProvider;
import dev.echollama.vision.DetectorProvider;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The contract of a {@link StageProvider}. Extend it in the provider module's tests:
 *
 * <pre>{@code
 * class YoloxProviderContractTest extends ProviderContract {
 *     protected StageProvider<?> provider() { return new YoloxProvider(); }
 *     protected ProviderConfig config() { return configPointingAtTheTestModel; }
 * }
 * }</pre>
 *
 * It checks that the name is non-blank lower case; that {@code availability} never throws and always gives a
 * reason, even with broken configs (a model folder that does not exist, a GPU that is not there, option values
 * that are garbage); that {@code create} works under {@link #config()} when the provider says it is available
 * (skipped, visibly, when it is not); and that the provider is registered in {@code META-INF/services}.
 */
public abstract class ProviderContract {

    private static final List<Class<?>> SERVICE_TYPES = List.of(DetectorProvider.class,
            DepthEstimatorProvider.class, CaptionerProvider.class, SceneLanguageModelProvider.class,
            SpeechSynthesizerProvider.class, TranscriberProvider.class);

    /** A new provider, as ServiceLoader would make it. */
    protected abstract StageProvider<?> provider();

    /** The config under which {@code create} is tried. Default {@link ProviderConfig#defaults()}. */
    protected ProviderConfig config() {
        return ProviderConfig.defaults();
    }

    /** Option keys the provider reads; the broken configs set each to garbage. Default none. */
    protected List<String> optionKeys() {
        return List.of();
    }

    /** Configs that must not make {@code availability} throw. */
    protected List<ProviderConfig> brokenConfigs() {
        Path nowhere = Path.of("does-not-exist", "echollama-contract-" + System.nanoTime());
        List<ProviderConfig> out = new ArrayList<>();
        out.add(ProviderConfig.builder().models(ModelLocator.withHome(nowhere)).build());
        out.add(ProviderConfig.builder().device(Device.cuda(7)).build());
        ProviderConfig.Builder garbage = ProviderConfig.builder().models(ModelLocator.withHome(nowhere));
        for (String key : optionKeys()) {
            garbage.option(key, "\u0000not a value\u00ff");
        }
        out.add(garbage.build());
        return out;
    }

    @Test
    public void nameIsNonBlankLowerCase() {
        String name = provider().name();
        assertThat(name).as("provider name").isNotBlank().matches("[a-z0-9][a-z0-9._-]*");
    }

    @Test
    public void descriptionIsNonBlank() {
        assertThat(provider().description()).isNotBlank();
    }

    @Test
    public void availabilityNeverThrowsEvenWithABrokenConfig() {
        StageProvider<?> p = provider();
        for (ProviderConfig cfg : Stream.concat(Stream.of(config()), brokenConfigs().stream()).toList()) {
            Availability[] a = new Availability[1];
            assertThatCode(() -> a[0] = p.availability(cfg)).as("availability(%s)", cfg)
                    .doesNotThrowAnyException();
            assertThat(a[0]).as("availability(%s)", cfg).isNotNull();
            assertThat(a[0].reason()).as("reason of availability(%s)", cfg).isNotBlank();
        }
    }

    @Test
    public void createWorksWhenAvailable() throws Exception {
        StageProvider<?> p = provider();
        Availability a;
        try {
            a = p.availability(config());
        } catch (RuntimeException e) {
            // Reported by availabilityNeverThrowsEvenWithABrokenConfig; one defect, one failure.
            Assumptions.abort("skipped: availability(config()) threw " + e);
            return;
        }
        Assumptions.assumeTrue(a != null && a.available(), () -> "skipped: " + p.name() + " is not available here: "
                + (a == null ? "null availability" : a.reason()));
        try (AutoCloseable stage = p.create(config())) {
            assertThat(stage).as("create(config)").isNotNull();
        }
    }

    @Test
    public void isRegisteredAsAService() {
        StageProvider<?> p = provider();
        Class<?> service = SERVICE_TYPES.stream().filter(t -> t.isInstance(p)).findFirst().orElse(null);
        assertThat(service).as("%s implements one of %s", p.getClass().getName(), SERVICE_TYPES).isNotNull();
        @SuppressWarnings({"unchecked", "rawtypes"})
        List<? extends StageProvider<?>> found = Providers.load((Class) service);
        assertThat(found).as("providers found in META-INF/services/%s", service.getName())
                .anyMatch(f -> f.getClass() == p.getClass());
    }
}

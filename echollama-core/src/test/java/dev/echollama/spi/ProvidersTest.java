package dev.echollama.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.echollama.ProviderNotFoundException;
import dev.echollama.image.RgbImage;
import dev.echollama.vision.Detection;
import dev.echollama.vision.Detector;
import dev.echollama.vision.DetectorProvider;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProvidersTest {

    static class StubProvider implements DetectorProvider {
        private final String name;
        private final int priority;
        private final Availability availability;

        StubProvider(String name, int priority, Availability availability) {
            this.name = name;
            this.priority = priority;
            this.availability = availability;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public int priority() {
            return priority;
        }

        @Override
        public Availability availability(ProviderConfig config) {
            return availability;
        }

        @Override
        public Detector create(ProviderConfig config) {
            return new Detector() {
                @Override
                public List<Detection> detect(RgbImage image) {
                    return List.of();
                }

                @Override
                public void close() {
                }
            };
        }
    }

    /** Registered in src/test/resources/META-INF/services so the ServiceLoader path is exercised for real. */
    public static final class ListedProvider extends StubProvider {
        public ListedProvider() {
            super("listed-test-detector", 7, Availability.yes());
        }
    }

    private static final ProviderConfig CONFIG = ProviderConfig.defaults();

    private final StubProvider paper = new StubProvider("detr", 100, Availability.no("model detr-resnet-50 not found"));
    private final StubProvider small = new StubProvider("yolox", 60, Availability.yes());
    private final StubProvider tiny = new StubProvider("fastest", 50, Availability.yes());

    @Test
    void highestPriorityAvailableWinsWhenNoNameIsGiven() {
        assertThat(Providers.select(List.of(tiny, paper, small), null, CONFIG, "DetectorProvider")).isSameAs(small);
        assertThat(Providers.select(List.of(tiny, paper, small), " ", CONFIG, "DetectorProvider")).isSameAs(small);
    }

    @Test
    void anExplicitNameWinsOverPriority() {
        assertThat(Providers.select(List.of(tiny, paper, small), "fastest", CONFIG, "DetectorProvider"))
                .isSameAs(tiny);
    }

    @Test
    void anUnknownNameListsWhatWasFoundAndWhy() {
        assertThatThrownBy(() -> Providers.select(List.of(paper, small), "yolo", CONFIG, "DetectorProvider"))
                .isInstanceOf(ProviderNotFoundException.class)
                .hasMessageContaining("no DetectorProvider named 'yolo'")
                .hasMessageContaining("detr (priority 100, unavailable: model detr-resnet-50 not found)")
                .hasMessageContaining("yolox (priority 60, available)");
    }

    @Test
    void aNamedButUnavailableProviderSaysWhy() {
        assertThatThrownBy(() -> Providers.select(List.of(paper, small), "detr", CONFIG, "DetectorProvider"))
                .isInstanceOf(ProviderNotFoundException.class)
                .hasMessageContaining("'detr' is not available: model detr-resnet-50 not found");
    }

    @Test
    void twoProvidersWithOneNameAreRefused() {
        StubProvider twin = new StubProvider("yolox", 10, Availability.yes());
        assertThatThrownBy(() -> Providers.select(List.of(small, twin), null, CONFIG, "DetectorProvider"))
                .isInstanceOf(ProviderNotFoundException.class)
                .hasMessageContaining("two DetectorProviders are both named 'yolox'");
    }

    @Test
    void noneAvailableListsEveryReason() {
        StubProvider other = new StubProvider("other", 5, Availability.no("install espeak-ng"));
        assertThatThrownBy(() -> Providers.select(List.of(paper, other), null, CONFIG, "DetectorProvider"))
                .isInstanceOf(ProviderNotFoundException.class)
                .hasMessageContaining("no DetectorProvider is available")
                .hasMessageContaining("model detr-resnet-50 not found")
                .hasMessageContaining("install espeak-ng");
        assertThatThrownBy(() -> Providers.select(List.<DetectorProvider>of(), null, CONFIG, "DetectorProvider"))
                .isInstanceOf(ProviderNotFoundException.class)
                .hasMessageContaining("None is on the class path");
    }

    @Test
    void anAvailabilityCheckThatThrowsCountsAsUnavailable() {
        DetectorProvider broken = new StubProvider("broken", 999, null) {
            @Override
            public Availability availability(ProviderConfig config) {
                throw new IllegalStateException("boom");
            }
        };
        assertThat(Providers.select(List.of(broken, tiny), null, CONFIG, "DetectorProvider")).isSameAs(tiny);
        assertThat(Providers.statusesFor(List.of(broken), CONFIG).get(0).availability().reason())
                .contains("boom");
    }

    @Test
    void serviceLoaderFindsRegisteredProviders() {
        assertThat(Providers.load(DetectorProvider.class)).extracting(StageProvider::name)
                .contains("listed-test-detector");
        assertThat(Providers.select(DetectorProvider.class, "listed-test-detector", CONFIG))
                .isInstanceOf(ListedProvider.class);
        assertThat(Providers.list(DetectorProvider.class, CONFIG)).extracting(Providers.Status::name)
                .contains("listed-test-detector");
    }

    @Test
    void devicesParse() {
        assertThat(Device.parse("cpu")).isEqualTo(Device.CPU);
        assertThat(Device.parse("CUDA:1")).isEqualTo(Device.cuda(1));
        assertThat(Device.parse("cuda")).isEqualTo(Device.cuda(0));
        assertThatThrownBy(() -> Device.parse("tpu")).hasMessageContaining("'tpu'");
        assertThatThrownBy(() -> Device.parse("cuda:-1")).hasMessageContaining("-1");
    }

    @Test
    void configOptionsParseAndNameBadValues() {
        ProviderConfig c = ProviderConfig.builder().option("t", "0.5").option("n", "x").build();
        assertThat(c.doubleOption("t")).hasValue(0.5);
        assertThatThrownBy(() -> c.intOption("n")).hasMessageContaining("option n").hasMessageContaining("'x'");
        assertThat(c.toString()).doesNotContain("0.5");
        assertThatThrownBy(() -> ProviderConfig.builder().threads(-1).build()).hasMessageContaining("-1");
    }
}

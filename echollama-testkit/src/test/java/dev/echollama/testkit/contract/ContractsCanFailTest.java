package dev.echollama.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.echollama.BadInputException;
import dev.echollama.image.RgbImage;
import dev.echollama.language.Generation;
import dev.echollama.language.LanguageRequest;
import dev.echollama.language.SceneLanguageModel;
import dev.echollama.language.TokenSink;
import dev.echollama.spi.Availability;
import dev.echollama.spi.ProviderConfig;
import dev.echollama.spi.StageProvider;
import dev.echollama.testkit.fakes.FakeDetector;
import dev.echollama.testkit.fakes.FakeLanguageModel;
import dev.echollama.vision.BoundingBox;
import dev.echollama.vision.Detection;
import dev.echollama.vision.Detector;
import dev.echollama.vision.DetectorProvider;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * Runs the contracts against deliberately broken stages and providers (the static nested classes below, which
 * Surefire does not run on its own) and checks that exactly the check aimed at each defect fails. A contract that
 * cannot fail would prove nothing.
 */
class ContractsCanFailTest {

    /** The methods of {@code testClass} whose tests failed, when run through the Jupiter engine. */
    private static Set<String> failedTests(Class<?> testClass) {
        Set<String> failed = new TreeSet<>();
        Set<String> succeeded = new TreeSet<>();
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute().testEvents().finished()
                .stream().forEach(e -> {
                    String method = methodName(e);
                    TestExecutionResult.Status s = e.getRequiredPayload(TestExecutionResult.class).getStatus();
                    if (s == TestExecutionResult.Status.FAILED) {
                        failed.add(method);
                    } else if (s == TestExecutionResult.Status.SUCCESSFUL) {
                        succeeded.add(method);
                    }
                });
        assertThat(failed.size() + succeeded.size()).as("tests run in %s", testClass.getSimpleName())
                .isGreaterThan(3);
        return failed;
    }

    private static String methodName(Event e) {
        return e.getTestDescriptor().getSource()
                .filter(MethodSource.class::isInstance)
                .map(s -> ((MethodSource) s).getMethodName())
                .orElse(e.getTestDescriptor().getDisplayName());
    }

    @Test
    void aStageUsableAfterCloseFailsOnlyThatCheck() {
        assertThat(failedTests(UsableAfterClose.class)).containsExactly("useAfterCloseThrowsIllegalStateException");
    }

    @Test
    void aSecondCloseThatThrowsFailsOnlyThatCheck() {
        assertThat(failedTests(CloseTwiceThrows.class)).containsExactly("closeIsIdempotent");
    }

    @Test
    void acceptingBadInputFailsOnlyThatCheck() {
        assertThat(failedTests(AcceptsBadInput.class)).containsExactly("invalidInputThrowsBadInputException");
    }

    @Test
    void acceptingNullFailsOnlyThatCheck() {
        assertThat(failedTests(AcceptsNull.class)).containsExactly("nullInputIsRefusedClearly");
    }

    @Test
    void anAccidentalNullPointerExceptionIsNotAClearRefusal() {
        assertThat(failedTests(DereferencesNull.class)).containsExactly("nullInputIsRefusedClearly");
    }

    @Test
    void aStageThatIsNotThreadSafeFailsTheConcurrencyCheck() {
        assertThat(failedTests(NotThreadSafe.class)).containsExactly("concurrentCallsGiveTheSerialResult");
    }

    @Test
    void aDetectorThatCrashesOnAThinStripFailsOnlyTheAwkwardFileCheck() {
        assertThat(failedTests(CrashesOnAStrip.class)).containsExactly("awkwardImageFilesGiveAResultOrAClearError");
    }

    @Test
    void unsortedDetectionsFailTheOrderCheck() {
        assertThat(failedTests(Unsorted.class)).containsExactly("detectionsComeBestFirst");
    }

    @Test
    void aModelThatIgnoresCancellationFailsThatCheck() {
        assertThat(failedTests(IgnoresCancellation.class)).containsExactly("cancellingSinkStopsGeneration");
    }

    @Test
    void providerDefectsFailTheirChecks() {
        assertThat(failedTests(BadProvider.class)).containsExactly("availabilityNeverThrowsEvenWithABrokenConfig",
                "isRegisteredAsAService", "nameIsNonBlankLowerCase");
    }

    // ------------------------------------------------------------------ broken cases

    private static final List<Detection> FOUND = List.of(
            new Detection("person", 0.99, new BoundingBox(0.6, 0.2, 0.8, 0.9)),
            new Detection("chair", 0.95, new BoundingBox(0.1, 0.5, 0.3, 0.9)));

    /** A detector made of parts, each of which can be wrong. */
    private static class ConfigurableDetector implements Detector {
        final AtomicBoolean closed = new AtomicBoolean();
        boolean checksClosed = true;
        boolean throwsOnSecondClose;
        boolean checksSize = true;
        boolean checksNull = true;

        @Override
        public List<Detection> detect(RgbImage image) {
            if (checksClosed && closed.get()) {
                throw new IllegalStateException("closed");
            }
            if (checksNull && image == null) {
                throw new BadInputException("image is null");
            }
            if (checksSize && image.width() < 2) {
                throw new BadInputException("too small");
            }
            return FOUND;
        }

        @Override
        public void close() {
            if (!closed.compareAndSet(false, true) && throwsOnSecondClose) {
                throw new IllegalStateException("already closed");
            }
        }
    }

    abstract static class BrokenDetectorCase extends DetectorContract {
        abstract Detector make();

        @Override
        protected Detector createStage() {
            return make();
        }

        @Override
        protected RgbImage validInput() {
            return RgbImage.of(4, 4, new byte[48]);
        }

        @Override
        protected Optional<RgbImage> invalidInput() {
            return Optional.of(RgbImage.of(1, 1, new byte[3]));
        }
    }

    static class UsableAfterClose extends BrokenDetectorCase {
        @Override
        Detector make() {
            ConfigurableDetector d = new ConfigurableDetector();
            d.checksClosed = false;
            return d;
        }
    }

    static class CloseTwiceThrows extends BrokenDetectorCase {
        @Override
        Detector make() {
            ConfigurableDetector d = new ConfigurableDetector();
            d.throwsOnSecondClose = true;
            return d;
        }
    }

    static class AcceptsBadInput extends BrokenDetectorCase {
        @Override
        Detector make() {
            ConfigurableDetector d = new ConfigurableDetector();
            d.checksSize = false;
            return d;
        }
    }

    static class AcceptsNull extends BrokenDetectorCase {
        @Override
        Detector make() {
            return new ConfigurableDetector() {
                @Override
                public List<Detection> detect(RgbImage image) {
                    return image == null ? List.of() : super.detect(image);
                }
            };
        }
    }

    static class DereferencesNull extends BrokenDetectorCase {
        @Override
        Detector make() {
            ConfigurableDetector d = new ConfigurableDetector();
            d.checksNull = false; // image.width() then throws the JVM's "Cannot invoke ..." NPE
            return d;
        }
    }

    /** Fails as java.awt does when a resize rounds a side to 0 pixels: an accident, not a refusal. */
    static class CrashesOnAStrip extends BrokenDetectorCase {
        @Override
        Detector make() {
            return new ConfigurableDetector() {
                @Override
                public List<Detection> detect(RgbImage image) {
                    if (image != null && image.height() == 1 && image.width() > 1) {
                        throw new IllegalArgumentException("Width (416) and height (0) cannot be <= 0");
                    }
                    return super.detect(image);
                }
            };
        }
    }

    /** Keeps per-call state in a shared field: overlapping calls see each other's state. */
    static class NotThreadSafe extends BrokenDetectorCase {
        @Override
        Detector make() {
            return new ConfigurableDetector() {
                private final AtomicInteger inFlight = new AtomicInteger();

                @Override
                public List<Detection> detect(RgbImage image) {
                    List<Detection> ok = super.detect(image);
                    boolean overlapped = inFlight.incrementAndGet() > 1;
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    overlapped |= inFlight.get() > 1;
                    inFlight.decrementAndGet();
                    return overlapped ? ok.subList(0, 1) : ok;
                }
            };
        }
    }

    static class Unsorted extends BrokenDetectorCase {
        @Override
        Detector make() {
            return new ConfigurableDetector() {
                @Override
                public List<Detection> detect(RgbImage image) {
                    return List.of(super.detect(image).get(1), super.detect(image).get(0));
                }
            };
        }
    }

    /** Wraps a correct fake but hides cancellation from it. */
    static class IgnoresCancellation extends SceneLanguageModelContract {
        @Override
        protected SceneLanguageModel createStage() {
            FakeLanguageModel inner = FakeLanguageModel.replying("One two three four five six.");
            return new SceneLanguageModel() {
                @Override
                public Generation generate(LanguageRequest request, TokenSink sink) {
                    if (sink == null) {
                        throw new BadInputException("sink is null");
                    }
                    return inner.generate(request, sink::onToken);
                }

                @Override
                public int countTokens(String text) {
                    return inner.countTokens(text);
                }

                @Override
                public int contextLength() {
                    return inner.contextLength();
                }

                @Override
                public void close() {
                    inner.close();
                }
            };
        }

        @Override
        protected LanguageRequest validInput() {
            return Inputs.request("Describe this place.");
        }

        @Override
        protected Optional<LanguageRequest> invalidInput() {
            return Optional.empty();
        }
    }

    /** Upper-case name, availability that throws on a missing model folder, and no services entry. */
    static class BadProvider extends ProviderContract {
        @Override
        protected StageProvider<?> provider() {
            return new DetectorProvider() {
                @Override
                public String name() {
                    return "YoloX";
                }

                @Override
                public int priority() {
                    return 1;
                }

                @Override
                public Availability availability(ProviderConfig config) {
                    config.requireModel("yolox-nano"); // throws ModelMissingException: not allowed here
                    return Availability.yes();
                }

                @Override
                public Detector create(ProviderConfig config) {
                    return FakeDetector.returning();
                }
            };
        }
    }
}

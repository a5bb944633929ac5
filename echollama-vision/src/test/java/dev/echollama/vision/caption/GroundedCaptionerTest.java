package dev.echollama.vision.caption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.echollama.BadInputException;
import dev.echollama.image.RgbImage;
import dev.echollama.spi.ProviderConfig;
import dev.echollama.spi.Providers;
import dev.echollama.vision.BoundingBox;
import dev.echollama.vision.CaptionRequest;
import dev.echollama.vision.Captioner;
import dev.echollama.vision.CaptionerProvider;
import dev.echollama.vision.DepthMap;
import dev.echollama.vision.Detection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class GroundedCaptionerTest {
    private static final RgbImage IMAGE = RgbImage.of(30, 30, new byte[30 * 30 * 3]);

    private static final Detection DOG = det("dog", 0.97, 0.05, 0.5, 0.30, 0.95);
    private static final Detection BICYCLE = det("bicycle", 0.95, 0.35, 0.2, 0.65, 0.8);
    private static final Detection TRUCK = det("truck", 0.92, 0.70, 0.05, 0.95, 0.3);

    private static Detection det(String label, double score, double x1, double y1, double x2, double y2) {
        return new Detection(label, score, new BoundingBox(x1, y1, x2, y2));
    }

    /** Depth that depends on the column only: 10 in the left third, 5.5 in the centre, 1 in the right third. */
    private static DepthMap columns(DepthMap.Convention convention) {
        float[] v = new float[30 * 30];
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 30; x++) {
                v[y * 30 + x] = x < 10 ? 10f : x < 20 ? 5.5f : 1f;
            }
        }
        return DepthMap.of(30, 30, v, convention);
    }

    private static String caption(List<Detection> dets, Optional<DepthMap> depth) {
        return caption(0, dets, depth);
    }

    private static String caption(double threshold, List<Detection> dets, Optional<DepthMap> depth) {
        try (Captioner c = new GroundedCaptioner(threshold)) {
            return c.caption(new CaptionRequest(IMAGE, dets, depth)).text();
        }
    }

    @Test
    void sidesAndDistancesFromInverseDepth() {
        // Inverse depth: 10 is the nearest value of the map (z 0), 5.5 the middle (z 0.5), 1 the farthest (z 1).
        assertThat(caption(List.of(TRUCK, DOG, BICYCLE), Optional.of(columns(DepthMap.Convention.RELATIVE_INVERSE_DEPTH))))
                .isEqualTo("There is a dog close by on the lower left, a bicycle at middle distance in the centre and "
                        + "a truck far away on the upper right.");
    }

    @Test
    void depthConventionDecidesWhichWayIsNear() {
        // The same numbers read as plain depth: larger is farther, so the truck is now the nearest.
        assertThat(caption(List.of(DOG, BICYCLE, TRUCK), Optional.of(columns(DepthMap.Convention.RELATIVE_DEPTH))))
                .isEqualTo("There is a truck close by on the upper right, a bicycle at middle distance in the centre"
                        + " and a dog far away on the lower left.");
    }

    @Test
    void withoutDepthThereAreNoDistanceWords() {
        assertThat(caption(List.of(TRUCK, BICYCLE, DOG), Optional.empty()))
                .isEqualTo("There is a dog on the lower left, a bicycle in the centre and a truck on the upper right.");
    }

    @Test
    void flatDepthMapGivesNoDistanceWords() {
        DepthMap flat = DepthMap.of(2, 2, new float[] {3, 3, 3, 3}, DepthMap.Convention.RELATIVE_INVERSE_DEPTH);
        assertThat(caption(List.of(DOG), Optional.of(flat))).isEqualTo("There is a dog on the lower left.");
    }

    @Test
    void countsWithNumberWordsAndSplitsALabelOverPlaces() {
        List<Detection> dets = List.of(
                det("person", 0.99, 0.00, 0.1, 0.10, 0.9),
                det("person", 0.98, 0.15, 0.1, 0.30, 0.9),
                det("person", 0.97, 0.80, 0.1, 0.95, 0.9),
                det("dog", 0.96, 0.40, 0.6, 0.60, 0.9));
        assertThat(caption(dets, Optional.empty()))
                .isEqualTo("There are three people, two on the left and one on the right; and a dog in the lower "
                        + "centre.");
    }

    @Test
    void sameLabelSamePlaceIsOneCountedGroup() {
        List<Detection> dets = List.of(
                det("person", 0.99, 0.00, 0.1, 0.10, 0.9),
                det("person", 0.98, 0.15, 0.1, 0.30, 0.9));
        assertThat(caption(dets, Optional.empty())).isEqualTo("There are two people on the left.");
    }

    @Test
    void irregularNounsAndArticles() {
        List<Detection> dets = List.of(
                det("skis", 0.99, 0.0, 0.0, 0.2, 0.2),
                det("umbrella", 0.99, 0.4, 0.0, 0.6, 0.2),
                det("tv", 0.99, 0.8, 0.0, 0.9, 0.2),
                det("tv", 0.99, 0.9, 0.0, 1.0, 0.2));
        assertThat(caption(dets, Optional.empty()))
                .isEqualTo("There is a pair of skis on the upper left, an umbrella in the upper centre and two TVs on"
                        + " the upper right.");
    }

    @Test
    void labelsAtOnePlaceShareItAndMoreThanThreePhrasesMakeASecondSentence() {
        List<Detection> dets = List.of(
                det("bus", 0.99, 0.0, 0.4, 0.2, 0.6),
                det("car", 0.99, 0.1, 0.4, 0.3, 0.6),
                det("cat", 0.99, 0.0, 0.8, 0.2, 1.0),
                det("bench", 0.99, 0.4, 0.4, 0.5, 0.6),
                det("bench", 0.99, 0.5, 0.4, 0.6, 0.6),
                det("mouse", 0.99, 0.8, 0.4, 1.0, 0.6));
        assertThat(caption(dets, Optional.empty()))
                .isEqualTo("There are a bus and a car on the left, a cat on the lower left and two benches in the "
                        + "centre. There is also a mouse on the right.");
    }

    @Test
    void aPlaceIsSaidOnceEvenWhenALabelAtSeveralPlacesSortsBetween() {
        List<Detection> dets = List.of(
                det("bus", 0.99, 0.0, 0.4, 0.2, 0.6),
                det("car", 0.99, 0.1, 0.4, 0.3, 0.6),
                det("car", 0.99, 0.8, 0.4, 1.0, 0.6),
                det("dog", 0.99, 0.1, 0.4, 0.2, 0.6));
        assertThat(caption(dets, Optional.empty()))
                .isEqualTo("There are a bus and a dog on the left; and two cars, one on the left and one on the "
                        + "right.");
    }

    @Test
    void upperAndLowerOnlyForBoxCentresInTheTopOrBottomThird() {
        // Centres at y 0.32 and 0.68 are in the outer thirds; 0.34 and 0.66 (and a standing person spanning the
        // image) are not, and get no height word.
        assertThat(caption(List.of(det("cup", 0.9, 0.4, 0.30, 0.6, 0.34)), Optional.empty()))
                .isEqualTo("There is a cup in the upper centre.");
        assertThat(caption(List.of(det("cup", 0.9, 0.4, 0.66, 0.6, 0.70)), Optional.empty()))
                .isEqualTo("There is a cup in the lower centre.");
        assertThat(caption(List.of(det("cup", 0.9, 0.4, 0.32, 0.6, 0.36)), Optional.empty()))
                .isEqualTo("There is a cup in the centre.");
        assertThat(caption(List.of(det("cup", 0.9, 0.4, 0.64, 0.6, 0.68)), Optional.empty()))
                .isEqualTo("There is a cup in the centre.");
        assertThat(caption(List.of(det("person", 0.9, 0.4, 0.05, 0.6, 0.95)), Optional.empty()))
                .isEqualTo("There is a person in the centre.");
    }

    @Test
    void emptySceneSaysNothingWasDetectedNotThatThePlaceIsEmpty() {
        assertThat(caption(List.of(), Optional.empty())).isEqualTo(GroundedCaptioner.NOTHING_DETECTED)
                .isEqualTo("No objects were detected with enough confidence to describe.");
    }

    @Test
    void detectionsUnderTheThresholdAreLeftOut() {
        Detection weakCat = det("cat", 0.5, 0.4, 0.4, 0.6, 0.6);
        assertThat(caption(0.9, List.of(weakCat, DOG), Optional.empty()))
                .isEqualTo("There is a dog on the lower left.");
        assertThat(caption(0.9, List.of(weakCat), Optional.empty())).isEqualTo(GroundedCaptioner.NOTHING_DETECTED);
        // The matrix's float tolerance: a detector's 0.9f counts as 0.90.
        assertThat(caption(0.9, List.of(det("cat", 0.9f, 0.4, 0.4, 0.6, 0.6)), Optional.empty()))
                .isEqualTo("There is a cat in the centre.");
    }

    private static final List<String> COCO = List.of("person", "bicycle", "car", "motorcycle", "airplane", "bus",
            "train", "truck", "boat", "traffic light", "dog", "cat", "horse", "sheep", "cow", "chair", "couch",
            "potted plant", "dining table", "tv", "laptop", "mouse", "knife", "skis", "scissors", "broccoli");

    /** Every COCO class named in the text was detected, and every detected class is named. */
    @Test
    void namesExactlyTheDetectedClassesOnRandomScenes() {
        Random r = new Random(42);
        for (int trial = 0; trial < 500; trial++) {
            List<Detection> dets = new ArrayList<>();
            int n = r.nextInt(8);
            for (int i = 0; i < n; i++) {
                double x = r.nextDouble() * 0.9;
                double y = r.nextDouble() * 0.9;
                dets.add(det(COCO.get(r.nextInt(COCO.size())), 0.5 + r.nextDouble() / 2, x, y, x + 0.1, y + 0.1));
            }
            Optional<DepthMap> depth = r.nextBoolean() ? Optional.empty()
                    : Optional.of(columns(DepthMap.Convention.RELATIVE_INVERSE_DEPTH));
            String text = caption(dets, depth);
            List<String> detected = dets.stream().map(Detection::label).distinct().toList();
            for (String label : COCO) {
                boolean mentioned = mentions(text, label);
                assertThat(mentioned).as("'%s' in \"%s\" (detected %s)", label, text, detected)
                        .isEqualTo(detected.contains(label));
            }
            assertThat(text).endsWith(".");
            assertThat(text.split("\\. ")).hasSizeLessThanOrEqualTo(2);
            if (depth.isEmpty()) {
                assertThat(text).doesNotContain("close by", "middle distance", "far away");
            }
        }
    }

    private static boolean mentions(String text, String label) {
        String t = text.toLowerCase();
        String[] forms = switch (label) {
            case "person" -> new String[] {"person", "people"};
            case "mouse" -> new String[] {"mouse", "mice"};
            case "knife" -> new String[] {"knife", "knives"};
            case "tv" -> new String[] {"tv", "tvs"};
            default -> new String[] {label, label + "s", label + "es"};
        };
        for (String f : forms) {
            Matcher m = Pattern.compile("\\b" + Pattern.quote(f) + "\\b").matcher(t);
            if (m.find()) {
                return true;
            }
        }
        return false;
    }

    @Test
    void closeIsIdempotentAndUseAfterCloseFails() {
        Captioner c = new GroundedCaptioner(0);
        assertThat(c.usesEvidence()).isTrue();
        c.close();
        c.close();
        assertThatThrownBy(() -> c.caption(CaptionRequest.of(IMAGE))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void providerIsFoundAlwaysAvailableAndLowestPriority() {
        ProviderConfig config = ProviderConfig.defaults();
        CaptionerProvider p = Providers.select(CaptionerProvider.class, "grounded", config);
        assertThat(p.availability(config).available()).isTrue();
        assertThat(p.priority()).isBetween(0, 9);
        try (Captioner c = p.create(config.toBuilder().option("grounded.threshold", "0.9").build())) {
            assertThat(c.caption(new CaptionRequest(IMAGE, List.of(det("cat", 0.5, 0, 0, 1, 1)), Optional.empty()))
                    .source()).isEqualTo("grounded");
        }
        assertThatThrownBy(() -> p.create(config.toBuilder().option("grounded.threshold", "2").build()))
                .isInstanceOf(BadInputException.class).hasMessageContaining("grounded.threshold");
    }

    @Test
    void concurrentCallsGiveTheSameText() throws Exception {
        try (Captioner c = new GroundedCaptioner(0)) {
            CaptionRequest req = new CaptionRequest(IMAGE, List.of(DOG, BICYCLE, TRUCK),
                    Optional.of(columns(DepthMap.Convention.RELATIVE_INVERSE_DEPTH)));
            String expected = c.caption(req).text();
            List<Thread> threads = new ArrayList<>();
            List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int i = 0; i < 4; i++) {
                Thread t = new Thread(() -> {
                    for (int k = 0; k < 200; k++) {
                        seen.add(c.caption(req).text());
                    }
                });
                threads.add(t);
                t.start();
            }
            for (Thread t : threads) {
                t.join();
            }
            assertThat(seen).hasSize(800).containsOnly(expected);
        }
    }
}

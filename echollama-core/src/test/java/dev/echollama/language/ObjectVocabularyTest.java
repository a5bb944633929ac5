package dev.echollama.language;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class ObjectVocabularyTest {
    private final ObjectVocabulary v = ObjectVocabulary.coco();

    @Test
    void everyCocoLabelAndItsPluralMapsToItself() {
        assertThat(v.labels()).hasSize(80);
        for (String l : v.labels()) {
            assertThat(v.label(l)).as(l).contains(l);
            assertThat(v.label(ObjectVocabulary.plural(l))).as(l).contains(l);
        }
    }

    @Test
    void darknetNamesFileMapsToCocoLabels() throws Exception {
        Path names = Path.of(System.getProperty("echollama.shared", "../shared"), "models/detection/coco80.names");
        Assumptions.assumeTrue(Files.exists(names), "skipped: " + names.toAbsolutePath() + " is absent");
        List<String> lines = Files.readAllLines(names).stream().filter(s -> !s.isBlank()).toList();
        assertThat(lines).hasSize(80);
        for (int i = 0; i < 80; i++) {
            assertThat(v.label(lines.get(i))).as(lines.get(i)).contains(ObjectVocabulary.COCO_LABELS.get(i));
        }
    }

    @Test
    void synonyms() {
        assertThat(v.label("People")).contains("person");
        assertThat(v.label("kids")).contains("person");
        assertThat(v.label("TV")).contains("tv");
        assertThat(v.label("television")).contains("tv");
        assertThat(v.label("sofa")).contains("couch");
        assertThat(v.label("bike")).contains("bicycle");
        assertThat(v.label("motorbike")).contains("motorcycle");
        assertThat(v.label("lorry")).contains("truck");
        assertThat(v.label("puppies")).contains("dog");
        assertThat(v.label("kitten")).contains("cat");
        assertThat(v.label("mug")).contains("cup");
        assertThat(v.label("hot-dog")).contains("hot dog");
        assertThat(v.label("tree")).isEqualTo(Optional.empty());
    }

    @Test
    void plurals() {
        assertThat(ObjectVocabulary.plural("person")).isEqualTo("people");
        assertThat(ObjectVocabulary.plural("bus")).isEqualTo("buses");
        assertThat(ObjectVocabulary.plural("bench")).isEqualTo("benches");
        assertThat(ObjectVocabulary.plural("knife")).isEqualTo("knives");
        assertThat(ObjectVocabulary.plural("puppy")).isEqualTo("puppies");
        assertThat(ObjectVocabulary.plural("sheep")).isEqualTo("sheep");
        assertThat(ObjectVocabulary.plural("cell phone")).isEqualTo("cell phones");
        assertThat(ObjectVocabulary.plural("wine glass")).isEqualTo("wine glasses");
        assertThat(ObjectVocabulary.plural("TV")).isEqualTo("TVs");
        assertThat(ObjectVocabulary.plural("toy")).isEqualTo("toys");
    }

    @Test
    void mentionsCarryPositionsAndNegation() {
        String text = "Two Traffic Lights, but no cats.";
        List<ObjectVocabulary.Mention> ms = v.mentions(text);
        assertThat(ms).hasSize(2);
        assertThat(ms.get(0)).isEqualTo(new ObjectVocabulary.Mention("traffic light", "traffic lights", 4, 18,
                false));
        assertThat(text.substring(ms.get(1).start(), ms.get(1).end())).isEqualTo("cats");
        assertThat(ms.get(1).negated()).isTrue();
    }
}

package dev.echollama.asr.whisper;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SeamMergerTest {

    static String merge(String a, String b) {
        List<String> x = SeamMerger.words(a);
        List<String> y = SeamMerger.words(b);
        SeamMerger.Seam s = SeamMerger.seam(x, y);
        return (String.join(" ", x.subList(0, s.keepEarlier())) + " "
                + String.join(" ", y.subList(s.dropLater(), y.size()))).strip();
    }

    @Test
    void theSharedRunIsKeptOnceAndTheCutWordsAroundItAreDropped() {
        // The first window ends mid-word ("wa"), the second starts mid-word ("ing"); both heard "next to a" whole.
        assertThat(merge("There is a dog sitting next to a bicycle wa", "ing next to a bicycle wall in the sun"))
                .isEqualTo("There is a dog sitting next to a bicycle wall in the sun");
    }

    @Test
    void caseAndPunctuationDoNotMatter() {
        assertThat(merge("He was not an ill-disposed young man,", "Young man, unless to be rather cold"))
                .isEqualTo("He was not an ill-disposed young man, unless to be rather cold");
    }

    @Test
    void oneCommonWordIsNotEnough() {
        assertThat(merge("I saw the cat", "the bus left")).isEqualTo("I saw the cat the bus left");
    }

    @Test
    void emptySidesAreKept() {
        assertThat(merge("", "hello there")).isEqualTo("hello there");
        assertThat(merge("hello there", "")).isEqualTo("hello there");
    }

    @Test
    void theLatestRunInTheEarlierTextWins() {
        // "to the" occurs twice in the earlier text; the seam is at the later occurrence.
        assertThat(merge("go to the shop and then to the", "to the park"))
                .isEqualTo("go to the shop and then to the park");
    }
}

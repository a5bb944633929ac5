package dev.echollama.asr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Every expected count here is worked out by hand. */
class WordErrorRateTest {

    @Test
    void identicalTextsHaveNoErrors() {
        assertThat(WordErrorRate.of("he was not an ill disposed young man", "he was not an ill disposed young man"))
                .isEqualTo(new WordErrorRate(0, 0, 0, 8));
    }

    @Test
    void normalisationIgnoresCasePunctuationAndHyphens() {
        assertThat(WordErrorRate.compute("He was not an ill-disposed young man.", "he was NOT an ill disposed, young man"))
                .isZero();
        assertThat(WordErrorRate.words("Don't  stop—it's 5 o'clock! 'quoted'"))
                .containsExactly("don't", "stop", "it's", "5", "o'clock", "quoted");
    }

    @Test
    void oneSubstitution() {
        // reference 8 words; "itself" for "himself": 1/8
        WordErrorRate w = WordErrorRate.of("he might even have been made amiable himself",
                "he might even have been made amiable itself");
        assertThat(w).isEqualTo(new WordErrorRate(1, 0, 0, 8));
        assertThat(w.rate()).isEqualTo(0.125);
    }

    @Test
    void deletionsAndInsertions() {
        // "a b c d" -> "a c d e": b deleted, e inserted (2 edits; 2 substitutions would also be 2, but the
        // alignment a=a, c=c, d=d keeps three matches)
        WordErrorRate w = WordErrorRate.of("a b c d", "a c d e");
        assertThat(w.errors()).isEqualTo(2);
        assertThat(w.rate()).isEqualTo(0.5);
        assertThat(w.substitutions() + w.deletions() + w.insertions()).isEqualTo(2);
        assertThat(WordErrorRate.of("a b c", "")).isEqualTo(new WordErrorRate(0, 3, 0, 3));
        assertThat(WordErrorRate.of("a", "x y z")).isEqualTo(new WordErrorRate(1, 0, 2, 1));
        assertThat(WordErrorRate.compute("a", "x y z")).isEqualTo(3.0);
    }

    @Test
    void aRealisticSphinxHypothesis() {
        // ref (14 words): unless to be rather cold hearted and rather selfish is to be ill disposed
        // hyp (13 words): calista be rather cold hearted and rather selfish is to the oldest those
        // alignment: unless->calista (S), to (D), be..to match (9 words), be->the (S), ill->oldest (S),
        // disposed->those (S): 4 S + 1 D = 5 errors / 14
        WordErrorRate w = WordErrorRate.of(
                "unless to be rather cold hearted and rather selfish is to be ill disposed",
                "calista be rather cold hearted and rather selfish is to the oldest those");
        assertThat(w.errors()).isEqualTo(5);
        assertThat(w.referenceWords()).isEqualTo(14);
        assertThat(w.rate()).isCloseTo(5 / 14.0, within(1e-12));
    }

    @Test
    void emptyReference() {
        assertThat(WordErrorRate.compute("", "")).isZero();
        assertThat(WordErrorRate.compute(null, " ")).isZero();
        assertThat(WordErrorRate.compute("", "noise")).isInfinite();
    }

    @Test
    void corpusRateWeightsByLength() {
        WordErrorRate total = WordErrorRate.of("a b c d", "a b c x").plus(WordErrorRate.of("e f", "e f"));
        assertThat(total).isEqualTo(new WordErrorRate(1, 0, 0, 6));
        assertThat(total.rate()).isCloseTo(1 / 6.0, within(1e-12));
    }
}

package dev.echollama.tts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NumberWordsTest {

    @Test
    void cardinals() {
        assertThat(NumberWords.cardinal(0)).isEqualTo("zero");
        assertThat(NumberWords.cardinal(19)).isEqualTo("nineteen");
        assertThat(NumberWords.cardinal(20)).isEqualTo("twenty");
        assertThat(NumberWords.cardinal(99)).isEqualTo("ninety nine");
        assertThat(NumberWords.cardinal(101)).isEqualTo("one hundred one");
        assertThat(NumberWords.cardinal(1010)).isEqualTo("one thousand ten");
        assertThat(NumberWords.cardinal(1_000_100)).isEqualTo("one million one hundred");
        assertThat(NumberWords.cardinal(-42)).isEqualTo("minus forty two");
        assertThat(NumberWords.cardinal(Long.MAX_VALUE)).isEqualTo("nine quintillion two hundred twenty three "
                + "quadrillion three hundred seventy two trillion thirty six billion eight hundred fifty four million "
                + "seven hundred seventy five thousand eight hundred seven");
        assertThat(NumberWords.cardinal(Long.MIN_VALUE)).startsWith("minus nine two two three");
    }

    @Test
    void ordinals() {
        assertThat(NumberWords.ordinal(1)).isEqualTo("first");
        assertThat(NumberWords.ordinal(2)).isEqualTo("second");
        assertThat(NumberWords.ordinal(3)).isEqualTo("third");
        assertThat(NumberWords.ordinal(5)).isEqualTo("fifth");
        assertThat(NumberWords.ordinal(8)).isEqualTo("eighth");
        assertThat(NumberWords.ordinal(9)).isEqualTo("ninth");
        assertThat(NumberWords.ordinal(11)).isEqualTo("eleventh");
        assertThat(NumberWords.ordinal(20)).isEqualTo("twentieth");
        assertThat(NumberWords.ordinal(42)).isEqualTo("forty second");
        assertThat(NumberWords.ordinal(1000)).isEqualTo("one thousandth");
        assertThat(NumberWords.ordinal(0)).isEqualTo("zeroth");
    }

    @Test
    void digitRuns() {
        assertThat(NumberWords.integer("0")).isEqualTo("zero");
        assertThat(NumberWords.integer("05")).isEqualTo("zero five");
        assertThat(NumberWords.digits("1a2")).isEqualTo("one two");
    }
}

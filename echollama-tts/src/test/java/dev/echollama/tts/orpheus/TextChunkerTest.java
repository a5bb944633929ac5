package dev.echollama.tts.orpheus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextChunkerTest {
    /** One token per word, a stand-in tokenizer that makes the expected cuts countable by eye. */
    private static int words(String s) {
        return s.isBlank() ? 0 : s.strip().split("\\s+").length;
    }

    @Test
    void shortSentencesAreOnePieceEach() {
        TextChunker c = new TextChunker(TextChunkerTest::words, 10);
        assertThat(c.chunks("The bus is on the left. Two people walk in front of it! Is it busy?"))
                .containsExactly("The bus is on the left.", "Two people walk in front of it!", "Is it busy?");
    }

    @Test
    void blankTextGivesNoPiece() {
        assertThat(new TextChunker(TextChunkerTest::words, 10).chunks("  \n ")).isEmpty();
    }

    @Test
    void aLongSentenceIsCutAtClausesThenBetweenWords() {
        TextChunker c = new TextChunker(TextChunkerTest::words, 5);
        List<String> pieces = c.chunks("On your left, a red bicycle leans against the yellow wall, and a dog sits "
                + "in front of it.");
        assertThat(pieces).containsExactly("On your left,", "a red bicycle leans against", "the yellow wall,",
                "and a dog sits in", "front of it.");
        assertThat(pieces).allSatisfy(p -> assertThat(words(p)).isLessThanOrEqualTo(5));
    }

    @Test
    void aSingleWordOverTheCapIsCutBetweenCharacters() {
        TextChunker c = new TextChunker(String::length, 4);
        assertThat(c.chunks("abcdefghij")).containsExactly("abcd", "efgh", "ij");
    }

    @Test
    void emotionTagsStayWhole() {
        TextChunker c = new TextChunker(TextChunkerTest::words, 3);
        assertThat(c.chunks("Oh no <sigh> the door is locked.")).containsExactly("Oh no <sigh>", "the door is",
                "locked.");
    }
}

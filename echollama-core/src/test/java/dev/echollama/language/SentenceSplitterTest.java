package dev.echollama.language;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.echollama.BadInputException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SentenceSplitterTest {

    @Test
    void splitsAtFullStopsQuestionAndExclamationMarks() {
        assertThat(SentenceSplitter.split("There is a chair. Is it free? Yes!"))
                .containsExactly("There is a chair.", "Is it free?", "Yes!");
    }

    @Test
    void titlesAndLatinAbbreviationsDoNotEndSentences() {
        assertThat(SentenceSplitter.split("Dr. Smith and Mr. Jones live on St. Mark Street. "
                + "Bring something, e.g. a cup, i.e. anything. Chairs, tables, etc. are here. "
                + "Books, lamps, etc. The window is open."))
                .containsExactly("Dr. Smith and Mr. Jones live on St. Mark Street.",
                        "Bring something, e.g. a cup, i.e. anything.",
                        "Chairs, tables, etc. are here.",
                        "Books, lamps, etc.",
                        "The window is open.");
    }

    @Test
    void latinAbbreviationBeforeACapitalStillDoesNotEnd() {
        assertThat(SentenceSplitter.split("Some fruit, e.g. Apples and pears. Done."))
                .containsExactly("Some fruit, e.g. Apples and pears.", "Done.");
    }

    @Test
    void decimalsAreNotSentenceEnds() {
        assertThat(SentenceSplitter.split("The door is 3.5 m away. The table is 0.75 m high."))
                .containsExactly("The door is 3.5 m away.", "The table is 0.75 m high.");
    }

    @Test
    void ellipsisEndsOnlyBeforeACapital() {
        assertThat(SentenceSplitter.split("Wait... there is more. Look… A dog!"))
                .containsExactly("Wait... there is more.", "Look…", "A dog!");
    }

    @Test
    void quotesAndBracketsAfterTheFullStopStayWithTheSentence() {
        assertThat(SentenceSplitter.split("The sign says \"Exit.\" The door (on the left.) is open. "
                + "She said 'Stop!' Then \"Why?\" she asked."))
                .containsExactly("The sign says \"Exit.\"", "The door (on the left.) is open.",
                        "She said 'Stop!'", "Then \"Why?\" she asked.");
    }

    @Test
    void lineBreaksEndSentencesAndListMarkersDoNot() {
        assertThat(SentenceSplitter.split("Objects:\n1. The door\n2. A chair. It is red.\n\n- Lamp"))
                .containsExactly("Objects:", "1. The door", "2. A chair.", "It is red.", "- Lamp");
    }

    @Test
    void initialsDoNotEndSentences() {
        assertThat(SentenceSplitter.split("A book by J. R. Tolkien lies there. Nothing else."))
                .containsExactly("A book by J. R. Tolkien lies there.", "Nothing else.");
    }

    @Test
    void unpunctuatedTailIsTheLastSentenceAtEndOfStream() {
        SentenceSplitter s = new SentenceSplitter();
        assertThat(s.push("A chair stands by the door. A lamp")).containsExactly("A chair stands by the door.");
        assertThat(s.push(" is on")).isEmpty();
        assertThat(s.finish()).containsExactly("A lamp is on");
        assertThat(s.finish()).isEmpty();
        assertThatThrownBy(() -> s.push("more")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aSentenceIsReleasedAsSoonAsTheNextWordBegins() {
        SentenceSplitter s = new SentenceSplitter();
        assertThat(s.push("It is 3")).isEmpty();
        assertThat(s.push(".")).isEmpty();            // could be a decimal
        assertThat(s.push("5 m away.")).isEmpty();     // could be "Dr." or a decimal
        assertThat(s.push(" ")).isEmpty();             // the next word decides
        assertThat(s.push("The")).containsExactly("It is 3.5 m away.");
        assertThat(s.finish()).containsExactly("The");
    }

    @Test
    void pieceBoundariesDoNotChangeTheResult() {
        String text = "Dr. Lee is 1.8 m tall... He waves. \"Hi!\" (Really.) Yes, e.g. here\nNext line etc. The end";
        List<String> whole = SentenceSplitter.split(text);
        for (int size = 1; size <= 7; size++) {
            SentenceSplitter s = new SentenceSplitter();
            List<String> got = new ArrayList<>();
            for (int i = 0; i < text.length(); i += size) {
                got.addAll(s.push(text.substring(i, Math.min(text.length(), i + size))));
            }
            got.addAll(s.finish());
            assertThat(got).as("pieces of %d chars", size).isEqualTo(whole);
        }
        assertThat(whole).containsExactly("Dr. Lee is 1.8 m tall...", "He waves.", "\"Hi!\"", "(Really.)",
                "Yes, e.g. here", "Next line etc.", "The end");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "...", "\n\n", " ** "})
    void textWithoutWordsGivesNoSentence(String text) {
        assertThat(SentenceSplitter.split(text)).isEmpty();
    }

    @Test
    void noAnswerIsASentence() {
        assertThat(SentenceSplitter.split("No. There is no chair.")).containsExactly("No.", "There is no chair.");
    }

    @Test
    void nullPieceIsRefused() {
        assertThatThrownBy(() -> new SentenceSplitter().push(null)).isInstanceOf(BadInputException.class);
    }
}

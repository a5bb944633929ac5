package dev.echollama.onnx.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.echollama.BadInputException;
import dev.echollama.testkit.SharedModels;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamingDetokenizerTest {
    /** REFERENCE.md case 2 ("Once upon a time"): prompt ids + the 60 greedy ids, and llama2.c's stdout. */
    static final long[] STORIES_CASE2_IDS = {1, 403, 407, 261, 378, 432, 383, 286, 261, 376, 298, 315, 421, 395, 317,
        426, 338, 401, 396, 267, 337, 410, 408, 419, 292, 411, 322, 265, 282, 295, 433, 426, 385, 328, 432, 358, 394,
        261, 370, 432, 352, 266, 268, 388, 426, 338, 391, 266, 267, 337, 335, 312, 432, 398, 312, 286, 267, 414, 270,
        333, 415, 426, 13, 438, 310};
    static final String STORIES_CASE2_TEXT = "Once upon a time, there was a little girl named Lily. She loved to play "
            + "outside in the park. One day, she saw a big, red ball. She wanted to play with it, but it was too "
            + "high.\nLily";
    /** REFERENCE.md case 4 ("Lily and Tom went to the park"). */
    static final long[] STORIES_CASE4_IDS = {1, 317, 269, 274, 287, 263, 377, 267, 265, 282, 295, 433, 426, 342, 394,
        261, 370, 268, 414, 444, 335, 261, 370, 268, 414, 444, 426, 342, 391, 266, 267, 337, 335, 312, 426, 342, 391,
        266, 267, 337, 335, 265, 268, 414, 444, 426, 342, 391, 266, 267, 337, 335, 265, 268, 414, 444, 426, 13, 436,
        438, 347, 433, 432, 392, 287, 443, 436, 317, 336, 426, 313, 438};
    static final String STORIES_CASE4_TEXT = "Lily and Tom went to the park. They saw a big box with a big box. They "
            + "wanted to play with it. They wanted to play with the box. They wanted to play with the box.\n\"Look, "
            + "Mom!\" Lily said. \"L";

    static final String ACCENTS_AND_EMOJI = "Café crème brûlée 🙂👍🏽 naïve — 日本語のテキスト 👩‍👩‍👧 Ελληνικά!";

    /** Streams {@code ids} and returns the pieces (the last one from flush). */
    static List<String> stream(TextTokenizer t, long[] ids, boolean skipSpecial) {
        StreamingDetokenizer d = new StreamingDetokenizer(t, skipSpecial);
        List<String> pieces = new ArrayList<>();
        for (long id : ids) {
            pieces.add(d.push(id));
        }
        pieces.add(d.flush());
        assertThat(d.size()).isZero();
        return pieces;
    }

    static void assertWholeCharacters(List<String> pieces) {
        for (String p : pieces) {
            assertThat(p).doesNotContain("\uFFFD");
            if (!p.isEmpty()) {
                assertThat(Character.isHighSurrogate(p.charAt(p.length() - 1))).as("piece '%s' splits a pair", p)
                        .isFalse();
                assertThat(Character.isLowSurrogate(p.charAt(0))).as("piece '%s' starts mid-pair", p).isFalse();
            }
        }
    }

    @Test
    void stories260KReferenceStoriesStreamToLlama2csText() {
        {
            TextTokenizer t = SharedTokenizers.stories();
            List<String> pieces = stream(t, STORIES_CASE2_IDS, true);
            assertThat(String.join("", pieces)).isEqualTo(STORIES_CASE2_TEXT);
            assertThat(pieces.subList(0, 4)).containsExactly("", "Once", " upon", " a"); // BOS is skipped
            assertThat(String.join("", stream(t, STORIES_CASE4_IDS, true))).isEqualTo(STORIES_CASE4_TEXT);
        }
    }

    @Test
    void byteFallbackEmojiIsHeldUntilItsFourthByte() {
        {
            TextTokenizer t = SharedTokenizers.stories();
            long[] ids = t.encode("a café 🙂", false);
            // 🙂 = F0 9F 99 82, byte-fallback ids 3 + byte: 243, 162, 156, 133.
            assertThat(ids).endsWith(243, 162, 156, 133);
            List<String> pieces = stream(t, ids, false);
            int n = ids.length;
            assertThat(pieces.subList(n - 4, n)).containsExactly("", "", "", "🙂");
            assertThat(String.join("", pieces)).isEqualTo("a café 🙂");
            assertWholeCharacters(pieces);
            assertThat(String.join("", stream(t, t.encode(ACCENTS_AND_EMOJI, true), true)))
                    .isEqualTo(ACCENTS_AND_EMOJI);
            assertWholeCharacters(stream(t, t.encode(ACCENTS_AND_EMOJI, true), true));
        }
    }

    @Test
    void llama3ByteLevelAccentsAndEmojiNeverSplitACharacter() {
        {
            TextTokenizer t = SharedTokenizers.llama3();
            long[] ids = t.encode(ACCENTS_AND_EMOJI, false);
            List<String> pieces = stream(t, ids, false);
            assertThat(String.join("", pieces)).isEqualTo(ACCENTS_AND_EMOJI);
            assertWholeCharacters(pieces);
            // Some characters span several byte-level tokens here, so some pushes must have held text back.
            assertThat(pieces.subList(0, ids.length)).contains("");
            for (String p : pieces) {
                assertThat(ACCENTS_AND_EMOJI).contains(p);
            }
        }
    }

    @Test
    void llama3ChatStreamKeepsOrSkipsSpecialTokens() {
        {
            TextTokenizer t = SharedTokenizers.llama3();
            assertThat(String.join("", stream(t, TextTokenizerTest.LLAMA3_CHAT_IDS, false)))
                    .isEqualTo(TextTokenizerTest.LLAMA3_CHAT);
            assertThat(String.join("", stream(t, TextTokenizerTest.LLAMA3_CHAT_IDS, true)))
                    .isEqualTo("user\n\nDescribe the scene: a dog next to a bicycle.");
        }
    }

    @Test
    void flushGivesWhatDecodeGivesForATruncatedCharacterAndStartsOver() {
        {
            TextTokenizer t = SharedTokenizers.stories();
            StreamingDetokenizer d = new StreamingDetokenizer(t, false);
            assertThat(d.push(403)).isEqualTo("Once");
            assertThat(d.push(243)).isEmpty(); // first byte of a 4-byte character, then the stream ends
            assertThat(d.flush()).isEqualTo(t.decode(new long[] {403, 243}, false).substring("Once".length()))
                    .contains("\uFFFD");
            assertThat(d.push(403)).isEqualTo("Once"); // a new sequence: no leading space, no old state
        }
    }

    @Test
    void aBadIdIsRejectedWithoutBreakingTheStream() {
        {
            TextTokenizer t = SharedTokenizers.stories();
            StreamingDetokenizer d = new StreamingDetokenizer(t, true);
            assertThat(d.push(403)).isEqualTo("Once");
            assertThatThrownBy(() -> d.push(9999)).isInstanceOf(BadInputException.class);
            assertThat(d.size()).isEqualTo(1);
            assertThat(d.push(407)).isEqualTo(" upon");
        }
        assertThatThrownBy(() -> new StreamingDetokenizer(null, true)).isInstanceOf(BadInputException.class);
    }
}

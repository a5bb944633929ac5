package dev.echollama.onnx.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.echollama.BadInputException;
import dev.echollama.ModelCorruptException;
import dev.echollama.ModelMissingException;
import dev.echollama.testkit.SharedModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextTokenizerTest {
    static final String LLAMA3 = "tokenizers/llama3";
    static final String STORIES = "llm/stories260K/tokenizer.json";
    /** PROVENANCE.md: the Llama 3 chat example and its ids (DJL, no extra special tokens). */
    static final String LLAMA3_CHAT = "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\n"
            + "Describe the scene: a dog next to a bicycle.<|eot_id|>";
    static final long[] LLAMA3_CHAT_IDS = {128000, 128006, 882, 128007, 271, 75885, 279, 6237, 25, 264, 5679, 1828,
        311, 264, 36086, 13, 128009};

    @Test
    void llama3ChatExampleGivesTheProvenanceIds() {
        {
            TextTokenizer t = SharedTokenizers.llama3();
            assertThat(t.encode(LLAMA3_CHAT, false)).containsExactly(LLAMA3_CHAT_IDS);
            assertThat(t.decode(LLAMA3_CHAT_IDS, false)).isEqualTo(LLAMA3_CHAT);
            assertThat(t.decode(LLAMA3_CHAT_IDS, true)).isEqualTo("user\n\nDescribe the scene: a dog next to a bicycle.");
        }
    }

    @Test
    void llama3SpecialTokensVocabAndLookups() {
        {
            TextTokenizer t = SharedTokenizers.llama3();
            SpecialTokens s = t.specialTokens();
            assertThat(s.bos()).isEqualTo(new SpecialTokens.Token("<|begin_of_text|>", 128000));
            assertThat(s.eos()).isEqualTo(new SpecialTokens.Token("<|eot_id|>", 128009)); // tokenizer_config.json
            assertThat(s.bosId()).hasValue(128000);
            assertThat(t.vocabSize()).isEqualTo(128256);
            assertThat(t.tokenId("<|start_header_id|>")).hasValue(128006);
            assertThat(t.tokenId("<|end_of_text|>")).hasValue(128001);
            assertThat(t.token(882)).hasValue("user");
            assertThat(t.token(264)).hasValue("Ġa"); // byte-level BPE spelling of " a"
            assertThat(t.token(-1)).isEmpty();
            assertThat(t.isSpecial(128009)).isTrue();
            assertThat(t.isSpecial(882)).isFalse();
            // With special tokens, the post-processor prepends <|begin_of_text|>.
            assertThat(t.encode("Hello", true)).startsWith(128000).hasSize(2);
            assertThat(t.encode("Hello", false)).hasSize(1);
        }
    }

    @Test
    void longTextIsNeverTruncated() {
        {
            TextTokenizer t = SharedTokenizers.llama3();
            String text = " word".repeat(3000);
            assertThat(t.encode(text, false)).hasSize(3000); // DJL's default would cut at 512
        }
    }

    @Test
    void stories260KOnceUponATime() {
        {
            TextTokenizer t = SharedTokenizers.stories();
            assertThat(t.encode("Once upon a time", true)).containsExactly(1, 403, 407, 261, 378);
            assertThat(t.encode("Once upon a time", false)).containsExactly(403, 407, 261, 378);
            // No tokenizer_config.json: special tokens from the conventional names of the special added tokens.
            assertThat(t.specialTokens().bosId()).hasValue(1);
            assertThat(t.specialTokens().eosId()).hasValue(2);
            assertThat(t.specialTokens().unkId()).hasValue(0);
            assertThat(t.specialTokens().padId()).isEmpty();
            assertThat(t.vocabSize()).isEqualTo(512);
            assertThat(t.token(13)).hasValue("<0x0A>");
            assertThat(t.tokenId("▁Once")).hasValue(403);
        }
        // The folder works as well as the file.
        try (TextTokenizer byFolder = TextTokenizer.load(SharedModels.require(STORIES).getParent())) {
            assertThat(byFolder.encode("Once upon a time", true)).containsExactly(1, 403, 407, 261, 378);
        }
    }

    @Test
    void stories260KDecodesTheReferenceContinuation() {
        // REFERENCE.md case 2: prompt ids + 60 greedy ids decode (skipping specials) to llama2.c's output.
        {
            TextTokenizer t = SharedTokenizers.stories();
            assertThat(t.decode(StreamingDetokenizerTest.STORIES_CASE2_IDS, true))
                    .isEqualTo(StreamingDetokenizerTest.STORIES_CASE2_TEXT);
        }
    }

    @Test
    void idsOutsideTheVocabularyAreBadInput() {
        {
            TextTokenizer t = SharedTokenizers.stories();
            assertThatThrownBy(() -> t.decode(new long[] {403, 512}, false)).isInstanceOf(BadInputException.class)
                    .hasMessageContaining("token id 512 at index 1 is outside the vocabulary [0, 512)");
            assertThatThrownBy(() -> t.decode(new long[] {-1}, false)).isInstanceOf(BadInputException.class);
            assertThatThrownBy(() -> t.encode(null, false)).isInstanceOf(BadInputException.class);
        }
    }

    @Test
    void missingAndCorruptFilesAreModelErrorsNamingThem(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> TextTokenizer.load(dir)).isInstanceOf(ModelMissingException.class)
                .hasMessageContaining(dir.resolve("tokenizer.json").toString());
        Path broken = dir.resolve("tokenizer.json");
        Files.writeString(broken, "{\"model\": {\"vocab\": {\"a\": 0,");
        assertThatThrownBy(() -> TextTokenizer.load(dir)).isInstanceOf(ModelCorruptException.class)
                .hasMessageContaining(broken.toString());
        Files.writeString(broken, "{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 0}, \"merges\": 7}}");
        assertThatThrownBy(() -> TextTokenizer.load(dir)).isInstanceOf(ModelCorruptException.class)
                .hasMessageContaining("cannot load tokenizer " + broken);
    }

    @Test
    void closeIsIdempotentAndUseAfterCloseIsAnIllegalState() {
        TextTokenizer t = TextTokenizer.load(SharedModels.require(STORIES));
        t.close();
        t.close();
        assertThatThrownBy(() -> t.encode("a", false)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> t.decode(new long[] {403}, false)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(t::vocabSize).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void loadingOptsOutOfDjlTelemetryUnlessTheUserDecided() {
        Properties none = new Properties();
        HfTextTokenizer.optOutOfDjlTracking(name -> null, none);
        assertThat(none.getProperty("OPT_OUT_TRACKING")).isEqualTo("true");

        Properties userSaidFalse = new Properties();
        userSaidFalse.setProperty("OPT_OUT_TRACKING", "false");
        HfTextTokenizer.optOutOfDjlTracking(name -> null, userSaidFalse);
        assertThat(userSaidFalse.getProperty("OPT_OUT_TRACKING")).isEqualTo("false");

        Properties envSet = new Properties();
        HfTextTokenizer.optOutOfDjlTracking(name -> name.equals("OPT_OUT_TRACKING") ? "false" : null, envSet);
        assertThat(envSet.getProperty("OPT_OUT_TRACKING")).isNull();
    }
}

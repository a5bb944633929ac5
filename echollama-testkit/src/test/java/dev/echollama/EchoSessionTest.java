package dev.echollama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.echollama.audio.AudioClip;
import dev.echollama.language.ChatMessage;
import dev.echollama.language.GenerationOptions;
import dev.echollama.language.LanguageRequest;
import dev.echollama.testkit.fakes.FakeDetector;
import dev.echollama.testkit.fakes.FakeLanguageModel;
import dev.echollama.testkit.fakes.FakeSpeechSynthesizer;
import dev.echollama.testkit.fakes.FakeTranscriber;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Multi-turn conversations: lazy description, history trimming, spoken questions. */
class EchoSessionTest {
    private static final String DESCRIPTION = "The room is empty.";
    private static final String ANSWER = "It is on the left.";

    /**
     * Hand-countable tokens: the scene prompt costs 100, any other text one per word. With 5 tokens of header per
     * message: system "Be brief." 2+5, scene 100+5, description 4+5, question "Where is N?" 3+5, the answer's
     * header 5: 134 for a prompt without history. One past exchange costs (3+5) + (5+5) = 18.
     */
    private static int words(String text) {
        if (text.startsWith("Image Description:")) {
            return 100;
        }
        return text.isBlank() ? 0 : text.strip().split("\\s+").length;
    }

    private static FakeLanguageModel model(int contextLength) {
        return FakeLanguageModel.builder().replies(DESCRIPTION, ANSWER).contextLength(contextLength)
                .tokenCounter(EchoSessionTest::words).build();
    }

    private static EchoPipeline pipeline(FakeLanguageModel model) {
        return EchoPipeline.builder().detector(FakeDetector.returning(Recording.CHAIR))
                .languageModel(model).systemPrompt("Be brief.")
                .generationOptions(GenerationOptions.greedy(30))
                .without(Stage.SPEECH).without(Stage.TRANSCRIPTION)
                .build();
    }

    private static List<String> contents(LanguageRequest request) {
        return request.messages().stream().map(ChatMessage::content).toList();
    }

    @Test
    void oldestExchangesAreDroppedToFitTheBudgetExactly() {
        // Context 182 - 30 for the answer = 152 = 134 + 18: exactly one past exchange fits.
        FakeLanguageModel model = model(182);
        try (EchoPipeline pipeline = pipeline(model); EchoSession chat = pipeline.session(Recording.image())) {
            assertThat(chat.ask("Where is one?").text()).isEqualTo(ANSWER);
            chat.ask("Where is two?");
            chat.ask("Where is three?");

            List<LanguageRequest> requests = model.requests();
            assertThat(requests).hasSize(4);
            String scene = chat.scene().prompt().user();
            assertThat(contents(requests.get(0))).as("the description, generated lazily")
                    .containsExactly("Be brief.", scene);
            assertThat(contents(requests.get(1))).containsExactly("Be brief.", scene, DESCRIPTION, "Where is one?");
            assertThat(contents(requests.get(2))).containsExactly("Be brief.", scene, DESCRIPTION,
                    "Where is one?", ANSWER, "Where is two?");
            assertThat(contents(requests.get(3))).as("two exchanges (170) exceed 152: the oldest goes")
                    .containsExactly("Be brief.", scene, DESCRIPTION, "Where is two?", ANSWER, "Where is three?");
            assertThat(requests.get(3).messages().get(2).role()).isEqualTo(ChatMessage.Role.ASSISTANT);

            assertThat(chat.history()).as("history keeps everything").hasSize(9);
            assertThat(chat.description()).contains(DESCRIPTION);
        }
    }

    @Test
    void oneTokenLessLeavesNoRoomForHistory() {
        // Context 181 - 30 = 151 < 152: no past exchange fits.
        FakeLanguageModel model = model(181);
        try (EchoPipeline pipeline = pipeline(model); EchoSession chat = pipeline.session(Recording.image())) {
            chat.ask("Where is one?");
            chat.ask("Where is two?");
            assertThat(contents(model.requests().get(2))).containsExactly("Be brief.",
                    chat.scene().prompt().user(), DESCRIPTION, "Where is two?");
        }
    }

    @Test
    void aQuestionThatCannotFitIsRefusedWithTheNumbers() {
        // Context 163 - 30 = 133 < 134.
        FakeLanguageModel model = model(163);
        try (EchoPipeline pipeline = pipeline(model); EchoSession chat = pipeline.session(Recording.image())) {
            assertThatThrownBy(() -> chat.ask("Where is one?"))
                    .isInstanceOf(BadInputException.class)
                    .hasMessageContaining("need 134 tokens")
                    .hasMessageContaining("leaves 133");
        }
    }

    @Test
    void describeFirstSpeaksTheSceneAndIsReused() {
        FakeLanguageModel model = FakeLanguageModel.builder().replies(DESCRIPTION, ANSWER).build();
        FakeSpeechSynthesizer voice = FakeSpeechSynthesizer.create();
        try (EchoPipeline pipeline = EchoPipeline.builder().detector(FakeDetector.returning(Recording.CHAIR))
                .languageModel(model).speechSynthesizer(voice).without(Stage.TRANSCRIPTION).build();
             EchoSession chat = pipeline.session(Recording.image())) {
            Narration d = chat.describe();
            assertThat(d.text()).isEqualTo(DESCRIPTION);
            assertThat(d.audio()).isEqualTo(voice.clipFor(DESCRIPTION));
            Answer a = chat.ask("Where is the chair?");
            assertThat(a.text()).isEqualTo(ANSWER);
            assertThat(a.audio()).isEqualTo(voice.clipFor(ANSWER));
            assertThat(a.transcript()).isEmpty();
            assertThat(model.requests()).as("no second description").hasSize(2);
            assertThat(a.timings().firstAudio()).isPresent();
            assertThat(a.timings().detection()).as("the scene was analysed before this call").isEmpty();

            assertThatThrownBy(() -> chat.ask("  ")).isInstanceOf(BadInputException.class);
            assertThatThrownBy(() -> chat.ask(AudioClip.silence(16_000, 100)))
                    .isInstanceOf(ProviderNotFoundException.class)
                    .hasMessageContaining("no transcriber")
                    .hasMessageContaining("disabled by the caller");
        }
    }

    @Test
    void aClosedSessionRefusesQuestionsAndLeavesThePipelineOpen() {
        FakeLanguageModel model = FakeLanguageModel.replying(DESCRIPTION);
        try (EchoPipeline pipeline = pipeline(model)) {
            EchoSession chat = pipeline.session(Recording.image());
            chat.close();
            chat.close();
            assertThatThrownBy(() -> chat.ask("Again?")).isInstanceOf(IllegalStateException.class);
            assertThat(pipeline.analyze(Recording.image()).matrix().objects()).hasSize(1);
        }
    }

    @Test
    void spokenQuestionsGoThroughTheTranscriber() {
        float[] samples = new float[1600];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (float) Math.sin(i * 0.3) * 0.4f;
        }
        AudioClip question = AudioClip.of(samples, 16_000);
        FakeLanguageModel model = FakeLanguageModel.builder().replies(DESCRIPTION, ANSWER).build();
        try (EchoPipeline pipeline = EchoPipeline.builder().detector(FakeDetector.returning(Recording.CHAIR))
                .languageModel(model).without(Stage.SPEECH)
                .transcriber(FakeTranscriber.hearing("something else").with(question, "Where is the door?"))
                .build();
             EchoSession chat = pipeline.session(Recording.image())) {
            Answer a = chat.ask(question);
            assertThat(a.question()).isEqualTo("Where is the door?");
            assertThat(a.transcript().orElseThrow().text()).isEqualTo("Where is the door?");
            assertThat(a.timings().transcription()).isPresent();
            LanguageRequest last = model.requests().get(model.requests().size() - 1);
            assertThat(last.messages().get(last.messages().size() - 1).content()).isEqualTo("Where is the door?");

            assertThatThrownBy(() -> chat.ask(AudioClip.silence(16_000, 1600)))
                    .isInstanceOf(BadInputException.class)
                    .hasMessageContaining("heard no words");
            assertThat(chat.history()).as("the failed question left no trace").hasSize(5);
        }
    }
}

package dev.echollama.speech;

import static org.assertj.core.api.Assertions.assertThat;

import dev.echollama.audio.AudioClip;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class SpeechSynthesizerTest {

    /** Streams one chunk per word: word i is i + 1 samples of value i + 1. */
    private static final class WordStreamer implements SpeechSynthesizer {
        @Override
        public AudioClip synthesize(String text) {
            return SpeechSynthesizer.joined(this, text);
        }

        @Override
        public void synthesize(String text, Consumer<AudioClip> chunks) {
            String[] words = text.isBlank() ? new String[0] : text.strip().split("\\s+");
            for (int i = 0; i < words.length; i++) {
                float[] s = new float[i + 1];
                java.util.Arrays.fill(s, i + 1);
                chunks.accept(AudioClip.of(s, 8000));
            }
        }

        @Override
        public int sampleRate() {
            return 8000;
        }

        @Override
        public void close() {
        }
    }

    @Test
    void joinedIsTheStreamedChunksInOrder() {
        AudioClip clip = new WordStreamer().synthesize("a dog on the left");
        assertThat(clip.sampleRate()).isEqualTo(8000);
        assertThat(clip.samples()).containsExactly(1, 2, 2, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 5);
        assertThat(new WordStreamer().synthesize("  ").length()).isZero();
    }
}

package dev.echollama.tts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.echollama.InferenceException;
import dev.echollama.audio.AudioClip;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class PcmTest {

    /** A 16-bit mono WAV as espeak-ng writes it to a pipe: RIFF and data sizes set to 0x7ffff000. */
    private static byte[] pipeWav(int rate, short... samples) {
        ByteBuffer bb = ByteBuffer.allocate(44 + samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        bb.put("RIFF".getBytes()).putInt(0x7ffff024).put("WAVE".getBytes());
        bb.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(rate)
                .putInt(rate * 2).putShort((short) 2).putShort((short) 16);
        bb.put("data".getBytes()).putInt(0x7ffff000);
        for (short s : samples) {
            bb.putShort(s);
        }
        return bb.array();
    }

    @Test
    void readsUpToTheEndWhenTheSizesAreUnknown() {
        AudioClip clip = Pcm.parseWav(pipeWav(22050, (short) 0, (short) 16384, (short) -32768, (short) 32767),
                "test");
        assertThat(clip.sampleRate()).isEqualTo(22050);
        assertThat(clip.samples()).containsExactly(0f, 0.5f, -1f, 32767 / 32768f);
    }

    @Test
    void dropsAHalfSampleAtTheEnd() {
        byte[] wav = pipeWav(16000, (short) 100);
        byte[] longer = java.util.Arrays.copyOf(wav, wav.length + 1);
        assertThat(Pcm.parseWav(longer, "test").length()).isEqualTo(1);
    }

    @Test
    void decodesBigEndianAndEightBit() {
        assertThat(Pcm.decode(new byte[] {0x40, 0x00}, 0, 2, 16, true, true)).containsExactly(0.5f);
        assertThat(Pcm.decode(new byte[] {(byte) 0xC0}, 0, 1, 8, false, false)).containsExactly(0.5f);
        assertThat(Pcm.decode(new byte[] {(byte) 0xC0}, 0, 1, 8, true, false)).containsExactly(-0.5f);
    }

    @Test
    void rejectsWhatIsNotAWav() {
        assertThatThrownBy(() -> Pcm.parseWav("Error: no voice".getBytes(), "espeak-ng"))
                .isInstanceOf(InferenceException.class).hasMessageContaining("espeak-ng did not write a RIFF/WAVE");
        byte[] stereo = pipeWav(16000, (short) 1, (short) 2);
        stereo[22] = 2;
        assertThatThrownBy(() -> Pcm.parseWav(stereo, "x")).isInstanceOf(InferenceException.class)
                .hasMessageContaining("2 channel(s)");
        byte[] noData = java.util.Arrays.copyOf(pipeWav(16000), 36);
        assertThatThrownBy(() -> Pcm.parseWav(noData, "x")).hasMessageContaining("without a data chunk");
        assertThatThrownBy(() -> Pcm.decode(new byte[3], 0, 3, 24, true, false))
                .isInstanceOf(InferenceException.class).hasMessageContaining("24-bit");
    }
}

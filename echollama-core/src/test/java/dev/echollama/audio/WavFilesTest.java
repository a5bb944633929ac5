package dev.echollama.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.echollama.BadInputException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class WavFilesTest {
    @TempDir Path dir;

    /** Random samples plus the edges: full scale both ways, zero, and values beyond [-1, 1] that must clip. */
    static AudioClip testClip() {
        Random r = new Random(11);
        float[] s = new float[1001];
        for (int i = 0; i < s.length; i++) {
            s[i] = r.nextFloat() * 2 - 1;
        }
        s[0] = 1f;
        s[1] = -1f;
        s[2] = 0f;
        s[3] = 1.5f;
        s[4] = -2f;
        return AudioClip.of(s, 22050);
    }

    @ParameterizedTest
    @EnumSource(WavFormat.class)
    void everyFormatRoundTripsWithinQuantisationError(WavFormat format) throws IOException {
        AudioClip clip = testClip();
        Path file = dir.resolve("clip-" + format + ".wav");
        WavFiles.write(clip, file, format);
        AudioClip back = WavFiles.read(file);
        assertThat(back.sampleRate()).isEqualTo(22050);
        assertThat(back.length()).isEqualTo(clip.length());
        // Nearest-level rounding: half a step; values above the top level (one step below +1.0) clip to it.
        double step = format.isFloat() ? 0 : 1.0 / (1L << (format.bitsPerSample() - 1));
        for (int i = 0; i < clip.length(); i++) {
            double expected = Math.max(-1, Math.min(1, clip.sample(i)));
            double tol = expected > 1 - step ? step : step / 2;
            assertThat(Math.abs(back.sample(i) - expected)).as("%s sample %d", format, i)
                    .isLessThanOrEqualTo(tol + 1e-9);
        }
        // Decoding then encoding again is lossless.
        assertThat(WavFiles.encode(back, format)).isEqualTo(Files.readAllBytes(file));
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).as("no temporary file left")
                    .containsExactly("clip-" + format + ".wav");
        }
    }

    /** Java Sound, an independent reader, sees our files' header and samples the same way. */
    @ParameterizedTest
    @EnumSource(value = WavFormat.class, names = {"PCM_U8", "PCM_16", "PCM_24", "PCM_32", "FLOAT_32"})
    void javaSoundReadsWhatWeWrite(WavFormat format) throws Exception {
        AudioClip clip = testClip();
        byte[] wav = WavFiles.encode(clip, format);
        try (AudioInputStream in = AudioSystem.getAudioInputStream(new ByteArrayInputStream(wav))) {
            AudioFormat f = in.getFormat();
            assertThat(f.getSampleRate()).isEqualTo(22050f);
            assertThat(f.getChannels()).isEqualTo(1);
            assertThat(f.getSampleSizeInBits()).isEqualTo(format.bitsPerSample());
            assertThat(f.getEncoding()).isEqualTo(format == WavFormat.FLOAT_32 ? AudioFormat.Encoding.PCM_FLOAT
                    : format == WavFormat.PCM_U8 ? AudioFormat.Encoding.PCM_UNSIGNED : AudioFormat.Encoding.PCM_SIGNED);
            assertThat(in.getFrameLength()).isEqualTo(clip.length());
            byte[] data = in.readAllBytes();
            assertThat(data).isEqualTo(Arrays.copyOfRange(wav, wav.length - data.length - (data.length & 1),
                    wav.length - (data.length & 1)));
        }
    }

    /** Java Sound writes stereo; we read it mixed to mono by averaging. */
    @Test
    void readsStereoWrittenByJavaSoundAsTheChannelAverage() throws Exception {
        short[] left = {0, 1000, -32768, 32767, 123};
        short[] right = {0, 3000, -32768, -32767, -77};
        ByteBuffer pcm = RiffBuilder.le(left.length * 4);
        for (int i = 0; i < left.length; i++) {
            pcm.putShort(left[i]).putShort(right[i]);
        }
        AudioFormat fmt = new AudioFormat(44100f, 16, 2, true, false);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AudioSystem.write(new AudioInputStream(new ByteArrayInputStream(pcm.array()), fmt, left.length),
                AudioFileFormat.Type.WAVE, out);
        AudioClip clip = WavFiles.decode(out.toByteArray());
        assertThat(clip.sampleRate()).isEqualTo(44100);
        assertThat(clip.length()).isEqualTo(left.length);
        for (int i = 0; i < left.length; i++) {
            assertThat(clip.sample(i)).isEqualTo((left[i] + right[i]) / 2f / 32768f);
        }
    }

    @Test
    void readsExtensibleMultichannelWithUnknownOddChunks() {
        // Three channels of 24-bit PCM; frames chosen so the averages are exact.
        ByteBuffer data = RiffBuilder.le(2 * 9);
        int[][] frames = {{3, 6, 9}, {-8388608, 8388607, -3}};
        for (int[] f : frames) {
            for (int v : f) {
                data.put((byte) v).put((byte) (v >> 8)).put((byte) (v >> 16));
            }
        }
        byte[] wav = new RiffBuilder().chunk("JUNK", new byte[3]).fmtExtensible(1, 3, 48000, 24)
                .chunk("LIST", "INFOISFTx".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .chunk("data", data.array()).chunk("id3 ", new byte[5]).build();
        AudioClip clip = WavFiles.decode(wav);
        assertThat(clip.sampleRate()).isEqualTo(48000);
        assertThat(clip.length()).isEqualTo(2);
        assertThat(clip.sample(0)).isEqualTo(6f / 8388608f);
        assertThat(clip.sample(1)).isEqualTo(-4f / 3f / 8388608f);
    }

    @Test
    void readsFloat64ExtensibleAndEightBitStereo() {
        ByteBuffer d = RiffBuilder.le(16).putDouble(0.25).putDouble(-0.75);
        AudioClip f64 = WavFiles.decode(new RiffBuilder().fmtExtensible(3, 2, 8000, 64).chunk("data", d.array())
                .build());
        assertThat(f64.length()).isEqualTo(1);
        assertThat(f64.sample(0)).isEqualTo(-0.25f);
        byte[] u8 = {(byte) 128, (byte) 255, 0, 64, (byte) 200};
        AudioClip pcm8 = WavFiles.decode(new RiffBuilder().fmt(1, 2, 11025, 8).chunk("data", u8).build());
        assertThat(pcm8.length()).as("the odd last byte is half a frame, dropped").isEqualTo(2);
        assertThat(pcm8.sample(0)).isEqualTo((0 + 127) / 2f / 128f);
        assertThat(pcm8.sample(1)).isEqualTo((-128 - 64) / 2f / 128f);
    }

    @Test
    void streamingSizeMeansToTheEnd() {
        byte[] wav = new RiffBuilder().fmt(1, 1, 16000, 16).chunk("data", new byte[] {0, 64, 0, -64}).build();
        ByteBuffer.wrap(wav).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(40, -1);
        AudioClip clip = WavFiles.decode(wav);
        assertThat(clip.length()).isEqualTo(2);
        assertThat(clip.sample(0)).isEqualTo(0.5f);
        assertThat(clip.sample(1)).isEqualTo(-0.5f);
    }

    @Test
    void clipsOutOfRangeSamplesWhenWriting() {
        AudioClip loud = AudioClip.of(new float[] {1.5f, -2f, 0.5f}, 8000);
        AudioClip pcm = WavFiles.decode(WavFiles.encode(loud, WavFormat.PCM_16));
        assertThat(pcm.samples()).containsExactly(32767f / 32768f, -1f, 0.5f);
        AudioClip flt = WavFiles.decode(WavFiles.encode(loud, WavFormat.FLOAT_32));
        assertThat(flt.samples()).containsExactly(1f, -1f, 0.5f);
    }

    @Test
    void badHeadersAreNamedWithExpectedAndFound() throws IOException {
        assertBad(new byte[0], "has 0 bytes");
        assertBad("RIFX\0\0\0\0WAVE".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), "big-endian");
        assertBad("PK\3\4 this is a zip file".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1),
                "expected \"RIFF\"");
        assertBad("RIFF\0\0\0\0AVI LIST".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1),
                "type \"AVI \"; expected \"WAVE\"");
        assertBad(new RiffBuilder().chunk("data", new byte[4]).build(), "before any fmt chunk");
        assertBad(new RiffBuilder().fmt(1, 1, 16000, 16).build(), "no data chunk");
        assertBad(new RiffBuilder().chunk("LIST", new byte[4]).build(), "no fmt chunk");
        assertBad(new RiffBuilder().chunk("fmt ", new byte[10]).build(), "expected at least 16");
        assertBad(new RiffBuilder().fmt(2, 1, 16000, 4).chunk("data", new byte[4]).build(), "0x0002 (MS ADPCM)");
        assertBad(new RiffBuilder().fmt(1, 1, 16000, 12).chunk("data", new byte[4]).build(),
                "12-bit PCM samples; expected 8, 16, 24 or 32");
        assertBad(new RiffBuilder().fmt(1, 0, 16000, 16).chunk("data", new byte[4]).build(), "0 channels");
        assertBad(new RiffBuilder().fmt(1, 1, 0, 16).chunk("data", new byte[4]).build(), "sample rate of 0 Hz");
        assertBad(new RiffBuilder().fmt(3, 1, 16000, 16).chunk("data", new byte[4]).build(), "16-bit float");
        byte[] badAlign = new RiffBuilder().fmt(1, 2, 16000, 16).chunk("data", new byte[8]).build();
        badAlign[32] = 3;
        assertBad(badAlign, "block align of 3 bytes; 2 channels of 16 bits need 4");
        byte[] nan = new RiffBuilder().fmt(3, 1, 16000, 32).chunk("data", RiffBuilder.le(4).putFloat(Float.NaN)
                .array()).build();
        assertBad(nan, "frame 0 is NaN");

        byte[] whole = WavFiles.encode(testClip(), WavFormat.PCM_16);
        Path cut = dir.resolve("cut.wav");
        Files.write(cut, Arrays.copyOf(whole, 1000));
        assertThatThrownBy(() -> WavFiles.read(cut)).isInstanceOf(BadInputException.class)
                .hasMessageContaining(cut.toString())
                .hasMessageContaining("truncated: its data chunk declares 2002 bytes of samples, the file holds 956");
        assertThatThrownBy(() -> WavFiles.read(dir.resolve("none.wav"))).isInstanceOf(BadInputException.class)
                .hasMessageContaining("none.wav does not exist");
        assertThatThrownBy(() -> WavFiles.read(dir)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("directory");
        assertThatThrownBy(() -> WavFiles.read((Path) null)).isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> WavFiles.decode(null)).isInstanceOf(BadInputException.class);
    }

    @Test
    void readsStreamsToTheEnd() {
        AudioClip clip = testClip();
        byte[] wav = WavFiles.encode(clip, WavFormat.FLOAT_32);
        AudioClip back = WavFiles.read(new ByteArrayInputStream(wav));
        assertThat(back.length()).isEqualTo(clip.length());
        assertThat(back.sample(5)).isEqualTo(clip.sample(5));
        assertThatThrownBy(() -> WavFiles.read(new ByteArrayInputStream(new byte[5])))
                .isInstanceOf(BadInputException.class).hasMessageContaining("WAV stream has 5 bytes");
    }

    @Test
    void writeReplacesWholeFilesAndRefusesBadTargets() throws IOException {
        Path file = dir.resolve("out.wav");
        WavFiles.write(AudioClip.of(new float[1000], 16000), file);
        WavFiles.write(AudioClip.of(new float[10], 16000), file);
        assertThat(Files.size(file)).isEqualTo(44 + 20);
        assertThat(WavFiles.read(file).length()).isEqualTo(10);
        AudioClip clip = AudioClip.of(new float[3], 16000);
        assertThatThrownBy(() -> WavFiles.write(clip, dir.resolve("no/such/folder/x.wav")))
                .isInstanceOf(BadInputException.class).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> WavFiles.write(clip, dir)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("is a directory");
        assertThatThrownBy(() -> WavFiles.write(null, file)).isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> WavFiles.write(clip, file, null)).isInstanceOf(BadInputException.class);
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("out.wav");
        }
    }

    private static void assertBad(byte[] wav, String expectedMessagePart) {
        assertThatThrownBy(() -> WavFiles.decode(wav)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("WAV data").hasMessageContaining(expectedMessagePart);
    }
}

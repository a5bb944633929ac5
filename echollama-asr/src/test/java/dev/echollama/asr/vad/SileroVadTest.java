package dev.echollama.asr.vad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.echollama.BadInputException;
import dev.echollama.ModelCorruptException;
import dev.echollama.ModelMissingException;
import dev.echollama.audio.AudioClip;
import dev.echollama.audio.WavFiles;
import dev.echollama.model.ModelLocator;
import dev.echollama.spi.Availability;
import dev.echollama.spi.ProviderConfig;
import dev.echollama.testkit.SharedModels;
import dev.echollama.testkit.onnx.SyntheticModels;
import dev.echollama.testkit.onnx.WhisperSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Silero VAD v5 on the shared model and speech. True speech bounds are measured independently of the VAD: the
 * first and last 10 ms frame of the un-padded WAV whose RMS is within 40 dB of the file's loudest frame (the espeak
 * files are digital silence outside the speech, so this is unambiguous: e.g. bus_street speaks from 0.01 s to
 * 2.00 s of its 2.30 s).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SileroVadTest {
    static final String MODEL = "vad/silero_vad_v5.onnx";
    static final double TOLERANCE_SECONDS = 0.100;
    private SileroVad vad;

    @BeforeAll
    void open() {
        if (SharedModels.has(MODEL)) {
            vad = SileroVad.open(SharedModels.path(MODEL));
        }
    }

    @AfterAll
    void close() {
        if (vad != null) {
            vad.close();
        }
    }

    SileroVad vad() {
        SharedModels.require(MODEL);
        return vad;
    }

    /** [first, last) second of the frames within 40 dB of the loudest 10 ms frame. */
    static double[] energyBounds(AudioClip clip) {
        int frame = clip.sampleRate() / 100;
        int n = clip.length() / frame;
        double[] db = new double[n];
        double peak = -300;
        for (int f = 0; f < n; f++) {
            double sum = 0;
            for (int i = 0; i < frame; i++) {
                double s = clip.sample(f * frame + i);
                sum += s * s;
            }
            db[f] = 10 * Math.log10(sum / frame + 1e-24);
            peak = Math.max(peak, db[f]);
        }
        int first = -1;
        int last = -1;
        for (int f = 0; f < n; f++) {
            if (db[f] > peak - 40) {
                first = first < 0 ? f : first;
                last = f;
            }
        }
        return new double[] {first * 0.01, (last + 1) * 0.01};
    }

    static AudioClip padded(AudioClip speech, double seconds) {
        int pad = (int) Math.round(seconds * speech.sampleRate());
        AudioClip silence = AudioClip.silence(speech.sampleRate(), pad);
        return AudioClip.concat(speech.sampleRate(), List.of(silence, speech, silence));
    }

    @ParameterizedTest
    @ValueSource(strings = {"espeak_bus_street.wav", "espeak_dog_bicycle.wav", "espeak_people_front.wav"})
    void paddedSpeechGivesOneSegmentAtTheTrueBounds(String file) {
        AudioClip speech = WavFiles.read(SharedModels.require("speech/" + file));
        double[] bounds = energyBounds(speech);
        List<SpeechSegment> segments = vad().segments(padded(speech, 2.0));
        assertThat(segments).as("segments of %s with 2 s of silence on each side", file).hasSize(1);
        SpeechSegment s = segments.get(0);
        double startError = s.startSeconds() - (2.0 + bounds[0]);
        double endError = s.endSeconds() - (2.0 + bounds[1]);
        System.out.printf("VAD %s: true %.3f..%.3f s, found %.3f..%.3f s, errors start %+.0f ms, end %+.0f ms%n",
                file, 2.0 + bounds[0], 2.0 + bounds[1], s.startSeconds(), s.endSeconds(), startError * 1000,
                endError * 1000);
        assertThat(Math.abs(startError)).as("start error (s)").isLessThanOrEqualTo(TOLERANCE_SECONDS);
        assertThat(Math.abs(endError)).as("end error (s)").isLessThanOrEqualTo(TOLERANCE_SECONDS);
    }

    @Test
    void librivoxSpeechWithRoomNoiseGivesOneSegment() {
        // Recorded speech with background noise (about -47 dBFS): the bounds are softer, so only one segment
        // covering the loud part is required, within 300 ms.
        AudioClip speech = WavFiles.read(SharedModels.require("speech/sense_and_sensibility_01_austen_64kb-0880.wav"));
        List<SpeechSegment> segments = vad().segments(padded(speech, 2.0));
        System.out.println("VAD 0880 (2.99 s, padded 2 s each side): " + segments);
        assertThat(segments).isNotEmpty();
        assertThat(segments.get(0).startSeconds()).isBetween(1.7, 2.3);
        assertThat(segments.get(segments.size() - 1).endSeconds()).isBetween(2.0 + 2.99 - 0.3, 2.0 + 2.99 + 0.3);
    }

    @Test
    void streamingInOddPiecesGivesTheBatchSegments() {
        AudioClip audio = padded(WavFiles.read(SharedModels.require("speech/espeak_bus_street.wav")), 1.0);
        List<SpeechSegment> batch = vad().segments(audio);
        VadStream stream = vad().stream();
        List<VadEvent> events = new ArrayList<>();
        float[] all = audio.samples();
        int[] sizes = {1, 7, 333, 512, 1000, 4096, 50};
        int pos = 0;
        for (int k = 0; pos < all.length; k++) {
            int n = Math.min(sizes[k % sizes.length], all.length - pos);
            List<VadEvent> got = stream.accept(all, pos, n);
            pos += n;
            for (VadEvent e : got) {
                // An event is never about the future.
                assertThat(e.sample()).isLessThanOrEqualTo(stream.samplesProcessed());
            }
            events.addAll(got);
        }
        events.addAll(stream.finish());
        assertThat(stream.finish()).isEmpty();
        assertThat(events).hasSize(2 * batch.size());
        for (int i = 0; i < batch.size(); i++) {
            assertThat(events.get(2 * i).type()).isEqualTo(VadEvent.Type.SPEECH_START);
            assertThat(events.get(2 * i).seconds()).isEqualTo(batch.get(i).startSeconds());
            assertThat(events.get(2 * i + 1).type()).isEqualTo(VadEvent.Type.SPEECH_END);
            assertThat(events.get(2 * i + 1).seconds()).isEqualTo(batch.get(i).endSeconds());
        }
        assertThatThrownBy(() -> stream.accept(new float[1])).isInstanceOf(BadInputException.class)
                .hasMessageContaining("finished");
    }

    @Test
    void probabilitiesAreLowInSilenceAndHighInSpeech() {
        AudioClip speech = WavFiles.read(SharedModels.require("speech/espeak_dog_bicycle.wav"));
        float[] p = vad().probabilities(padded(speech, 1.0));
        assertThat(p).hasSize((int) Math.ceil((2 * 16_000 + speech.length()) / 512.0));
        float silenceMax = 0;
        for (int i = 0; i < 25; i++) { // the first 0.8 s
            silenceMax = Math.max(silenceMax, p[i]);
        }
        float speechMax = 0;
        for (int i = 35; i < 80; i++) { // 1.12 s .. 2.56 s
            speechMax = Math.max(speechMax, p[i]);
        }
        assertThat(silenceMax).isLessThan(0.1f);
        assertThat(speechMax).isGreaterThan(0.9f);
    }

    @Test
    void emptyAndOneSampleGiveNoSegments() {
        assertThat(vad().segments(AudioClip.silence(16_000, 0))).isEmpty();
        assertThat(vad().probabilities(AudioClip.silence(16_000, 0))).isEmpty();
        assertThat(vad().segments(AudioClip.of(new float[] {0.5f}, 16_000))).isEmpty();
        assertThat(vad().probabilities(AudioClip.of(new float[] {0.5f}, 16_000))).hasSize(1);
    }

    @Test
    void tenMinutesOfSilenceIsFastAndEmpty() {
        AudioClip silence = AudioClip.silence(16_000, 10 * 60 * 16_000);
        vad().segments(AudioClip.silence(16_000, 16_000)); // warm-up
        long t0 = System.nanoTime();
        List<SpeechSegment> segments = vad().segments(silence);
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("VAD 10 min of silence: %.2f s (real-time factor %.4f)%n", seconds, seconds / 600);
        assertThat(segments).isEmpty();
        assertThat(seconds).as("seconds for 10 minutes of audio").isLessThan(60);
    }

    @Test
    void stereo96kHzWavIsMixedResampledAndSegmented(@TempDir Path dir) throws Exception {
        AudioClip speech = padded(WavFiles.read(SharedModels.require("speech/espeak_bus_street.wav")), 2.0);
        AudioClip hi = speech.resampled(96_000);
        Path wav = dir.resolve("stereo96k.wav");
        Files.write(wav, stereoPcm16(hi));
        AudioClip read = WavFiles.read(wav);
        assertThat(read.sampleRate()).isEqualTo(96_000);
        double[] bounds = energyBounds(WavFiles.read(SharedModels.path("speech/espeak_bus_street.wav")));
        List<SpeechSegment> segments = vad().segments(read);
        System.out.println("VAD 96 kHz stereo: " + segments);
        assertThat(segments).hasSize(1);
        assertThat(segments.get(0).startSeconds()).isCloseTo(2.0 + bounds[0],
                org.assertj.core.data.Offset.offset(TOLERANCE_SECONDS));
        assertThat(segments.get(0).endSeconds()).isCloseTo(2.0 + bounds[1],
                org.assertj.core.data.Offset.offset(TOLERANCE_SECONDS));
    }

    /** A 16-bit stereo WAV holding the clip on both channels. */
    static byte[] stereoPcm16(AudioClip clip) {
        int n = clip.length();
        ByteBuffer b = ByteBuffer.allocate(44 + n * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + n * 4).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 2).putInt(clip.sampleRate())
                .putInt(clip.sampleRate() * 4).putShort((short) 4).putShort((short) 16);
        b.put("data".getBytes()).putInt(n * 4);
        for (int i = 0; i < n; i++) {
            short s = (short) Math.max(-32768, Math.min(32767, Math.round(clip.sample(i) * 32768)));
            b.putShort(s).putShort(s);
        }
        return b.array();
    }

    @Test
    void useAfterCloseThrowsIllegalState() {
        SileroVad own = SileroVad.open(SharedModels.require(MODEL));
        VadStream stream = own.stream();
        own.close();
        own.close();
        assertThatThrownBy(() -> own.segments(AudioClip.silence(16_000, 1000)))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> stream.accept(new float[512])).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void findsTheModelInAFolderByEitherName(@TempDir Path dir) throws Exception {
        Path model = SharedModels.require(MODEL);
        Path folder = Files.createDirectories(dir.resolve("silero-vad"));
        Files.copy(model, folder.resolve("silero_vad.onnx"));
        ProviderConfig config = ProviderConfig.builder().models(ModelLocator.withHome(dir.resolve("home")))
                .model(SileroVad.MODEL_ID, folder).build();
        assertThat(SileroVad.availability(config).available()).isTrue();
        try (SileroVad v = SileroVad.load(config)) {
            assertThat(v.path().getFileName().toString()).isEqualTo("silero_vad.onnx");
        }
    }

    @Test
    void missingModelIsExplainedNotThrownByAvailability(@TempDir Path dir) {
        ProviderConfig config = ProviderConfig.builder().models(ModelLocator.withHome(dir)).build();
        Availability a = SileroVad.availability(config);
        assertThat(a.available()).isFalse();
        assertThat(a.reason()).contains("silero-vad", dir.toString(), "echollama models fetch silero-vad");
        assertThatThrownBy(() -> SileroVad.load(config)).isInstanceOf(ModelMissingException.class)
                .hasMessageContaining("echollama models fetch silero-vad");
        assertThatThrownBy(() -> SileroVad.open(dir)).isInstanceOf(ModelMissingException.class)
                .hasMessageContaining("silero_vad.onnx");
    }

    @Test
    void anotherGraphIsRefusedAtOpen(@TempDir Path dir) {
        Path encoder = SyntheticModels.whisperEncoder(dir, WhisperSpec.defaults());
        assertThatThrownBy(() -> SileroVad.open(encoder)).isInstanceOf(ModelCorruptException.class)
                .hasMessageContaining("state");
    }
}

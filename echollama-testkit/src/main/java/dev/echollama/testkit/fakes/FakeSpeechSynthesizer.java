package dev.echollama.testkit.fakes;

import dev.echollama.BadInputException;
import dev.echollama.audio.AudioClip;
import dev.echollama.speech.SpeechSynthesizer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A {@link SpeechSynthesizer} whose audio is a deterministic function of the text ({@link #clipFor}):
 * {@code samplesPerChar} samples per character, so different sentences give different clips and their order can
 * be checked. The streaming variant hands the clip over in chunks of {@code chunkSamples} samples. Blank text
 * gives an empty clip; text longer than {@value #MAX_CHARS} characters is refused with a
 * {@link BadInputException}, as real engines limit their input. Records every text spoken. Thread-safe; close()
 * is idempotent and later calls throw {@link IllegalStateException}.
 */
public final class FakeSpeechSynthesizer implements SpeechSynthesizer {
    /** The longest text accepted. */
    public static final int MAX_CHARS = 10_000;

    private final int sampleRate;
    private final int samplesPerChar;
    private final int chunkSamples;
    private final Duration delay;
    private final List<String> spoken = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private FakeSpeechSynthesizer(Builder b) {
        this.sampleRate = b.sampleRate;
        this.samplesPerChar = b.samplesPerChar;
        this.chunkSamples = b.chunkSamples;
        this.delay = b.delay;
    }

    /** 16 kHz, 40 samples per character, one chunk per sentence, no delay. */
    public static FakeSpeechSynthesizer create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The clip this synthesizer makes of {@code text}. Pure: needs no open synthesizer. */
    public AudioClip clipFor(String text) {
        if (text == null) {
            throw new BadInputException("text is null");
        }
        if (text.isBlank()) {
            return AudioClip.silence(sampleRate, 0);
        }
        float[] samples = new float[text.length() * samplesPerChar];
        for (int c = 0; c < text.length(); c++) {
            int ch = text.charAt(c);
            for (int k = 0; k < samplesPerChar; k++) {
                samples[c * samplesPerChar + k] = ((ch * 31 + k) % 101 - 50) / 100f;
            }
        }
        return AudioClip.of(samples, sampleRate);
    }

    @Override
    public AudioClip synthesize(String text) {
        FakeSupport.checkOpen(closed, this);
        check(text);
        spoken.add(text);
        FakeSupport.pause(delay);
        return clipFor(text);
    }

    @Override
    public void synthesize(String text, Consumer<AudioClip> chunks) {
        if (chunks == null) {
            throw new BadInputException("chunk consumer is null");
        }
        AudioClip clip = synthesize(text);
        if (clip.isEmpty()) {
            return;
        }
        int step = chunkSamples == 0 ? clip.length() : chunkSamples;
        for (int from = 0; from < clip.length(); from += step) {
            chunks.accept(clip.slice(from, Math.min(clip.length(), from + step)));
        }
    }

    private static void check(String text) {
        if (text == null) {
            throw new BadInputException("text is null");
        }
        if (text.length() > MAX_CHARS) {
            throw new BadInputException("text of " + text.length() + " characters exceeds " + MAX_CHARS);
        }
    }

    @Override
    public int sampleRate() {
        return sampleRate;
    }

    /** Every text spoken, in the order the calls began. */
    public List<String> spoken() {
        return List.copyOf(spoken);
    }

    public boolean isClosed() {
        return closed.get();
    }

    @Override
    public void close() {
        closed.set(true);
    }

    /** Mutable, not thread-safe. */
    public static final class Builder {
        private int sampleRate = 16_000;
        private int samplesPerChar = 40;
        private int chunkSamples;
        private Duration delay = Duration.ZERO;

        private Builder() {
        }

        public Builder sampleRate(int hz) {
            this.sampleRate = hz;
            return this;
        }

        public Builder samplesPerChar(int n) {
            this.samplesPerChar = n;
            return this;
        }

        /** Chunk size of the streaming variant; 0 (default) hands the whole clip at once. */
        public Builder chunkSamples(int n) {
            this.chunkSamples = n;
            return this;
        }

        /** Time each call takes (slept) before its audio is ready. */
        public Builder delay(Duration delay) {
            this.delay = delay;
            return this;
        }

        public FakeSpeechSynthesizer build() {
            if (sampleRate <= 0 || samplesPerChar <= 0 || chunkSamples < 0) {
                throw new BadInputException("need sampleRate > 0, samplesPerChar > 0, chunkSamples >= 0; got "
                        + sampleRate + ", " + samplesPerChar + ", " + chunkSamples);
            }
            FakeSupport.checkDelay(delay);
            return new FakeSpeechSynthesizer(this);
        }
    }
}

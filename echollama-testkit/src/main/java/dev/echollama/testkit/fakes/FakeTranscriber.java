package dev.echollama.testkit.fakes;

import dev.echollama.BadInputException;
import dev.echollama.audio.AudioClip;
import dev.echollama.speech.Transcriber;
import dev.echollama.speech.Transcript;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link Transcriber} that "hears" what it was told: a known clip gives its text, any other clip with sound
 * gives the fallback text, and empty or all-zero audio gives an empty transcript (never an error). Audio below
 * {@value #MIN_SAMPLE_RATE} Hz is refused with a {@link BadInputException}: it cannot hold speech. Records every
 * clip. Thread-safe; close() is idempotent and later calls throw {@link IllegalStateException}.
 */
public final class FakeTranscriber implements Transcriber {
    /** The lowest sample rate accepted. */
    public static final int MIN_SAMPLE_RATE = 4_000;

    private final Map<AudioClip, String> known;
    private final String fallback;
    private final Duration delay;
    private final List<AudioClip> heard = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private FakeTranscriber(Map<AudioClip, String> known, String fallback, Duration delay) {
        this.known = Map.copyOf(known);
        this.fallback = fallback;
        this.delay = FakeSupport.checkDelay(delay);
    }

    /** Hears {@code text} in any clip that has sound. */
    public static FakeTranscriber hearing(String text) {
        if (text == null) {
            throw new BadInputException("text is null");
        }
        return new FakeTranscriber(Map.of(), text, Duration.ZERO);
    }

    /** A copy that hears {@code text} in exactly {@code clip} (equal samples and rate). */
    public FakeTranscriber with(AudioClip clip, String text) {
        if (clip == null || text == null) {
            throw new BadInputException("clip and text must not be null");
        }
        Map<AudioClip, String> copy = new LinkedHashMap<>(known);
        copy.put(clip, text);
        return new FakeTranscriber(copy, fallback, delay);
    }

    /** A copy that sleeps {@code delay} in each call. */
    public FakeTranscriber withDelay(Duration delay) {
        return new FakeTranscriber(known, fallback, delay);
    }

    @Override
    public Transcript transcribe(AudioClip audio) {
        FakeSupport.checkOpen(closed, this);
        if (audio == null) {
            throw new BadInputException("audio is null");
        }
        if (audio.sampleRate() < MIN_SAMPLE_RATE) {
            throw new BadInputException("audio at " + audio.sampleRate() + " Hz is below " + MIN_SAMPLE_RATE
                    + " Hz");
        }
        heard.add(audio);
        FakeSupport.pause(delay);
        if (isSilent(audio)) {
            return Transcript.of("", audio.durationSeconds());
        }
        return Transcript.of(known.getOrDefault(audio, fallback), audio.durationSeconds());
    }

    private static boolean isSilent(AudioClip audio) {
        for (int i = 0; i < audio.length(); i++) {
            if (audio.sample(i) != 0) {
                return false;
            }
        }
        return true;
    }

    /** Every clip transcribed, in order. */
    public List<AudioClip> heard() {
        return List.copyOf(heard);
    }

    public boolean isClosed() {
        return closed.get();
    }

    @Override
    public void close() {
        closed.set(true);
    }
}

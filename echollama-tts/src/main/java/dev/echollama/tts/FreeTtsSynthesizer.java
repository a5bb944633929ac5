package dev.echollama.tts;

import com.sun.speech.freetts.Voice;
import dev.echollama.BadInputException;
import dev.echollama.InferenceException;
import dev.echollama.audio.AudioClip;
import dev.echollama.speech.SpeechSynthesizer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * FreeTTS with one voice. FreeTTS is not thread-safe and its voices share lexicon and timer state, so every
 * request in this JVM is serialised on one lock. {@link Voice#speak} runs on a private worker thread while the
 * caller hands over each utterance (sentence) as FreeTTS finishes it, so the first sentence can be played
 * before the last is synthesised. The lock is held while chunks are handed over, so a consumer that blocks (plays
 * audio, say) holds up other FreeTTS requests; that is the price of one shared, non-thread-safe engine.
 */
final class FreeTtsSynthesizer implements SpeechSynthesizer {
    private static final Object ENGINE_LOCK = new Object();
    /** Generous: FreeTTS speaks about 20x faster than real time on one core. */
    private static final long SPEAK_TIMEOUT_MS = 120_000;

    private final Voice voice;
    private final CapturePlayer player;
    private final ExecutorService speaker;
    private final boolean normalize;
    private final int sampleRate;
    private final AtomicBoolean closed = new AtomicBoolean();

    FreeTtsSynthesizer(Voice voice, CapturePlayer player, boolean normalize) {
        this.voice = voice;
        this.player = player;
        this.normalize = normalize;
        this.speaker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "freetts-speak");
            t.setDaemon(true);
            return t;
        });
        try {
            // The voice only announces its format when it speaks: learn it once, here, instead of trusting
            // the voice's name ("kevin16" is 16 kHz).
            List<AudioClip> probe = new ArrayList<>();
            speakInto("a", probe::add);
            if (probe.isEmpty()) {
                throw new InferenceException("FreeTTS voice " + voice.getName() + " produced no audio for a test word");
            }
            this.sampleRate = probe.get(0).sampleRate();
        } catch (RuntimeException e) {
            closeQuietly();
            throw e;
        }
    }

    @Override
    public AudioClip synthesize(String text) {
        return SpeechSynthesizer.joined(this, text);
    }

    @Override
    public void synthesize(String text, Consumer<AudioClip> chunks) {
        ensureOpen();
        if (text == null) {
            throw new BadInputException("text is null; pass \"\" for silence");
        }
        String spoken = normalize ? SpeechText.normalize(text) : (text == null ? "" : text.strip());
        if (spoken.isBlank()) {
            return;
        }
        speakInto(spoken, chunks);
    }

    private void speakInto(String text, Consumer<AudioClip> chunks) {
        synchronized (ENGINE_LOCK) {
            ensureOpen();
            LinkedBlockingQueue<Object> events = new LinkedBlockingQueue<>();
            player.sink(new CapturePlayer.Sink() {
                @Override
                public void clip(AudioClip clip) {
                    events.add(clip);
                }

                @Override
                public void failed(RuntimeException e) {
                    events.add(e);
                }
            });
            Future<Boolean> job = speaker.submit(() -> voice.speak(text));
            RuntimeException failure = null;
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SPEAK_TIMEOUT_MS);
            try {
                while (true) {
                    Object e = events.poll(20, TimeUnit.MILLISECONDS);
                    if (e == null) {
                        if (job.isDone() && events.isEmpty()) {
                            break;
                        }
                        if (System.nanoTime() > deadline) {
                            player.abort();
                            job.cancel(true);
                            throw new InferenceException("FreeTTS did not finish speaking " + text.length()
                                    + " characters within " + SPEAK_TIMEOUT_MS + " ms");
                        }
                        continue;
                    }
                    if (failure != null) {
                        continue; // drain what is left after an error
                    }
                    if (e instanceof RuntimeException error) {
                        failure = error;
                        player.abort();
                    } else {
                        AudioClip clip = (AudioClip) e;
                        if (sampleRate != 0 && clip.sampleRate() != sampleRate) {
                            failure = new InferenceException("FreeTTS voice " + voice.getName() + " switched from "
                                    + sampleRate + " Hz to " + clip.sampleRate() + " Hz");
                            player.abort();
                        } else if (!clip.isEmpty()) {
                            try {
                                chunks.accept(clip);
                            } catch (RuntimeException consumerError) {
                                failure = consumerError;
                                player.abort();
                            }
                        }
                    }
                }
                boolean spoke = job.get(SPEAK_TIMEOUT_MS, TimeUnit.MILLISECONDS);
                if (failure != null) {
                    throw failure;
                }
                if (!spoke) {
                    throw new InferenceException("FreeTTS voice " + voice.getName() + " failed to speak: \""
                            + abbreviate(text) + "\"");
                }
            } catch (InterruptedException e) {
                player.abort();
                Thread.currentThread().interrupt();
                throw new InferenceException("interrupted while FreeTTS was speaking", e);
            } catch (ExecutionException e) {
                throw new InferenceException("FreeTTS voice " + voice.getName() + " failed on \"" + abbreviate(text)
                        + "\": " + e.getCause(), e.getCause());
            } catch (TimeoutException e) {
                player.abort();
                throw new InferenceException("FreeTTS did not finish within " + SPEAK_TIMEOUT_MS + " ms", e);
            }
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }

    @Override
    public int sampleRate() {
        return sampleRate;
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("this FreeTTS synthesizer is closed");
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            closeQuietly();
        }
    }

    private void closeQuietly() {
        closed.set(true);
        synchronized (ENGINE_LOCK) {
            try {
                voice.deallocate();
            } finally {
                speaker.shutdownNow();
            }
        }
    }

    @Override
    public String toString() {
        return "FreeTtsSynthesizer[" + voice.getName() + ", " + sampleRate + " Hz]";
    }
}

package dev.echollama.asr;

import dev.echollama.BadInputException;
import dev.echollama.InferenceException;
import dev.echollama.audio.AudioClip;
import dev.echollama.speech.Transcriber;
import dev.echollama.speech.Transcript;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.vosk.Model;
import org.vosk.Recognizer;

/**
 * Vosk (Kaldi) over one loaded model. A Vosk model may serve several recognizers at once, so each call makes its
 * own recognizer and calls run concurrently; {@link #close()} waits for calls in flight before freeing the model.
 */
final class VoskTranscriber implements Transcriber {
    private static final int CHUNK = 8_000;

    private final Model model;
    private final Path folder;
    private final int rate;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed; // guarded by lock

    VoskTranscriber(Model model, Path folder, int rate) {
        this.model = model;
        this.folder = folder;
        this.rate = rate;
    }

    @Override
    public Transcript transcribe(AudioClip audio) {
        if (audio == null) {
            throw new BadInputException("audio is null");
        }
        AudioClip clip = audio.resampled(rate);
        float[] samples = new float[clip.length()];
        clip.copyTo(samples, 0);
        List<SpeechRegions.Region> regions = SpeechRegions.find(samples, rate);
        lock.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("this Vosk transcriber is closed");
            }
            List<Transcript.Segment> segments = new ArrayList<>();
            for (SpeechRegions.Region region : regions) {
                decode(samples, region, segments);
            }
            return SphinxTranscriber.transcript(segments);
        } finally {
            lock.readLock().unlock();
        }
    }

    private void decode(float[] samples, SpeechRegions.Region region, List<Transcript.Segment> out) {
        double offset = region.from() / (double) rate;
        try (Recognizer recognizer = new Recognizer(model, rate)) {
            recognizer.setWords(true);
            short[] chunk = new short[CHUNK];
            for (int from = region.from(); from < region.to(); from += CHUNK) {
                int n = Math.min(CHUNK, region.to() - from);
                for (int i = 0; i < n; i++) {
                    chunk[i] = (short) Math.round(Math.max(-1f, Math.min(1f, samples[from + i])) * 32767f);
                }
                if (recognizer.acceptWaveForm(chunk, n)) {
                    add(out, VoskResults.segment(recognizer.getResult(), offset));
                }
            }
            add(out, VoskResults.segment(recognizer.getFinalResult(), offset));
        } catch (IOException e) {
            throw new InferenceException("Vosk could not create a recognizer for the model in " + folder + ": "
                    + e.getMessage(), e);
        }
    }

    private static void add(List<Transcript.Segment> out, Transcript.Segment s) {
        if (s != null) {
            out.add(s);
        }
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                model.close();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public String toString() {
        return "VoskTranscriber[" + folder + ", " + rate + " Hz]";
    }
}

package dev.echollama.tts;

import com.sun.speech.freetts.audio.AudioPlayer;
import dev.echollama.InferenceException;
import dev.echollama.audio.AudioClip;
import java.io.ByteArrayOutputStream;
import javax.sound.sampled.AudioFormat;

/**
 * FreeTTS's audio sink, keeping what the voice writes in memory instead of opening a sound card (there may be
 * none). FreeTTS calls it on its own output thread: begin, write..., end once per utterance; each finished
 * utterance is handed to the current sink as one clip.
 */
final class CapturePlayer implements AudioPlayer {
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private volatile AudioFormat format;
    private volatile Sink sink = new Sink() {
        @Override
        public void clip(AudioClip clip) {
        }

        @Override
        public void failed(RuntimeException e) {
        }
    };
    private volatile boolean cancelled;
    private volatile float volume = 1f;

    /** Receives finished utterances, on FreeTTS's output thread. */
    interface Sink {
        void clip(AudioClip clip);

        void failed(RuntimeException e);
    }

    /** Where finished utterances go from now on; also clears a previous cancellation. */
    void sink(Sink sink) {
        this.sink = sink;
        this.cancelled = false;
    }

    @Override
    public void setAudioFormat(AudioFormat format) {
        this.format = format;
    }

    @Override
    public AudioFormat getAudioFormat() {
        return format;
    }

    @Override
    public void pause() {
    }

    @Override
    public void resume() {
    }

    @Override
    public synchronized void reset() {
        buffer.reset();
    }

    @Override
    public boolean drain() {
        return true;
    }

    @Override
    public synchronized void begin(int size) {
        buffer.reset();
    }

    @Override
    public boolean end() {
        byte[] bytes;
        synchronized (this) {
            bytes = buffer.toByteArray();
            buffer.reset();
        }
        if (cancelled) {
            return false;
        }
        AudioFormat f = format;
        try {
            if (f == null) {
                throw new InferenceException("FreeTTS wrote audio without announcing its format");
            }
            boolean signed = f.getEncoding() == AudioFormat.Encoding.PCM_SIGNED;
            float[] samples = Pcm.decode(bytes, 0, bytes.length, f.getSampleSizeInBits(), signed, f.isBigEndian());
            sink.clip(AudioClip.of(samples, Math.round(f.getSampleRate())));
            return true;
        } catch (RuntimeException e) {
            // Thrown here it would only kill FreeTTS's output thread; the caller must hear about it instead.
            sink.failed(e);
            return false;
        }
    }

    @Override
    public void cancel() {
        cancelled = true;
    }

    /** Makes further writes fail so that FreeTTS stops the current request early. */
    void abort() {
        cancelled = true;
    }

    @Override
    public void close() {
    }

    @Override
    public float getVolume() {
        return volume;
    }

    @Override
    public void setVolume(float volume) {
        this.volume = volume;
    }

    @Override
    public long getTime() {
        return 0;
    }

    @Override
    public void resetTime() {
    }

    @Override
    public void startFirstSampleTimer() {
    }

    @Override
    public boolean write(byte[] audioData) {
        return write(audioData, 0, audioData.length);
    }

    @Override
    public synchronized boolean write(byte[] bytes, int offset, int size) {
        if (cancelled) {
            return false;
        }
        buffer.write(bytes, offset, size);
        return true;
    }

    @Override
    public void showMetrics() {
    }
}

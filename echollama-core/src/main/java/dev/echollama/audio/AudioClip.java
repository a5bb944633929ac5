package dev.echollama.audio;

import dev.echollama.BadInputException;
import java.util.Arrays;

/**
 * Immutable mono PCM audio: samples as floats nominally in [-1, 1] at {@link #sampleRate()} Hz.
 *
 * <p>Thread-safe; {@link #samples()} returns a copy. Use {@link #sample(int)} or {@link #copyTo(float[], int)} on
 * hot paths.
 */
public final class AudioClip {
    private final float[] samples;
    private final int sampleRate;

    private AudioClip(float[] samples, int sampleRate) {
        this.samples = samples;
        this.sampleRate = sampleRate;
    }

    /**
     * A clip holding a copy of {@code samples}.
     *
     * @throws BadInputException if the rate is not positive or a sample is NaN or infinite
     */
    public static AudioClip of(float[] samples, int sampleRate) {
        if (samples == null) {
            throw new BadInputException("samples are null");
        }
        return adopt(samples.clone(), sampleRate);
    }

    /** An empty clip (zero samples) at the given rate. */
    public static AudioClip silence(int sampleRate, int sampleCount) {
        return adopt(new float[sampleCount], sampleRate);
    }

    static AudioClip adopt(float[] samples, int sampleRate) {
        if (sampleRate <= 0) {
            throw new BadInputException("sample rate must be positive, got " + sampleRate);
        }
        for (int i = 0; i < samples.length; i++) {
            if (!Float.isFinite(samples[i])) {
                throw new BadInputException("sample " + i + " is " + samples[i] + "; samples must be finite");
            }
        }
        return new AudioClip(samples, sampleRate);
    }

    /** For decoders in this package that produced only finite samples and a positive rate: skips the scan. */
    static AudioClip adoptFinite(float[] samples, int sampleRate) {
        assert sampleRate > 0;
        return new AudioClip(samples, sampleRate);
    }

    /** Joins clips of one sample rate end to end. */
    public static AudioClip concat(int sampleRate, Iterable<AudioClip> clips) {
        int total = 0;
        for (AudioClip c : clips) {
            if (c.sampleRate != sampleRate) {
                throw new BadInputException("cannot join a " + c.sampleRate + " Hz clip into " + sampleRate
                        + " Hz audio; resample it first");
            }
            total = Math.addExact(total, c.samples.length);
        }
        float[] out = new float[total];
        int o = 0;
        for (AudioClip c : clips) {
            System.arraycopy(c.samples, 0, out, o, c.samples.length);
            o += c.samples.length;
        }
        return new AudioClip(out, sampleRate);
    }

    public int sampleRate() {
        return sampleRate;
    }

    public int length() {
        return samples.length;
    }

    public boolean isEmpty() {
        return samples.length == 0;
    }

    /** Duration in seconds. */
    public double durationSeconds() {
        return samples.length / (double) sampleRate;
    }

    public float sample(int index) {
        return samples[index];
    }

    /** A copy of the samples. */
    public float[] samples() {
        return samples.clone();
    }

    /** Copies all samples into {@code dst} starting at {@code offset}. */
    public void copyTo(float[] dst, int offset) {
        System.arraycopy(samples, 0, dst, offset, samples.length);
    }

    /**
     * This clip at {@code targetRate} Hz, band-limited by {@link Resampler} (this very clip when the rate already
     * matches).
     *
     * @throws BadInputException if a rate is outside what {@link Resampler} accepts
     */
    public AudioClip resampled(int targetRate) {
        return Resampler.resample(this, targetRate);
    }

    /** Samples {@code [from, to)} as a new clip. */
    public AudioClip slice(int from, int to) {
        return new AudioClip(Arrays.copyOfRange(samples, from, to), sampleRate);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AudioClip other && other.sampleRate == sampleRate && Arrays.equals(other.samples, samples);
    }

    @Override
    public int hashCode() {
        return 31 * sampleRate + Arrays.hashCode(samples);
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "AudioClip[%d samples, %d Hz, %.3f s]", samples.length,
                sampleRate, durationSeconds());
    }
}

package dev.echollama.tts;

import dev.echollama.audio.AudioClip;

/** Measurements on clips for assertions. */
final class Signals {
    private Signals() {
    }

    static double rms(AudioClip clip) {
        double sum = 0;
        for (int i = 0; i < clip.length(); i++) {
            sum += clip.sample(i) * (double) clip.sample(i);
        }
        return clip.isEmpty() ? 0 : Math.sqrt(sum / clip.length());
    }

    /** Seconds from the first to the last sample louder than {@code threshold}: the voiced span. */
    static double voicedSeconds(AudioClip clip, float threshold) {
        int first = -1;
        int last = -1;
        for (int i = 0; i < clip.length(); i++) {
            if (Math.abs(clip.sample(i)) > threshold) {
                if (first < 0) {
                    first = i;
                }
                last = i;
            }
        }
        return first < 0 ? 0 : (last - first + 1) / (double) clip.sampleRate();
    }
}

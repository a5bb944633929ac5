package dev.echollama.asr;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds the stretches of a 16 kHz clip that hold any sound, so that long digital silence (a muted microphone,
 * padding) is skipped in milliseconds instead of being fed to a decoder frame by frame. Deliberately blunt: only
 * near-digital silence (peak below -54 dBFS for at least {@link #MIN_GAP_SECONDS}) splits a clip; background
 * noise of a real room is left to the decoder's own end-pointer.
 */
final class SpeechRegions {
    static final float SILENCE_PEAK = 0.002f;
    static final double MIN_GAP_SECONDS = 1.0;
    static final double PADDING_SECONDS = 0.3;
    private static final double FRAME_SECONDS = 0.01;

    /** Sample range [from, to). */
    record Region(int from, int to) {
    }

    private SpeechRegions() {
    }

    static List<Region> find(float[] samples, int sampleRate) {
        int frame = Math.max(1, (int) Math.round(sampleRate * FRAME_SECONDS));
        int frames = (samples.length + frame - 1) / frame;
        int minGapFrames = (int) Math.ceil(MIN_GAP_SECONDS / FRAME_SECONDS);
        int pad = (int) Math.round(PADDING_SECONDS * sampleRate);
        List<Region> regions = new ArrayList<>();
        int start = -1;      // first loud frame of the current region
        int lastLoud = -1;   // last loud frame seen
        for (int f = 0; f < frames; f++) {
            if (loud(samples, f * frame, Math.min(samples.length, (f + 1) * frame))) {
                if (start < 0) {
                    start = f;
                } else if (f - lastLoud > minGapFrames) {
                    regions.add(padded(start, lastLoud, frame, pad, samples.length));
                    start = f;
                }
                lastLoud = f;
            }
        }
        if (start >= 0) {
            regions.add(padded(start, lastLoud, frame, pad, samples.length));
        }
        return merge(regions);
    }

    private static boolean loud(float[] s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s[i] > SILENCE_PEAK || s[i] < -SILENCE_PEAK) {
                return true;
            }
        }
        return false;
    }

    private static Region padded(int firstFrame, int lastFrame, int frame, int pad, int length) {
        int from = Math.max(0, firstFrame * frame - pad);
        int to = Math.min(length, (lastFrame + 1) * frame + pad);
        return new Region(from, to);
    }

    private static List<Region> merge(List<Region> regions) {
        List<Region> out = new ArrayList<>();
        for (Region r : regions) {
            if (!out.isEmpty() && out.get(out.size() - 1).to() >= r.from()) {
                Region last = out.remove(out.size() - 1);
                out.add(new Region(last.from(), Math.max(last.to(), r.to())));
            } else {
                out.add(r);
            }
        }
        return out;
    }
}

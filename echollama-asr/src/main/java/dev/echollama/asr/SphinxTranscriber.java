package dev.echollama.asr;

import dev.echollama.BadInputException;
import dev.echollama.InferenceException;
import dev.echollama.audio.AudioClip;
import dev.echollama.speech.Transcriber;
import dev.echollama.speech.Transcript;
import edu.cmu.sphinx.api.SpeechResult;
import edu.cmu.sphinx.result.Result;
import edu.cmu.sphinx.result.WordResult;
import edu.cmu.sphinx.util.LogMath;
import edu.cmu.sphinx.util.TimeFrame;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CMU Sphinx 4 over one loaded model. Sphinx's decoder is single-threaded state, so calls are serialised on this
 * instance; load one transcriber and reuse it (loading takes seconds).
 *
 * <p>Each call: resample to 16 kHz, skip digital silence ({@link SpeechRegions}), decode each remaining stretch
 * as a stream, one {@link Transcript.Segment} per utterance Sphinx finds. An utterance whose word lattice Sphinx
 * cannot build (its known NullPointerException) keeps its best-path words without a confidence; one that cannot
 * be read at all becomes an empty segment with confidence 0, logged, and never an exception.
 */
final class SphinxTranscriber implements Transcriber {
    static final int RATE = 16_000;
    private static final Logger LOG = LoggerFactory.getLogger(SphinxTranscriber.class);
    /** Less than one 25.6 ms analysis window: nothing to decode. */
    private static final int MIN_SAMPLES = 410;

    private final SphinxDecoder decoder;
    private final String description;
    private final Object lock = new Object();
    private final AtomicBoolean closed = new AtomicBoolean();
    private boolean warnedNoReset; // guarded by lock

    // Replaceable by tests to exercise the failure paths with real Sphinx results.
    Function<Result, List<WordResult>> latticeWords = r -> new SpeechResult(r).getWords();
    Function<Result, List<WordResult>> bestPathWords = r -> r.getTimedBestResult(false);

    SphinxTranscriber(SphinxDecoder decoder, String description) {
        this.decoder = decoder;
        this.description = description;
    }

    /** For tests: the decoder, to check the state it was set up in. */
    SphinxDecoder decoder() {
        return decoder;
    }

    @Override
    public Transcript transcribe(AudioClip audio) {
        if (audio == null) {
            throw new BadInputException("audio is null");
        }
        ensureOpen();
        AudioClip clip = audio.resampled(RATE);
        if (clip.length() < MIN_SAMPLES) {
            return new Transcript("", List.of(), OptionalDouble.empty());
        }
        float[] samples = new float[clip.length()];
        clip.copyTo(samples, 0);
        List<SpeechRegions.Region> regions = SpeechRegions.find(samples, RATE);
        List<Transcript.Segment> segments = new ArrayList<>();
        synchronized (lock) {
            ensureOpen();
            if (!decoder.resetCepstralMean() && !warnedNoReset) {
                warnedNoReset = true;
                LOG.warn("cannot reset Sphinx's cepstral mean between calls; transcripts may depend on earlier audio");
            }
            for (SpeechRegions.Region region : regions) {
                if (region.to() - region.from() >= MIN_SAMPLES) {
                    decode(samples, region, segments);
                }
            }
        }
        return transcript(segments);
    }

    private void decode(float[] samples, SpeechRegions.Region region, List<Transcript.Segment> out) {
        double offset = region.from() / (double) RATE;
        decoder.feed(new ByteArrayInputStream(pcm16(samples, region.from(), region.to())));
        while (true) {
            Result result;
            try {
                result = decoder.next();
            } catch (RuntimeException | AssertionError e) {
                throw new InferenceException("Sphinx failed while decoding audio at " + seconds(offset) + ": " + e,
                        e);
            }
            if (result == null) {
                return;
            }
            Transcript.Segment segment = segment(result, offset);
            if (segment != null) {
                out.add(segment);
            }
        }
    }

    /** One utterance; null when Sphinx heard only silence or noise in it. */
    Transcript.Segment segment(Result result, double offset) {
        List<WordResult> words;
        boolean withConfidence = true;
        try {
            words = latticeWords.apply(result);
        } catch (RuntimeException | AssertionError latticeFailure) {
            // AssertionError: the same lattice defect, reported by Sphinx's own asserts when run with -ea.
            double at = offset + result.getStartFrame() / 100.0;
            LOG.warn("Sphinx could not build the word lattice for the utterance at {} ({}); using its best path "
                    + "without confidence", seconds(at), latticeFailure.toString());
            withConfidence = false;
            try {
                words = bestPathWords.apply(result);
            } catch (RuntimeException | AssertionError pathFailure) {
                double end = Math.max(at, offset + result.getEndFrame() / 100.0);
                LOG.warn("Sphinx could not read the utterance at {}..{} ({}); its words are left out", seconds(at),
                        seconds(end), pathFailure.toString());
                return new Transcript.Segment("", at, end, OptionalDouble.of(0));
            }
        }
        List<String> spoken = new ArrayList<>();
        double start = Double.NaN;
        double end = Double.NaN;
        double confidenceSum = 0;
        LogMath logMath = LogMath.getLogMath();
        for (WordResult w : words == null ? List.<WordResult>of() : words) {
            String spelling = w.getWord().getSpelling();
            if (w.isFiller() || spelling.startsWith("<") || spelling.startsWith("[") || spelling.startsWith("+")) {
                continue;
            }
            TimeFrame tf = w.getTimeFrame();
            double ws = offset + tf.getStart() / 1000.0;
            double we = offset + Math.max(tf.getStart(), tf.getEnd()) / 1000.0;
            if (spoken.isEmpty()) {
                start = ws;
            }
            end = Math.max(Double.isNaN(end) ? we : end, we);
            spoken.add(spelling.toLowerCase(Locale.ROOT));
            if (withConfidence) {
                // Sphinx keeps posteriors in its log base; LOG_ONE (0) is certainty.
                double p = logMath.logToLinear((float) w.getConfidence());
                confidenceSum += Math.max(0, Math.min(1, p));
            }
        }
        if (spoken.isEmpty()) {
            return null;
        }
        OptionalDouble confidence = withConfidence ? OptionalDouble.of(confidenceSum / spoken.size())
                : OptionalDouble.empty();
        return new Transcript.Segment(String.join(" ", spoken), Math.max(0, start), Math.max(start, end), confidence);
    }

    static Transcript transcript(List<Transcript.Segment> segments) {
        StringBuilder text = new StringBuilder();
        double weighted = 0;
        int words = 0;
        boolean allScored = !segments.isEmpty();
        for (Transcript.Segment s : segments) {
            if (!s.text().isEmpty()) {
                text.append(text.length() == 0 ? "" : " ").append(s.text());
            }
            int n = s.text().isEmpty() ? 1 : s.text().split(" ").length;
            if (s.confidence().isPresent()) {
                weighted += s.confidence().getAsDouble() * n;
                words += n;
            } else {
                allScored = false;
            }
        }
        OptionalDouble confidence = allScored && words > 0 ? OptionalDouble.of(weighted / words)
                : OptionalDouble.empty();
        return new Transcript(text.toString(), segments, confidence);
    }

    /**
     * 16-bit little-endian PCM with one least-significant bit of triangular dither. Sphinx's front end takes the
     * logarithm of filter-bank energies, and stretches of exact digital zero (synthesised speech, gated
     * microphones) give minus infinity there and wreck the features of the whole utterance. The noise is seeded,
     * so a clip always decodes the same way.
     */
    static byte[] pcm16(float[] s, int from, int to) {
        SplittableRandom dither = new SplittableRandom(0x5EEDL);
        byte[] out = new byte[(to - from) * 2];
        for (int i = from, o = 0; i < to; i++, o += 2) {
            double d = dither.nextDouble() - dither.nextDouble();
            int v = (int) Math.round(Math.max(-1f, Math.min(1f, s[i])) * 32766.0 + d);
            out[o] = (byte) v;
            out[o + 1] = (byte) (v >> 8);
        }
        return out;
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.2f s", s);
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("this Sphinx transcriber is closed");
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            synchronized (lock) {
                try {
                    decoder.deallocate();
                } catch (RuntimeException e) {
                    LOG.debug("Sphinx deallocate failed", e);
                }
            }
        }
    }

    @Override
    public String toString() {
        return "SphinxTranscriber[" + description + "]";
    }
}

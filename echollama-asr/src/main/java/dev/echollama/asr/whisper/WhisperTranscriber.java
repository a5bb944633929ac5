package dev.echollama.asr.whisper;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.echollama.BadInputException;
import dev.echollama.InferenceException;
import dev.echollama.ModelCorruptException;
import dev.echollama.asr.vad.SileroVad;
import dev.echollama.asr.vad.SpeechSegment;
import dev.echollama.audio.AudioClip;
import dev.echollama.onnx.ElementType;
import dev.echollama.onnx.GraphSignature;
import dev.echollama.onnx.OnnxModel;
import dev.echollama.onnx.OnnxSessionConfig;
import dev.echollama.onnx.TensorSpec;
import dev.echollama.onnx.decoder.DecodeRequest;
import dev.echollama.onnx.decoder.DecodeResult;
import dev.echollama.onnx.decoder.KvDecoder;
import dev.echollama.onnx.decoder.LogitsProcessor;
import dev.echollama.onnx.decoder.LogitsProcessors;
import dev.echollama.onnx.tensor.Float16;
import dev.echollama.onnx.text.TextTokenizer;
import dev.echollama.onnx.text.WhisperPrompt;
import dev.echollama.speech.Transcriber;
import dev.echollama.speech.Transcript;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Whisper speech recognition on the Hugging Face / Xenova ONNX export (MODELS.md §7): the encoder, then the merged
 * decoder driven by the generic {@link KvDecoder} ({@code use_cache_branch} false on the first run, true after;
 * {@code .decoder} caches grown step by step, {@code .encoder} caches computed once and reused).
 *
 * <p><b>Per window</b> (at most 30 s of 16 kHz audio): {@link LogMelSpectrogram} features; the decoder starts
 * from {@code <|startoftranscript|>} and the rest of Whisper's prompt is forced token by token
 * ({@link WhisperPrompt}: multilingual {@code [sot, <|lang|>, <|task|>, <|notimestamps|>]}, English-only
 * {@code [sot, <|notimestamps|>]}) so that the logits at the start-of-transcript position give the no-speech
 * probability; greedy search; {@code suppress_tokens} at every step, {@code begin_suppress_tokens} at the first
 * text token (both from {@code generation_config.json}, else the lists of MODELS.md §7.4), timestamp tokens
 * forbidden; at most 448 decoder positions. A window is dropped as silence when its peak amplitude is below
 * {@value #SILENCE_PEAK} (digital silence, the model is not run) or by openai/whisper's no-speech rule
 * ({@link WhisperOptions#noSpeechThreshold()}).
 *
 * <p><b>Long audio.</b> Any rate is resampled to 16 kHz mono first. With a {@link SileroVad}, the audio is cut
 * at the utterances it finds: consecutive utterances are grouped while the group spans at most 30 s, each group is
 * one window, and audio with no utterance gives an empty transcript without running Whisper. Without a VAD (or for
 * a single utterance longer than 30 s) the audio is cut into 30 s windows that overlap by
 * {@link WhisperOptions#overlapSeconds()}; at each seam the two texts are joined on the longest run of at least
 * two words that the end of the first and the start of the second share (the words both windows heard whole);
 * without such a run both are kept whole. Each window becomes one {@link Transcript.Segment}, timed from the
 * window's audio; overlapping windows meet at the middle of their overlap. Segment confidence is
 * {@code exp(mean token log-probability)}.
 *
 * <p>Thread-safe: concurrent calls share the sessions. {@link #close()} waits for calls in progress, frees the
 * sessions, the tokenizer and the VAD it was given, and is idempotent; later calls throw
 * {@link IllegalStateException}.
 */
public final class WhisperTranscriber implements Transcriber {
    /** Peak amplitude under which a window counts as digital silence (about -80 dBFS). */
    public static final double SILENCE_PEAK = 1e-4;
    /** The lowest input rate accepted. */
    public static final int MIN_SAMPLE_RATE = 4_000;
    static final int MAX_POSITIONS = 448;
    private static final int WINDOW = LogMelSpectrogram.WINDOW_SAMPLES;
    private static final int RATE = LogMelSpectrogram.SAMPLE_RATE;

    private final WhisperFiles files;
    private final WhisperOptions options;
    private final OnnxModel encoder;
    private final OnnxModel decoderModel;
    private final KvDecoder decoder;
    private final TextTokenizer tokenizer;
    private final SileroVad vad;
    private final LogMelSpectrogram features;
    private final ElementType featureType;
    private final WhisperPrompt layout;
    private final int[] prompt;
    private final int[] suppress;
    private final int[] beginSuppress;
    private final int maxPositions;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed; // guarded by lock

    private WhisperTranscriber(WhisperFiles files, WhisperOptions options, OnnxModel encoder, OnnxModel decoderModel,
                               TextTokenizer tokenizer, SileroVad vad) {
        this.files = files;
        this.options = options;
        this.encoder = encoder;
        this.decoderModel = decoderModel;
        this.tokenizer = tokenizer;
        this.vad = vad;
        this.decoder = new KvDecoder(OnnxModel.environment(), decoderModel.session(), decoderModel.path());
        GraphSignature.Binding enc = GraphSignature.builder()
                .input(TensorSpec.anyOf("input_features", EnumSet.of(ElementType.FLOAT32, ElementType.FLOAT16),
                        TensorSpec.DYNAMIC, TensorSpec.DYNAMIC, LogMelSpectrogram.FRAMES))
                .output(TensorSpec.anyOf("last_hidden_state", EnumSet.of(ElementType.FLOAT32, ElementType.FLOAT16),
                        TensorSpec.DYNAMIC, TensorSpec.DYNAMIC, TensorSpec.DYNAMIC))
                .build().check(encoder);
        TensorSpec in = enc.inputSpec("input_features");
        this.featureType = in.type();
        long mels = in.dim(1);
        if (mels != TensorSpec.DYNAMIC && mels != 80 && mels != 128) {
            throw new ModelCorruptException(files.encoder(), files.encoder() + ": input_features must have 80 or 128 "
                    + "mel bins, it declares " + mels);
        }
        this.features = LogMelSpectrogram.of(mels == 128 ? 128 : 80);
        if (!decoder.signature().isEncoderDecoder()) {
            throw new ModelCorruptException(files.decoder(), files.decoder() + " has no encoder_hidden_states input: "
                    + "not a Whisper decoder");
        }
        GenerationConfig gen = files.generationConfig().map(GenerationConfig::read).orElse(GenerationConfig.empty());
        int vocab = decoder.signature().vocabSize();
        boolean multilingual = gen.multilingual().orElse(vocab != 51_864);
        int languages = 99;
        if (vocab > 0) {
            languages = vocab - (multilingual ? 51_766 : 51_765);
            if (languages < 1 || languages > 100) {
                throw new ModelCorruptException(files.decoder(), files.decoder() + ": a logits vocabulary of " + vocab
                        + " does not fit Whisper's token layout (51864 English-only, 51865 or 51866 multilingual)");
            }
        }
        this.layout = WhisperPrompt.of(multilingual, languages);
        long[] p;
        if (multilingual) {
            p = layout.prompt(options.language(), options.task(), false);
        } else {
            if (!options.language().trim().equalsIgnoreCase("en")
                    || options.task() != WhisperPrompt.Task.TRANSCRIBE) {
                throw new BadInputException("the English-only Whisper model in " + files.folder()
                        + " transcribes English only; asked for language '" + options.language() + "', task "
                        + options.task());
            }
            p = layout.prompt(false);
        }
        this.prompt = Arrays.stream(p).mapToInt(Math::toIntExact).toArray();
        checkIds(gen, tokenizer, options);
        this.suppress = gen.suppressTokens().orElse(multilingual ? WhisperTokens.SUPPRESS_MULTILINGUAL
                : WhisperTokens.SUPPRESS_ENGLISH).clone();
        this.beginSuppress = gen.beginSuppressTokens()
                .orElse(Arrays.stream(layout.beginSuppressTokens()).mapToInt(Math::toIntExact).toArray()).clone();
        this.maxPositions = Math.min(MAX_POSITIONS, gen.maxLength().orElse(MAX_POSITIONS));
    }

    /** Fails on ids that contradict the token layout: a different export would decode garbage silently. */
    private void checkIds(GenerationConfig gen, TextTokenizer tok, WhisperOptions o) {
        List<String> problems = new ArrayList<>();
        expect(problems, "generation_config decoder_start_token_id", gen.decoderStartTokenId(),
                layout.startOfTranscript());
        expect(problems, "generation_config no_timestamps_token_id", gen.noTimestampsTokenId(), layout.noTimestamps());
        if (layout.multilingual()) {
            Long lang = gen.langToId().get("<|" + o.language().trim().toLowerCase(java.util.Locale.ROOT) + "|>");
            if (lang != null && lang != layout.language(o.language())) {
                problems.add("generation_config lang_to_id gives " + lang + " for " + o.language() + ", expected "
                        + layout.language(o.language()));
            }
        }
        expect(problems, "tokenizer <|endoftext|>", tok.tokenId("<|endoftext|>"), layout.endOfText());
        expect(problems, "tokenizer <|startoftranscript|>", tok.tokenId("<|startoftranscript|>"),
                layout.startOfTranscript());
        expect(problems, "tokenizer <|notimestamps|>", tok.tokenId("<|notimestamps|>"), layout.noTimestamps());
        if (!problems.isEmpty()) {
            throw new ModelCorruptException(files.folder(), "Whisper model " + files.folder()
                    + " does not match the " + layout + " token layout: " + String.join("; ", problems));
        }
    }

    private static void expect(List<String> problems, String what, OptionalLong actual, long expected) {
        if (actual.isPresent() && actual.getAsLong() != expected) {
            problems.add(what + " is " + actual.getAsLong() + ", expected " + expected);
        }
    }

    /** Opens the model folder with {@link WhisperOptions#defaults()}, on the CPU, without a VAD. */
    public static WhisperTranscriber open(Path modelFolder) {
        return open(modelFolder, WhisperOptions.defaults(), OnnxSessionConfig.defaults(), null);
    }

    /**
     * Opens a Whisper export.
     *
     * @param modelFolder the folder holding {@code tokenizer.json}, {@code onnx/encoder_model*.onnx},
     *                    {@code onnx/decoder_model_merged*.onnx} and optionally {@code generation_config.json}
     * @param vad         used to find utterances in the audio, or null to cut fixed windows; the transcriber owns
     *                    it from now on (closes it), even when this method throws
     * @throws dev.echollama.ModelMissingException if a file is missing
     * @throws ModelCorruptException if a graph or file does not fit Whisper's contract (the message says what)
     * @throws BadInputException     if the options do not fit the model (a language an English-only model lacks)
     */
    public static WhisperTranscriber open(Path modelFolder, WhisperOptions options, OnnxSessionConfig session,
                                          SileroVad vad) {
        return open(modelFolder, options, session, vad,
                modelFolder == null ? "whisper-base" : String.valueOf(modelFolder.getFileName()));
    }

    static WhisperTranscriber open(Path modelFolder, WhisperOptions options, OnnxSessionConfig session,
                                   SileroVad vad, String modelId) {
        List<AutoCloseable> opened = new ArrayList<>();
        if (vad != null) {
            opened.add(vad);
        }
        try {
            if (modelFolder == null || options == null || session == null) {
                throw new BadInputException("model folder, options and session config must not be null");
            }
            WhisperFiles files = WhisperFiles.find(modelFolder, options.variant(), modelId);
            OnnxModel encoder = OnnxModel.open(files.encoder(), session);
            opened.add(encoder);
            OnnxModel decoder = OnnxModel.open(files.decoder(), session);
            opened.add(decoder);
            TextTokenizer tokenizer = TextTokenizer.load(files.tokenizer());
            opened.add(tokenizer);
            return new WhisperTranscriber(files, options, encoder, decoder, tokenizer, vad);
        } catch (RuntimeException e) {
            for (AutoCloseable c : opened) {
                try {
                    c.close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    @Override
    public Transcript transcribe(AudioClip audio) {
        lock.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("Whisper transcriber for " + files.folder() + " is closed");
            }
            if (audio == null) {
                throw new BadInputException("audio is null");
            }
            if (audio.sampleRate() < MIN_SAMPLE_RATE) {
                throw new BadInputException("audio at " + audio.sampleRate() + " Hz cannot hold speech; Whisper needs "
                        + "at least " + MIN_SAMPLE_RATE + " Hz (16000 Hz is used)");
            }
            if (audio.isEmpty()) {
                return new Transcript("", List.of(), OptionalDouble.empty());
            }
            AudioClip clip = audio.resampled(RATE);
            float[] samples = clip.samples();
            List<Span> spans = plan(samples.length, vad == null ? null : vad.segments(clip), options.overlapSeconds());
            return transcribeSpans(samples, spans);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** A stretch of 16 kHz samples decoded as one window. */
    record Span(int start, int end, boolean overlapsPrevious, boolean overlapsNext) {
    }

    /**
     * The windows for {@code length} samples: VAD utterances grouped into at most 30 s when {@code speech} is
     * given (empty list: nothing to decode), else overlapping 30 s windows.
     */
    static List<Span> plan(int length, List<SpeechSegment> speech, double overlapSeconds) {
        List<Span> out = new ArrayList<>();
        if (speech == null) {
            fixedWindows(0, length, overlapSeconds, out);
            return out;
        }
        int i = 0;
        while (i < speech.size()) {
            int start = toSample(speech.get(i).startSeconds(), length);
            int end = toSample(speech.get(i).endSeconds(), length);
            int j = i + 1;
            while (j < speech.size() && toSample(speech.get(j).endSeconds(), length) - start <= WINDOW) {
                end = toSample(speech.get(j).endSeconds(), length);
                j++;
            }
            if (end - start > WINDOW) {
                fixedWindows(start, end, overlapSeconds, out);
            } else if (end > start) {
                out.add(new Span(start, end, false, false));
            }
            i = j;
        }
        return out;
    }

    private static int toSample(double seconds, int length) {
        return (int) Math.min(length, Math.max(0, Math.round(seconds * RATE)));
    }

    private static void fixedWindows(int from, int to, double overlapSeconds, List<Span> out) {
        int hop = WINDOW - (int) Math.round(overlapSeconds * RATE);
        int first = out.size();
        for (int start = from; ; start += hop) {
            int end = Math.min(to, start + WINDOW);
            out.add(new Span(start, end, out.size() > first, end < to));
            if (end >= to) {
                break;
            }
        }
    }

    private Transcript transcribeSpans(float[] samples, List<Span> spans) {
        List<String> texts = new ArrayList<>();
        List<double[]> times = new ArrayList<>();
        List<WindowResult> results = new ArrayList<>();
        double halfOverlap = options.overlapSeconds() / 2;
        int chainStart = 0; // first window of the current run of overlapping windows
        for (Span span : spans) {
            WindowResult r = peak(samples, span.start(), span.end()) < SILENCE_PEAK
                    ? WindowResult.SILENT : decodeWindow(samples, span.start(), span.end() - span.start());
            String text = r.silent() ? "" : r.text();
            if (!span.overlapsPrevious()) {
                chainStart = texts.size();
            } else if (!text.isEmpty()) {
                text = joinSeam(texts, chainStart, text);
            }
            double start = span.start() / (double) RATE + (span.overlapsPrevious() ? halfOverlap : 0);
            double end = span.end() / (double) RATE - (span.overlapsNext() ? halfOverlap : 0);
            texts.add(text);
            times.add(new double[] {start, Math.max(start, end)});
            results.add(r);
        }
        List<Transcript.Segment> segments = new ArrayList<>();
        double logProbSum = 0;
        int tokenCount = 0;
        for (int i = 0; i < texts.size(); i++) {
            WindowResult r = results.get(i);
            if (!r.silent()) {
                logProbSum += r.logProbSum();
                tokenCount += r.tokens() + 1;
            }
            if (!texts.get(i).isBlank()) {
                segments.add(new Transcript.Segment(texts.get(i).strip(), times.get(i)[0], times.get(i)[1],
                        OptionalDouble.of(Math.exp(r.averageLogProb()))));
            }
        }
        String text = String.join(" ", segments.stream().map(Transcript.Segment::text).toList());
        return new Transcript(text, segments,
                segments.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(Math.exp(logProbSum / tokenCount)));
    }

    /**
     * Joins {@code text} onto the texts of the overlapping windows {@code texts[chainStart..]} (the earlier side is
     * all their words, so a window whose words all lay in an overlap does not break the chain), truncating those
     * texts in place; returns what is left of {@code text}.
     */
    static String joinSeam(List<String> texts, int chainStart, String text) {
        List<String> earlier = new ArrayList<>();
        List<Integer> owner = new ArrayList<>();
        for (int i = chainStart; i < texts.size(); i++) {
            for (String w : SeamMerger.words(texts.get(i))) {
                earlier.add(w);
                owner.add(i);
            }
        }
        List<String> later = SeamMerger.words(text);
        SeamMerger.Seam seam = SeamMerger.seam(earlier, later);
        if (seam.keepEarlier() < earlier.size()) {
            for (int i = chainStart; i < texts.size(); i++) {
                List<String> keep = new ArrayList<>();
                for (int k = 0; k < seam.keepEarlier(); k++) {
                    if (owner.get(k) == i) {
                        keep.add(earlier.get(k));
                    }
                }
                texts.set(i, String.join(" ", keep));
            }
        }
        return String.join(" ", later.subList(seam.dropLater(), later.size()));
    }

    private static double peak(float[] samples, int from, int to) {
        double peak = 0;
        for (int i = from; i < to; i++) {
            peak = Math.max(peak, Math.abs(samples[i]));
        }
        return peak;
    }

    /** One window's outcome; {@code silent} when it was judged to hold no speech. */
    record WindowResult(String text, int tokens, double logProbSum, double noSpeechProb, boolean silent) {
        static final WindowResult SILENT = new WindowResult("", 0, 0, 1, true);

        double averageLogProb() {
            return logProbSum / (tokens + 1);
        }
    }

    WindowResult decodeWindow(float[] samples, int offset, int length) {
        float[] mel = features.compute(samples, offset, length);
        long[] shape = {1, features.mels(), LogMelSpectrogram.FRAMES};
        int forced = prompt.length - 1;
        try (OnnxTensor input = featureTensor(mel, shape);
             OrtSession.Result encoded = encoder.run(Map.of("input_features", input), java.util.Set.of(
                     "last_hidden_state"))) {
            OnnxTensor states = (OnnxTensor) encoded.get("last_hidden_state").orElseThrow();
            Stats stats = new Stats(Math.toIntExact(layout.noSpeech()), forced, Math.toIntExact(layout.endOfText()));
            int timestamps = Math.toIntExact(layout.timestampBegin());
            LogitsProcessor noTimestamps = (logits, history) -> {
                if (timestamps < logits.length) {
                    Arrays.fill(logits, timestamps, logits.length, Float.NEGATIVE_INFINITY);
                }
            };
            DecodeRequest request = DecodeRequest.builder()
                    .prompt(prompt[0])
                    .encoderHiddenStates(states)
                    .processors(stats.atStart(), LogitsProcessors.suppress(suppress), noTimestamps,
                            LogitsProcessors.suppressAt(forced, beginSuppress),
                            LogitsProcessors.forceSequence(0, Arrays.copyOfRange(prompt, 1, prompt.length)),
                            stats.chosen())
                    .stopTokens(Math.toIntExact(layout.endOfText()))
                    .maxNewTokens(maxPositions - 1)
                    .contextLength(maxPositions)
                    .build();
            DecodeResult result = decoder.generate(request);
            int[] ids = result.ids();
            for (int i = 0; i < Math.min(forced, ids.length); i++) {
                if (ids[i] != prompt[i + 1]) {
                    throw new InferenceException("Whisper decoder " + files.decoder() + " did not follow the forced "
                            + "prompt: position " + (i + 1) + " is " + ids[i] + ", expected " + prompt[i + 1]);
                }
            }
            long[] text = Arrays.stream(ids, Math.min(forced, ids.length), ids.length).asLongStream().toArray();
            String decoded = tokenizer.decode(text, true).strip();
            boolean silent = stats.noSpeechProb > options.noSpeechThreshold()
                    && stats.logProbSum / (text.length + 1) < options.logProbThreshold();
            return new WindowResult(decoded, text.length, stats.logProbSum, stats.noSpeechProb, silent);
        } catch (OrtException e) {
            throw new InferenceException("cannot build the Whisper encoder input: " + e.getMessage(), e);
        }
    }

    private OnnxTensor featureTensor(float[] mel, long[] shape) throws OrtException {
        if (featureType == ElementType.FLOAT16) {
            return OnnxTensor.createTensor(OnnxModel.environment(), ShortBuffer.wrap(Float16.fromFloat(mel)), shape,
                    ai.onnxruntime.OnnxJavaType.FLOAT16);
        }
        return OnnxTensor.createTensor(OnnxModel.environment(), FloatBuffer.wrap(mel), shape);
    }

    /**
     * Per-window statistics gathered by two processors around the chain: the no-speech probability from the raw
     * logits at the start-of-transcript position, and the log-probability of each greedily chosen text token
     * after every suppression (as openai/whisper computes {@code avg_logprob}). One instance per window.
     */
    static final class Stats {
        private final int noSpeech;
        private final int forced;
        private final int eot;
        double noSpeechProb;
        double logProbSum;

        Stats(int noSpeech, int forced, int eot) {
            this.noSpeech = noSpeech;
            this.forced = forced;
            this.eot = eot;
        }

        LogitsProcessor atStart() {
            return (logits, history) -> {
                if (history.generatedCount() == 0 && noSpeech < logits.length) {
                    noSpeechProb = Math.exp(logits[noSpeech] - logSumExp(logits));
                }
            };
        }

        LogitsProcessor chosen() {
            return (logits, history) -> {
                if (history.generatedCount() < forced) {
                    return;
                }
                int best = 0;
                for (int i = 1; i < logits.length; i++) {
                    if (logits[i] > logits[best]) {
                        best = i;
                    }
                }
                if (best != eot) {
                    logProbSum += logits[best] - logSumExp(logits);
                }
            };
        }

        static double logSumExp(float[] logits) {
            double max = Double.NEGATIVE_INFINITY;
            for (float l : logits) {
                max = Math.max(max, l);
            }
            if (max == Double.NEGATIVE_INFINITY) {
                return max;
            }
            double sum = 0;
            for (float l : logits) {
                sum += Math.exp(l - max);
            }
            return max + Math.log(sum);
        }
    }

    /** Whether the model is multilingual (its prompt carries a language and a task). */
    public boolean multilingual() {
        return layout.multilingual();
    }

    /** The forced decoder prompt, {@code <|startoftranscript|>} first. */
    public long[] prompt() {
        return Arrays.stream(prompt).asLongStream().toArray();
    }

    /** The loaded variant ({@code fp32}, {@code quantized}, ...). */
    public String variant() {
        return files.variant();
    }

    /** Whether utterances are found with a VAD before decoding. */
    public boolean usesVad() {
        return vad != null;
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            RuntimeException failure = null;
            for (AutoCloseable c : new AutoCloseable[] {encoder, decoderModel, tokenizer, vad}) {
                if (c == null) {
                    continue;
                }
                try {
                    c.close();
                } catch (Exception e) {
                    if (failure == null) {
                        failure = new InferenceException("closing the Whisper transcriber failed: " + e.getMessage(),
                                e);
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
            if (failure != null) {
                throw failure;
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public String toString() {
        return "WhisperTranscriber[" + files.folder().getFileName() + " " + files.variant() + ", "
                + (layout.multilingual() ? "multilingual" : "English-only") + (vad != null ? ", VAD" : "") + "]";
    }
}

package dev.echollama.tts.orpheus;

import dev.echollama.BadInputException;
import dev.echollama.ModelMissingException;
import dev.echollama.onnx.OnnxModel;
import dev.echollama.onnx.OnnxSessionConfig;
import dev.echollama.onnx.text.TextTokenizer;
import dev.echollama.speech.SpeechSynthesizer;
import dev.echollama.speech.SpeechSynthesizerProvider;
import dev.echollama.spi.Availability;
import dev.echollama.spi.ProviderConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Orpheus-3B-0.1-ft speech (the EchoLLaMA paper's voice): a Llama-architecture speech LM run on ONNX Runtime that
 * writes SNAC audio codes, decoded to 24 kHz mono by the SNAC 24 kHz decoder. Highest text-to-speech priority;
 * available when both model folders are present: {@value #MODEL_ID} (tokenizer.json and an ONNX decoder such as
 * {@code onnx/model_q4f16.onnx}) and {@value #SNAC_MODEL_ID} ({@code onnx/decoder_model.onnx}).
 *
 * <h2>What it does (MODELS.md §5)</h2>
 * <ul>
 *   <li>Text is normalised ({@code SpeechText}), cut into sentences and, past {@value #MAX_TEXT_TOKENS} (default
 *       40 text tokens), into shorter pieces; each piece is one generation, streamed as its audio appears.</li>
 *   <li>Prompt: {@code 128259, <|begin_of_text|>, ids of "voice: text", 128009, 128260, 128261, 128257}. Emotion
 *       tags such as {@code <laugh>}, {@code <sigh>} in the text are passed through as text.</li>
 *   <li>Sampling defaults of the reference package: temperature 0.6, top-p 0.8, repetition penalty 1.3 (at least
 *       1.1 is required), at most 1200 new tokens per piece; generation stops at end_of_speech 128258.</li>
 *   <li>Audio follows the reference streaming decoder: the first audio comes after 28 accepted codes, then every
 *       7 codes the last 28 (4 frames) are decoded and samples {@code [2048, 4096)} (85.3 ms, the window's second
 *       frame) are handed over. At the end of a piece nothing is flushed, as in the reference: frame 0 and the
 *       last two frames of every piece are never played, and a piece with fewer than 4 frames gives no audio.
 *       See {@link SnacFrameAssembler} for how codes are parsed and which are dropped.</li>
 * </ul>
 *
 * <p>Options ({@link ProviderConfig#option}): {@value #VOICE} (tara, leah, jess, leo, dan, mia, zac, zoe; default
 * tara), {@value #TEMPERATURE}, {@value #TOP_P}, {@value #REPETITION_PENALTY}, {@value #MAX_NEW_TOKENS},
 * {@value #MAX_TEXT_TOKENS}, {@value #SEED} (fixes the sampler's random stream), {@value #NORMALIZE} (default
 * true) and {@value #VARIANT} (which LM file: q4f16, q4, quantized, int8, uint8, fp16, fp32, bnb4; default the
 * first present in that order). The device and threads of the config apply to both sessions.
 */
public final class OrpheusSynthesizerProvider implements SpeechSynthesizerProvider {
    public static final String NAME = "orpheus";
    /** The speech LM's model id. */
    public static final String MODEL_ID = "orpheus-3b-0.1-ft";
    /** The audio decoder's model id. */
    public static final String SNAC_MODEL_ID = "snac-24khz";

    public static final String VOICE = "orpheus.voice";
    public static final String TEMPERATURE = "orpheus.temperature";
    public static final String TOP_P = "orpheus.top-p";
    public static final String REPETITION_PENALTY = "orpheus.repetition-penalty";
    public static final String MAX_NEW_TOKENS = "orpheus.max-new-tokens";
    public static final String MAX_TEXT_TOKENS = "orpheus.max-text-tokens";
    public static final String SEED = "orpheus.seed";
    public static final String NORMALIZE = "orpheus.normalize";
    public static final String VARIANT = "orpheus.variant";

    /** Public for {@link java.util.ServiceLoader}; does no work. */
    public OrpheusSynthesizerProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public String description() {
        return "Orpheus-3B-0.1-ft speech LM + SNAC 24 kHz decoder (ONNX, 24 kHz, 8 voices); needs models "
                + MODEL_ID + " and " + SNAC_MODEL_ID;
    }

    @Override
    public Availability availability(ProviderConfig config) {
        try {
            Located p = locate(config);
            if (p.message != null) {
                return Availability.no(p.message);
            }
            return Availability.yes(p.lm + " + " + p.snac);
        } catch (RuntimeException e) {
            return Availability.no("Orpheus availability check failed: " + e);
        }
    }

    @Override
    public SpeechSynthesizer create(ProviderConfig config) {
        if (config == null) {
            throw new BadInputException("provider config is null");
        }
        Located p = locate(config);
        if (p.message != null) {
            throw new ModelMissingException(p.missing, p.message);
        }
        OrpheusSettings settings = OrpheusSettings.from(config);
        OnnxSessionConfig sessions = OnnxSessionConfig.from(config);
        TextTokenizer tokenizer = null;
        OnnxModel lm = null;
        OnnxModel snac = null;
        try {
            tokenizer = TextTokenizer.load(p.tokenizer);
            lm = OnnxModel.open(p.lm, sessions);
            snac = OnnxModel.open(p.snac, sessions);
            return new OrpheusSynthesizer(lm, tokenizer, snac, settings);
        } catch (RuntimeException e) {
            closeQuietly(snac, e);
            closeQuietly(lm, e);
            closeQuietly(tokenizer, e);
            throw e;
        }
    }

    private static void closeQuietly(AutoCloseable c, RuntimeException primary) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            primary.addSuppressed(e);
        }
    }

    /** The files to load, or what is missing and how to get it. */
    private static final class Located {
        Path lm;
        Path tokenizer;
        Path snac;
        Path missing;
        String message;
    }

    private static Located locate(ProviderConfig config) {
        Located p = new Located();
        Optional<String> variant = config.option(VARIANT);
        if (variant.isPresent() && !OrpheusFiles.knownVariant(variant.get())) {
            p.message = "option " + VARIANT + " must be one of " + OrpheusFiles.VARIANTS.keySet() + ", got '"
                    + variant.get() + "'";
            return p;
        }
        Optional<Path> folder = config.findModel(MODEL_ID);
        Optional<Path> snacFolder = config.findModel(SNAC_MODEL_ID);
        if (folder.isEmpty() || snacFolder.isEmpty()) {
            StringBuilder sb = new StringBuilder("model");
            if (folder.isEmpty() && snacFolder.isEmpty()) {
                sb.append("s ").append(MODEL_ID).append(" and ").append(SNAC_MODEL_ID).append(" are");
            } else {
                sb.append(' ').append(folder.isEmpty() ? MODEL_ID : SNAC_MODEL_ID).append(" is");
            }
            sb.append(" not installed; looked in ");
            if (folder.isEmpty()) {
                sb.append(config.models().candidates(MODEL_ID));
            }
            if (snacFolder.isEmpty()) {
                sb.append(folder.isEmpty() ? " and " : "").append(config.models().candidates(SNAC_MODEL_ID));
            }
            sb.append(". Get ").append(folder.isEmpty() && snacFolder.isEmpty() ? "them" : "it").append(" with: ");
            if (folder.isEmpty()) {
                sb.append("echollama models fetch ").append(MODEL_ID);
            }
            if (snacFolder.isEmpty()) {
                sb.append(folder.isEmpty() ? " and " : "").append("echollama models fetch ").append(SNAC_MODEL_ID);
            }
            p.missing = folder.isEmpty() ? config.models().defaultLocation(MODEL_ID)
                    : config.models().defaultLocation(SNAC_MODEL_ID);
            p.message = sb.toString();
            return p;
        }
        Path dir = folder.get();
        Optional<Path> lm = Files.isDirectory(dir) ? OrpheusFiles.lm(dir, variant) : Optional.empty();
        if (lm.isEmpty()) {
            p.missing = dir;
            p.message = MODEL_ID + " folder " + dir + " holds no speech LM ONNX file; looked for "
                    + (Files.isDirectory(dir) ? OrpheusFiles.lmCandidates(dir, variant) : "a folder")
                    + ". Re-fetch it with: echollama models fetch " + MODEL_ID;
            return p;
        }
        Path tokenizer = OrpheusFiles.tokenizer(dir);
        if (!Files.isRegularFile(tokenizer)) {
            p.missing = tokenizer;
            p.message = MODEL_ID + " folder " + dir + " has no " + OrpheusFiles.TOKENIZER
                    + ". Re-fetch it with: echollama models fetch " + MODEL_ID;
            return p;
        }
        Optional<Path> snac = OrpheusFiles.snac(snacFolder.get());
        if (snac.isEmpty()) {
            p.missing = snacFolder.get();
            p.message = SNAC_MODEL_ID + " at " + snacFolder.get() + " holds no SNAC decoder; looked for "
                    + OrpheusFiles.snacCandidates(snacFolder.get()) + ". Re-fetch it with: echollama models fetch "
                    + SNAC_MODEL_ID;
            return p;
        }
        p.lm = lm.get();
        p.tokenizer = tokenizer;
        p.snac = snac.get();
        return p;
    }
}

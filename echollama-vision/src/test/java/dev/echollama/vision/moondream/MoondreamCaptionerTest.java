package dev.echollama.vision.moondream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.echollama.BadInputException;
import dev.echollama.ModelMissingException;
import dev.echollama.image.RgbImage;
import dev.echollama.model.ModelLocator;
import dev.echollama.onnx.text.TextTokenizer;
import dev.echollama.spi.ProviderConfig;
import dev.echollama.spi.Providers;
import dev.echollama.testkit.onnx.ElementType;
import dev.echollama.testkit.onnx.MoondreamSpec;
import dev.echollama.testkit.onnx.SyntheticModels;
import dev.echollama.vision.CaptionRequest;
import dev.echollama.vision.Captioner;
import dev.echollama.vision.CaptionerProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On the testkit's synthetic Moondream2 graphs (see {@link SyntheticModels#moondream2}): the decoder's next token
 * is {@code (x + c + img) mod V}, where c counts the valid positions so far and img the image rows among them, and
 * it answers {@link #MISMATCH} when the image block is missing, out of order, misplaced in the positions or
 * truncated, or when the prompt is not exactly MODELS.md §3.5's layout (BOS, the 729 image rows where
 * {@code <image>} stands, then the text after it), which {@link #export} writes into every decoder here. A
 * WordLevel tokenizer spells id i as "w{i}" except for the words of the default prompt ({@link #word}: ":" is id 7,
 * "&lt;|endoftext|&gt;" id 511, which is also the BOS the provider takes from it), so the caption's words are the
 * generated ids, and every word and blank line of the prompt for the default question has an id of its own.
 */
class MoondreamCaptionerTest {
    private static final int V = 512;
    private static final int EOT = 511;
    private static final int MISMATCH = 510;
    private static final int COLON = 7;
    /**
     * Ids 1 to 6 spell the words of the default prompt's text after {@code <image>}; a pre-tokenizer that keeps
     * newlines glued to the word after them makes "\n\nQuestion" and "\n\nAnswer" words of their own, so the
     * blank lines count (as the real byte-level BPE's do) while the prompt keeps its 8 tokens.
     */
    private static final List<String> PROMPT_WORDS =
            List.of("\n\nQuestion", "Describe", "this", "image", ".", "\n\nAnswer");
    private static final int IMAGE_ROWS = MoondreamSpec.IMAGE_TOKENS;
    private static final long IMAGE = MoondreamSpec.IMAGE_TOKEN_INDEX;

    @TempDir
    Path dir;

    private static MoondreamSpec.Builder small() {
        return MoondreamSpec.builder().layers(2).heads(2).headDim(4).hidden(8).vocabSize(V).mismatchToken(MISMATCH);
    }

    /**
     * The export's layout: graphs under onnx/, tokenizer at the root. The decoder insists on the prompt for the
     * default question ({@link #prompt}) unless {@code spec} sets its own layout.
     */
    private Path export(MoondreamSpec.Builder spec) throws Exception {
        return export(spec, "Describe this image.");
    }

    private Path export(MoondreamSpec.Builder spec, String question) throws Exception {
        Path root = dir.resolve("moondream2");
        Files.createDirectories(root);
        Files.writeString(root.resolve("tokenizer.json"), tokenizerJson());
        MoondreamSpec built = spec.build();
        if (built.layout().isEmpty()) {
            built = spec.layout(prompt(root, question)).build();
        }
        SyntheticModels.moondream2(root.resolve("onnx"), built);
        return root;
    }

    /** The text after {@code <image>} in MODELS.md §3.5's prompt, tokenized without special tokens. */
    private static long[] textAfterImage(Path root, String question) {
        try (TextTokenizer t = TextTokenizer.load(root)) {
            return t.encode("\n\nQuestion: " + question + "\n\nAnswer:", false);
        }
    }

    /**
     * MODELS.md §3.5 as ids: BOS (511 here), then {@code <image>} (-200), which opens the prompt
     * {@code "<image>\n\nQuestion: {q}\n\nAnswer:"}, then the rest of it.
     */
    private static long[] prompt(Path root, String question) {
        long[] text = textAfterImage(root, question);
        long[] ids = new long[2 + text.length];
        ids[0] = EOT;
        ids[1] = IMAGE;
        System.arraycopy(text, 0, ids, 2, text.length);
        return ids;
    }

    /** How the tokenizer spells id {@code id} (below {@link #EOT}). */
    private static String word(long id) {
        return id == COLON ? ":" : id >= 1 && id <= PROMPT_WORDS.size() ? PROMPT_WORDS.get((int) id - 1) : "w" + id;
    }

    /** The tokenizer.json of the synthetic exports here and in {@link MoondreamCaptionerContractTest}. */
    static String tokenizerJson() {
        StringJoiner vocab = new StringJoiner(", ");
        for (int i = 0; i < EOT; i++) {
            vocab.add('"' + word(i).replace("\n", "\\n") + "\": " + i);
        }
        vocab.add("\"<|endoftext|>\": " + EOT);
        return "{\"version\": \"1.0\", \"truncation\": null, \"padding\": null, \"added_tokens\": [{\"id\": " + EOT
                + ", \"content\": \"<|endoftext|>\", \"single_word\": false, \"lstrip\": false, \"rstrip\": false, "
                + "\"normalized\": false, \"special\": true}], \"normalizer\": null, "
                // Whitespace's own regex (words, runs of punctuation) with any newlines before a word kept on it.
                + "\"pre_tokenizer\": {\"type\": \"Split\", \"pattern\": {\"Regex\": \"\\\\n*\\\\w+|[^\\\\w\\\\s]+\"}, "
                + "\"behavior\": \"Removed\", \"invert\": true}, \"post_processor\": null, \"decoder\": null, "
                + "\"model\": {\"type\": \"WordLevel\", \"vocab\": {" + vocab + "}, \"unk_token\": \"w0\"}}";
    }

    private static ProviderConfig config(Path root, String... options) {
        ProviderConfig.Builder b = ProviderConfig.builder().model(MoondreamCaptionerProvider.MODEL_ID, root).threads(1);
        for (int i = 0; i < options.length; i += 2) {
            b.option(options[i], options[i + 1]);
        }
        return b.build();
    }

    /**
     * The caption a correct splice gives: BOS + 729 image rows + the text after {@code <image>}, so
     * n = 730 + T positions; x1 = (t + n + 729) mod V and x(k+1) = (xk + n + k + 729) mod V, stopping where the
     * graph's stop length or {@code maxTokens} says.
     */
    private static String expected(Path root, String question, int count) {
        long[] text = textAfterImage(root, question);
        int n = 1 + IMAGE_ROWS + text.length;
        long x = (text[text.length - 1] + n + IMAGE_ROWS) % V;
        StringJoiner words = new StringJoiner(" ");
        for (int k = 1; k <= count; k++) {
            words.add(word(x));
            x = (x + n + k + IMAGE_ROWS) % V;
        }
        return words.toString();
    }

    private static RgbImage image(int w, int h) {
        byte[] px = new byte[w * h * 3];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (i * 7);
        }
        return RgbImage.of(w, h, px);
    }

    @Test
    void splicedPromptGivesTheCountedTokensAndStopsAtEndOfText() throws Exception {
        // "\n\nQuestion: Describe this image.\n\nAnswer:" -> 8 words (the last ":" = 7): n = 738,
        // x1 = (7 + 738 + 729) mod 512 = 450, x2 = (450 + 739 + 729) mod 512 = 382, x3 = 315, then the stop length.
        Path root = export(small().stopAt(741, EOT));
        try (Captioner c = new MoondreamCaptionerProvider().create(config(root))) {
            String text = c.caption(CaptionRequest.of(image(64, 48))).text();
            assertThat(text).isEqualTo(expected(root, "Describe this image.", 3)).isEqualTo("w450 w382 w315");
            assertThat(c.usesEvidence()).isFalse();
        }
    }

    @Test
    void defaultPromptIsModelsMdsTemplateForDescribeThisImage() throws Exception {
        // MODELS.md §3.5: "<image>\n\nQuestion: {q}\n\nAnswer:" with q = "Describe this image.". After <image>:
        // "\n\nQuestion" 1, ":" 7, "Describe" 2, "this" 3, "image" 4, "." 5, "\n\nAnswer" 6, ":" 7. export() lays the
        // decoder out for these ids, so a provider sending another question or template gets mismatch tokens.
        Path root = export(small().stopAt(741, EOT));
        assertThat(textAfterImage(root, "Describe this image.")).containsExactly(1, COLON, 2, 3, 4, 5, 6, COLON);
        try (TextTokenizer t = TextTokenizer.load(root)) {
            // The near misses spell differently: one newline, "Q:", another question (unknown words are w0).
            assertThat(t.encode("\nAnswer:", false)).containsExactly(0, COLON);
            assertThat(t.encode("\n\nQ:", false)).containsExactly(0, COLON);
            assertThat(t.encode("Describe the image.", false)).containsExactly(2, 0, 4, 5);
        }
        // No moondream2.prompt option: the provider's own default question, in the template, matches the layout.
        try (Captioner c = new MoondreamCaptionerProvider().create(config(root))) {
            assertThat(c.caption(CaptionRequest.of(image(12, 9))).text()).isEqualTo("w450 w382 w315");
        }
    }

    @Test
    void promptAndMaxTokensOptions() throws Exception {
        Path root = export(small(), "What is on my left?");
        try (Captioner c = new MoondreamCaptionerProvider().create(config(root, "moondream2.max-tokens", "4",
                "moondream2.prompt", "What is on my left?"))) {
            String text = c.caption(CaptionRequest.of(image(10, 10))).text();
            assertThat(text).isEqualTo(expected(root, "What is on my left?", 4));
            assertThat(text.split(" ")).hasSize(4).doesNotContain("w" + MISMATCH);
        }
    }

    @Test
    void generationConfigStopIds() throws Exception {
        Path root = export(small());
        Files.writeString(root.resolve("generation_config.json"),
                "{\"bos_token_id\": 511, \"eos_token_id\": [315, 511]}");
        try (Captioner c = new MoondreamCaptionerProvider().create(config(root))) {
            assertThat(c.caption(CaptionRequest.of(image(5, 5))).text()).isEqualTo("w450 w382");
        }
    }

    @Test
    void imageRowsStandWhereTheImageTokenIsNotBeforeBosOrAfterTheText() throws Exception {
        // The decoder written by export() compares every prompt position with [BOS, image rows 0..728, text after
        // <image>] (MODELS.md §3.5), so a caption of counted tokens means the provider spliced exactly there.
        Path root = export(small().stopAt(741, EOT));
        try (Captioner c = new MoondreamCaptionerProvider().create(config(root))) {
            assertThat(c.caption(CaptionRequest.of(image(64, 48))).text()).isEqualTo("w450 w382 w315");
        }
        // Controls: the same provider against decoders that expect the block before BOS (a splice at 0) or after
        // the text gets only mismatch tokens, so the check is live end to end through ONNX Runtime.
        long[] text = textAfterImage(root, "Describe this image.");
        long[] imageFirst = new long[2 + text.length];
        imageFirst[0] = IMAGE;
        imageFirst[1] = EOT;
        System.arraycopy(text, 0, imageFirst, 2, text.length);
        long[] imageLast = new long[2 + text.length];
        imageLast[0] = EOT;
        System.arraycopy(text, 0, imageLast, 1, text.length);
        imageLast[imageLast.length - 1] = IMAGE;
        for (long[] layout : List.of(imageFirst, imageLast)) {
            export(small().stopAt(741, EOT).layout(layout));
            try (Captioner c = new MoondreamCaptionerProvider().create(config(root, "moondream2.max-tokens", "2"))) {
                assertThat(c.caption(CaptionRequest.of(image(64, 48))).text())
                        .isEqualTo("w" + MISMATCH + " w" + MISMATCH);
            }
        }
    }

    @Test
    void fp32VariantIsTheDefaultChoice() throws Exception {
        Path root = export(small().stopAt(741, EOT));
        assertThat(onnxFiles(root))
                .containsExactlyInAnyOrder("vision_encoder.onnx", "embed_tokens.onnx", "decoder_model_merged.onnx");
        assertThat(new MoondreamCaptionerProvider().availability(config(root)).reason()).contains("moondream2 fp32 at");
        try (Captioner c = new MoondreamCaptionerProvider().create(config(root, "moondream2.variant", "fp32"))) {
            assertThat(c.caption(CaptionRequest.of(image(30, 40))).text()).isEqualTo("w450 w382 w315");
        }
    }

    @Test
    void fp16VariantFeedsHalfPixelsAndReadsHalfFeaturesEmbeddingsAndCache() throws Exception {
        // An fp16 export takes and gives float16 everywhere (kv_cache_dtype float16, MODELS.md §3.2). ORT refuses a
        // float32 tensor for a float16 input, so any caption proves half precision went in; the layout check
        // proves the image rows and embeddings came back out of float16 intact.
        Path root = export(small().visionType(ElementType.FLOAT16).embedType(ElementType.FLOAT16)
                .kvType(ElementType.FLOAT16).stopAt(741, EOT));
        assertThat(onnxFiles(root)).containsExactlyInAnyOrder("vision_encoder_fp16.onnx", "embed_tokens_fp16.onnx",
                "decoder_model_merged_fp16.onnx");
        assertThat(new MoondreamCaptionerProvider().availability(config(root)).reason()).contains("moondream2 fp16 at");
        try (Captioner c = new MoondreamCaptionerProvider().create(config(root, "moondream2.variant", "fp16"))) {
            assertThat(c.caption(CaptionRequest.of(image(30, 40))).text()).isEqualTo("w450 w382 w315");
        }
    }

    @Test
    void q4VariantConvertsHalfEmbeddingsForTheFloat32Decoder() throws Exception {
        // The provider's q4 set (the transformers.js demo's dtypes, MODELS.md §3.5): fp16 vision encoder and
        // embed_tokens beside decoder_model_merged_q4, whose inputs_embeds and cache are float32. The float16
        // embed_tokens rows (prompt and every generated token) must be widened before they reach the decoder.
        Path root = export(small().visionType(ElementType.FLOAT16).embedType(ElementType.FLOAT16)
                .decoderEmbedType(ElementType.FLOAT).kvType(ElementType.FLOAT)
                .decoderFile("decoder_model_merged_q4.onnx").stopAt(741, EOT));
        assertThat(onnxFiles(root)).containsExactlyInAnyOrder("vision_encoder_fp16.onnx", "embed_tokens_fp16.onnx",
                "decoder_model_merged_q4.onnx");
        assertThat(new MoondreamCaptionerProvider().availability(config(root)).reason()).contains("moondream2 q4 at");
        try (Captioner c = new MoondreamCaptionerProvider().create(config(root))) {
            assertThat(c.caption(CaptionRequest.of(image(30, 40))).text()).isEqualTo("w450 w382 w315");
        }
    }

    @Test
    void eachVariantOptionLoadsItsOwnDecoder() throws Exception {
        // All three sets in one folder, told apart by their decoders' stop lengths: fp32 stops after 3 tokens,
        // q4 after 4, fp16 after 5 (n = 738 prompt positions). The q4 and fp16 sets share their fp16 encoders.
        Path root = export(small().stopAt(741, EOT));
        export(small().visionType(ElementType.FLOAT16).embedType(ElementType.FLOAT16)
                .decoderEmbedType(ElementType.FLOAT).decoderFile("decoder_model_merged_q4.onnx").stopAt(742, EOT));
        export(small().visionType(ElementType.FLOAT16).embedType(ElementType.FLOAT16).kvType(ElementType.FLOAT16)
                .stopAt(743, EOT));
        String question = "Describe this image.";
        String[][] cases = {{null, expected(root, question, 3)}, {"fp32", expected(root, question, 3)},
                {"q4", expected(root, question, 4)}, {"fp16", expected(root, question, 5)}};
        for (String[] k : cases) {
            ProviderConfig cfg = k[0] == null ? config(root) : config(root, "moondream2.variant", k[0]);
            try (Captioner c = new MoondreamCaptionerProvider().create(cfg)) {
                assertThat(c.caption(CaptionRequest.of(image(8, 8))).text()).as("variant %s", k[0]).isEqualTo(k[1]);
            }
        }
        assertThat(expected(root, question, 5)).isEqualTo("w450 w382 w315 w249 w184");
    }

    @Test
    void greedyByDefaultTakesTheArgmaxAtASmallMarginAndStopsAtMaxTokens() throws Exception {
        // Logit 0.5 on the counted token, 0 on the other 511, and no stop length: only max-tokens ends a caption.
        // Sampling at the paper's temperature 0.7 hits the arg-max with p = e^(0.5/0.7) / (e^(0.5/0.7) + 511)
        // = 0.00398 per step (0.00322 at temperature 1), so five arg-max tokens in a row by chance: p^5 = 1.0e-12.
        Path root = export(small().logitMargin(0.5f));
        String question = "Describe this image.";
        try (Captioner c = new MoondreamCaptionerProvider().create(config(root, "moondream2.max-tokens", "5"))) {
            assertThat(c.caption(CaptionRequest.of(image(16, 16))).text())
                    .isEqualTo(expected(root, question, 5)).isEqualTo("w450 w382 w315 w249 w184");
        }
        try (Captioner c = new MoondreamCaptionerProvider().create(config(root, "moondream2.max-tokens", "2"))) {
            assertThat(c.caption(CaptionRequest.of(image(16, 16))).text()).isEqualTo("w450 w382");
        }
        // Control: sampling does diverge at this margin (this fails by chance with probability 1.0e-12).
        try (Captioner c = new MoondreamCaptionerProvider().create(config(root, "moondream2.max-tokens", "5",
                "moondream2.temperature", "0.7"))) {
            assertThat(c.caption(CaptionRequest.of(image(16, 16))).text()).isNotEqualTo(expected(root, question, 5));
        }
    }

    @Test
    void visionInputIsPixelsOver255WithMeanAndStdHalf() throws Exception {
        // No preprocessor_config.json: the built-in default (MODELS.md §3.4) is x / 255, then (x - 0.5) / 0.5. The
        // vision encoder checks what it is fed; pure red gives R (1 - 0.5) / 0.5 = 1, G and B (0 - 0.5) / 0.5 = -1
        // (channel mean -1/3) at every pixel, read here at two corners. ImageNet's mean and std would give R
        // (1 - 0.485) / 0.229 = 2.2489, G -2.0357, B -1.8044 (channel mean -0.5304, not -1/3).
        byte[] red = new byte[40 * 30 * 3];
        for (int i = 0; i < red.length; i += 3) {
            red[i] = (byte) 255;
        }
        MoondreamSpec.Builder spec = small().stopAt(741, EOT);
        for (int[] yx : new int[][] {{0, 0}, {377, 377}}) {
            spec.expectPixel(0, yx[0], yx[1], 1f).expectPixel(1, yx[0], yx[1], -1f).expectPixel(2, yx[0], yx[1], -1f);
        }
        Path root = export(spec);
        assertThat(root.resolve("preprocessor_config.json")).doesNotExist();
        try (Captioner c = new MoondreamCaptionerProvider().create(config(root))) {
            assertThat(c.caption(CaptionRequest.of(RgbImage.of(40, 30, red))).text()).isEqualTo("w450 w382 w315");
        }
        // Control: a graph that expects ImageNet's red gets only mismatch tokens, so the check is live.
        export(small().stopAt(741, EOT).expectPixel(0, 0, 0, 2.2489f));
        try (Captioner c = new MoondreamCaptionerProvider().create(config(root, "moondream2.max-tokens", "2"))) {
            assertThat(c.caption(CaptionRequest.of(RgbImage.of(40, 30, red))).text())
                    .isEqualTo("w" + MISMATCH + " w" + MISMATCH);
        }
    }

    /**
     * 100x60, background RGB (0, 64, 255) with a (255, 128, 0) rectangle over x in [30, 70), y in [20, 40): the
     * image make_edge_reference.py resizes.
     */
    private static RgbImage edgeImage() {
        byte[] px = new byte[100 * 60 * 3];
        for (int y = 0; y < 60; y++) {
            for (int x = 0; x < 100; x++) {
                boolean inside = x >= 30 && x < 70 && y >= 20 && y < 40;
                int i = (y * 100 + x) * 3;
                px[i] = (byte) (inside ? 255 : 0);
                px[i + 1] = (byte) (inside ? 128 : 64);
                px[i + 2] = (byte) (inside ? 0 : 255);
            }
        }
        return RgbImage.of(100, 60, px);
    }

    @Test
    void visionInputIsPillowsBicubicOfTheImage() throws Exception {
        // The edge image stretched to 378x378. Reference: Pillow 9.4's BICUBIC of it (make_edge_reference.py), row
        // 189 and column 189. At the pixels checked here, beside the rectangle's left and top edges, Pillow's
        // BILINEAR (resample 2) lands 12 levels nearer the middle in R and B: (189, 112) bicubic (55, 78, 200),
        // bilinear (67, 81, 188); (189, 114) (214, 118, 41) against (202, 115, 53); (124, 189) (55, 78, 200)
        // against (67, 81, 188); (127, 189) (200, 114, 55) against (188, 111, 67). The check's tolerance (1e-4)
        // is far below one level, 2 / 255 = 0.0078 after (x / 255 - 0.5) / 0.5.
        byte[] row = resource("edge_bicubic_378x378_row189.rgb");
        byte[] column = resource("edge_bicubic_378x378_col189.rgb");
        int[][] at = {{189, 112}, {189, 114}, {124, 189}, {127, 189}};
        MoondreamSpec.Builder spec = small().stopAt(741, EOT);
        float firstRed = 0;
        for (int[] yx : at) {
            for (int ch = 0; ch < 3; ch++) {
                int v = (yx[0] == 189 ? row[yx[1] * 3 + ch] : column[yx[0] * 3 + ch]) & 0xFF;
                float value = (float) ((v / 255.0 - 0.5) / 0.5);
                spec.expectPixel(ch, yx[0], yx[1], value);
                firstRed = yx == at[0] && ch == 0 ? value : firstRed;
            }
        }
        Path root = export(spec);
        try (Captioner c = new MoondreamCaptionerProvider().create(config(root))) {
            assertThat(c.caption(CaptionRequest.of(edgeImage())).text()).isEqualTo("w450 w382 w315");
        }
        // Control: expecting the first red value one level higher gets only mismatch tokens.
        export(small().stopAt(741, EOT).expectPixel(0, 189, 112, firstRed + 2 / 255f));
        try (Captioner c = new MoondreamCaptionerProvider().create(config(root, "moondream2.max-tokens", "2"))) {
            assertThat(c.caption(CaptionRequest.of(edgeImage())).text()).isEqualTo("w" + MISMATCH + " w" + MISMATCH);
        }
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = MoondreamCaptionerTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    private static List<String> onnxFiles(Path root) throws Exception {
        try (var files = Files.list(root.resolve("onnx"))) {
            return files.map(f -> f.getFileName().toString()).toList();
        }
    }

    @Test
    void oddImagesAndConcurrentCalls() throws Exception {
        Path root = export(small().stopAt(741, EOT));
        try (Captioner c = new MoondreamCaptionerProvider().create(config(root))) {
            assertThat(c.caption(CaptionRequest.of(image(1, 1))).text()).isEqualTo("w450 w382 w315");
            assertThat(c.caption(CaptionRequest.of(image(4000, 3000))).text()).isEqualTo("w450 w382 w315");
            assertThatThrownBy(() -> c.caption(null)).isInstanceOf(BadInputException.class);
            ExecutorService pool = Executors.newFixedThreadPool(3);
            try {
                List<Future<String>> futures = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    futures.add(pool.submit(() -> c.caption(CaptionRequest.of(image(20, 20))).text()));
                }
                for (Future<String> f : futures) {
                    assertThat(f.get()).isEqualTo("w450 w382 w315");
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void closeIsIdempotentAndUseAfterCloseFails() throws Exception {
        Captioner c = new MoondreamCaptionerProvider().create(config(export(small().stopAt(741, EOT))));
        c.close();
        c.close();
        assertThatThrownBy(() -> c.caption(CaptionRequest.of(image(2, 2)))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void availabilitySaysWhatIsMissing() throws Exception {
        ProviderConfig empty = ProviderConfig.builder().models(ModelLocator.withHome(dir.resolve("home"))).build();
        CaptionerProvider p = Providers.load(CaptionerProvider.class).stream()
                .filter(x -> x.name().equals("moondream2")).findFirst().orElseThrow();
        assertThat(p.availability(empty).available()).isFalse();
        assertThat(p.availability(empty).reason()).contains("echollama models fetch moondream2")
                .contains("--model-dir moondream2=PATH");
        Path root = export(small());
        assertThat(p.availability(config(root)).available()).isTrue();
        assertThat(p.availability(config(root)).reason()).contains("fp32");
        assertThat(p.availability(config(root, "moondream2.variant", "q4")).reason())
                .contains("q4 lacks").contains("decoder_model_merged_q4.onnx");
        assertThat(p.availability(config(root, "moondream2.variant", "int2")).reason()).contains("moondream2.variant");
        Files.delete(root.resolve("tokenizer.json"));
        assertThat(p.availability(config(root)).reason()).contains("tokenizer.json");
        assertThatThrownBy(() -> p.create(config(root))).isInstanceOf(ModelMissingException.class)
                .hasMessageContaining("tokenizer.json");
        assertThatThrownBy(() -> p.create(config(root, "moondream2.max-tokens", "0")))
                .isInstanceOf(BadInputException.class).hasMessageContaining("max-tokens");
    }
}

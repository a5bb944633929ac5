package dev.echollama.model;

import dev.echollama.BadInputException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The models this SDK knows, and two profiles: {@code lite} (what runs on a laptop CPU with the embedded speech
 * engines and the grounded narrator) and {@code paper} (the EchoLLaMA paper's models). Immutable.
 *
 * <p>Revisions are commits where one was known (see {@code shared/MODELS.md}); specs with {@code pinned=false}
 * follow {@code main} and have no checksums, so {@code models verify} can only check that their files exist.
 */
public final class ModelCatalog {

    /** A model of a profile and the variant it uses. */
    public record Entry(String modelId, String variant) {
    }

    private static final String HF_LLAMA_LICENCE = "Llama 3.2 Community License";

    private final Map<String, ModelSpec> models;
    private final Map<String, List<Entry>> profiles;

    private ModelCatalog(Map<String, ModelSpec> models, Map<String, List<Entry>> profiles) {
        this.models = models;
        this.profiles = profiles;
    }

    private static ModelSource hf(String repo, String revision) {
        return new ModelSource.HuggingFace(repo, revision);
    }

    private static Map<String, List<ModelFile>> variants(Object... pairs) {
        Map<String, List<ModelFile>> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            List<ModelFile> files = new ArrayList<>();
            for (String f : (String[]) pairs[i + 1]) {
                files.add(ModelFile.of(f));
            }
            m.put((String) pairs[i], files);
        }
        return m;
    }

    private static String[] files(String... f) {
        return f;
    }

    /** The built-in catalogue. */
    public static ModelCatalog standard() {
        Map<String, ModelSpec> m = new LinkedHashMap<>();
        add(m, new ModelSpec("detr-resnet-50", "DETR ResNet-50 object detector (the paper's), Xenova ONNX export",
                hf("Xenova/detr-resnet-50", "6df3655a7970fff36fd39406ee547668d5c30ac7"), true, "Apache-2.0",
                variants(
                        "quantized", files("onnx/model_quantized.onnx", "config.json", "preprocessor_config.json"),
                        "fp32", files("onnx/model.onnx", "config.json", "preprocessor_config.json"),
                        "fp16", files("onnx/model_fp16.onnx", "config.json", "preprocessor_config.json")),
                "quantized"));
        add(m, new ModelSpec("yolox-nano", "YOLOX-Nano COCO-80 detector, small enough for any CPU",
                new ModelSource.BaseUrl(URI.create("https://raw.githubusercontent.com/Bigisland1729/"
                        + "object-detection-models/7f3f2fa34b351e3d2af150893458106ad3f3a84f")),
                true, "unstated upstream (YOLOX is Apache-2.0); check before redistributing",
                Map.of("default", List.of(ModelFile.of("yolox_nano.onnx", 3_678_356L,
                        "e8af074932d4ed7e232278e3055cefcdea3edf178874a3694ae292649fb464dd"))),
                "default"));
        add(m, new ModelSpec("dpt-hybrid-midas", "DPT-Hybrid MiDaS relative depth, Xenova ONNX export",
                hf("Xenova/dpt-hybrid-midas", "2221f404096c54082821f2a213c65c7d32e5542f"), true, "Apache-2.0",
                variants(
                        "quantized", files("onnx/model_quantized.onnx", "config.json", "preprocessor_config.json"),
                        "fp32", files("onnx/model.onnx", "config.json", "preprocessor_config.json")),
                "quantized"));
        add(m, new ModelSpec("midas-v21-small", "MiDaS v2.1 small (256x256) relative depth, official ONNX",
                new ModelSource.BaseUrl(URI.create("https://github.com/isl-org/MiDaS/releases/download/v2_1")),
                true, "MIT", variants("default", files("model-small.onnx")), "default"));
        // Not on Hugging Face: the file as committed to GitHub (the 2019-12-09 version; upstream replaced it 26 s
        // later, see shared/models/PROVENANCE.md), pinned by commit, size and checksum.
        add(m, new ModelSpec("pydnet-plusplus", "PyDNet++ mobile relative depth, TFLite 640x448 (needs the optional "
                + "TFLite runtime; weights for research use only)",
                new ModelSource.BaseUrl(URI.create("https://raw.githubusercontent.com/FilippoAleotti/mobilePydnet/"
                        + "0fc3030630cd76ef8f0a64da43818340ee3dfb65/Android/app/src/main/assets")),
                true, "Apache-2.0 repository, but its README restricts the weights to research purposes",
                Map.of("default", List.of(ModelFile.of("optimized_pydnet++.tflite", 2_020_168L,
                        "ba97991edb4a516096557aedf56e61bf4aa4c30e34d6a38f061ef449ecf16bc7"))),
                "default"));
        add(m, new ModelSpec("moondream2", "Moondream2 captioner (378x378, 729 image tokens), Xenova ONNX export",
                hf("Xenova/moondream2", "ef551da396f89caaf1bb5da884e2a35d9c58eb14"), true, "Apache-2.0",
                variants(
                        "q4", files("onnx/vision_encoder_fp16.onnx", "onnx/embed_tokens_fp16.onnx",
                                "onnx/decoder_model_merged_q4.onnx", "config.json", "generation_config.json",
                                "preprocessor_config.json", "tokenizer.json", "tokenizer_config.json"),
                        "fp32", files("onnx/vision_encoder.onnx", "onnx/embed_tokens.onnx",
                                "onnx/decoder_model_merged.onnx", "onnx/decoder_model_merged.onnx_data",
                                "config.json", "generation_config.json", "preprocessor_config.json",
                                "tokenizer.json", "tokenizer_config.json")),
                "q4"));
        add(m, new ModelSpec("llama-3.2-1b-instruct", "Llama-3.2-1B-Instruct, onnx-community ONNX export",
                hf("onnx-community/Llama-3.2-1B-Instruct", "c5b77c42b9a13105f54d55be507e1a65b5b8149b"), true,
                HF_LLAMA_LICENCE,
                variants(
                        "q4f16", files("onnx/model_q4f16.onnx", "config.json", "generation_config.json",
                                "tokenizer.json", "tokenizer_config.json"),
                        "fp16", files("onnx/model_fp16.onnx", "onnx/model_fp16.onnx_data", "config.json",
                                "generation_config.json", "tokenizer.json", "tokenizer_config.json"),
                        "fp32", files("onnx/model.onnx", "onnx/model.onnx_data", "config.json",
                                "generation_config.json", "tokenizer.json", "tokenizer_config.json")),
                "q4f16"));
        add(m, new ModelSpec("llama-3.2-1b-instruct-gguf", "Llama-3.2-1B-Instruct GGUF for llama.cpp (Q4_K_M)",
                hf("bartowski/Llama-3.2-1B-Instruct-GGUF", "main"), false, HF_LLAMA_LICENCE,
                variants("q4_k_m", files("Llama-3.2-1B-Instruct-Q4_K_M.gguf")), "q4_k_m"));
        add(m, new ModelSpec("spatial-llama-1b", "The paper's DPO fine-tune of Llama-3.2-1B-Instruct "
                + "(AquaLabs/Spatial-Llama-1B; file list unconfirmed: export it to ONNX or GGUF yourself, see README)",
                hf("AquaLabs/Spatial-Llama-1B", "main"), false, HF_LLAMA_LICENCE,
                variants("safetensors", files("config.json", "model.safetensors", "tokenizer.json",
                        "tokenizer_config.json")), "safetensors"));
        add(m, new ModelSpec("orpheus-3b-0.1-ft", "Orpheus-3B-0.1-ft speech LM, onnx-community ONNX export",
                hf("onnx-community/orpheus-3b-0.1-ft-ONNX", "main"), false, HF_LLAMA_LICENCE,
                variants("q4f16", files("onnx/model_q4f16.onnx", "config.json", "tokenizer.json",
                        "tokenizer_config.json")), "q4f16"));
        add(m, new ModelSpec("snac-24khz", "SNAC 24 kHz neural audio codec decoder, onnx-community ONNX export",
                hf("onnx-community/snac_24khz-ONNX", "main"), false, "MIT",
                variants("fp32", files("onnx/decoder_model.onnx", "config.json")), "fp32"));
        add(m, new ModelSpec("whisper-base", "Whisper base (multilingual), Xenova ONNX export",
                hf("Xenova/whisper-base", "9226b958253551c6db13a6f43837e1b46918e620"), true, "Apache-2.0",
                variants(
                        "quantized", files("onnx/encoder_model_quantized.onnx",
                                "onnx/decoder_model_merged_quantized.onnx", "config.json", "generation_config.json",
                                "preprocessor_config.json", "tokenizer.json", "tokenizer_config.json"),
                        "fp32", files("onnx/encoder_model.onnx", "onnx/decoder_model_merged.onnx", "config.json",
                                "generation_config.json", "preprocessor_config.json", "tokenizer.json",
                                "tokenizer_config.json")),
                "quantized"));
        add(m, new ModelSpec("whisper-base.en", "Whisper base (English only), Xenova ONNX export",
                hf("Xenova/whisper-base.en", "main"), false, "Apache-2.0",
                variants("quantized", files("onnx/encoder_model_quantized.onnx",
                        "onnx/decoder_model_merged_quantized.onnx", "config.json", "generation_config.json",
                        "preprocessor_config.json", "tokenizer.json", "tokenizer_config.json")),
                "quantized"));
        add(m, new ModelSpec("silero-vad", "Silero VAD v5 voice activity detector",
                new ModelSource.BaseUrl(URI.create(
                        "https://raw.githubusercontent.com/snakers4/silero-vad/v5.1.2/src/silero_vad/data")),
                true, "MIT", variants("default", files("silero_vad.onnx")), "default"));

        Map<String, List<Entry>> profiles = new LinkedHashMap<>();
        profiles.put("lite", List.of(new Entry("yolox-nano", "default")));
        profiles.put("paper", List.of(new Entry("detr-resnet-50", "quantized"),
                new Entry("dpt-hybrid-midas", "quantized"), new Entry("moondream2", "q4"),
                new Entry("llama-3.2-1b-instruct", "q4f16"), new Entry("orpheus-3b-0.1-ft", "q4f16"),
                new Entry("snac-24khz", "fp32"), new Entry("whisper-base", "quantized"),
                new Entry("silero-vad", "default")));
        return new ModelCatalog(java.util.Collections.unmodifiableMap(m),
                java.util.Collections.unmodifiableMap(profiles));
    }

    private static void add(Map<String, ModelSpec> m, ModelSpec spec) {
        if (m.put(spec.id(), spec) != null) {
            throw new IllegalStateException("duplicate model id " + spec.id());
        }
    }

    /** Every model, in catalogue order. */
    public List<ModelSpec> models() {
        return List.copyOf(models.values());
    }

    public Optional<ModelSpec> find(String id) {
        return Optional.ofNullable(models.get(id));
    }

    /** The spec, or a BadInputException listing the ids there are. */
    public ModelSpec require(String id) {
        ModelSpec s = models.get(id);
        if (s == null) {
            throw new BadInputException("unknown model id '" + id + "'; known: " + models.keySet());
        }
        return s;
    }

    /** Profile names ({@code lite}, {@code paper}). */
    public List<String> profileNames() {
        return List.copyOf(profiles.keySet());
    }

    /** The models of a profile, or a BadInputException listing the profiles there are. */
    public List<Entry> profile(String name) {
        List<Entry> p = profiles.get(name);
        if (p == null) {
            throw new BadInputException("unknown profile '" + name + "'; profiles: " + profiles.keySet());
        }
        return p;
    }
}

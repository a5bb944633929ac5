package dev.echollama.vision.moondream;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.echollama.BadInputException;
import dev.echollama.InferenceException;
import dev.echollama.ModelCorruptException;
import dev.echollama.image.RgbImage;
import dev.echollama.onnx.ElementType;
import dev.echollama.onnx.GraphSignature;
import dev.echollama.onnx.OnnxModel;
import dev.echollama.onnx.TensorSpec;
import dev.echollama.onnx.decoder.DecodeRequest;
import dev.echollama.onnx.decoder.DecodeResult;
import dev.echollama.onnx.decoder.KvDecoder;
import dev.echollama.onnx.decoder.SamplingConfig;
import dev.echollama.onnx.text.MoondreamPrompt;
import dev.echollama.onnx.text.TextTokenizer;
import dev.echollama.onnx.tensor.ImagePreprocessor;
import dev.echollama.onnx.tensor.PreprocessedImage;
import dev.echollama.vision.Caption;
import dev.echollama.vision.CaptionRequest;
import dev.echollama.vision.Captioner;
import dev.echollama.vision.internal.Tensors;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/** Moondream2 over three ONNX sessions; see {@link MoondreamCaptionerProvider} for the contract. */
final class MoondreamCaptioner implements Captioner {
    static final String SOURCE = "moondream2";
    private static final Set<ElementType> FLOATS = Set.of(ElementType.FLOAT32, ElementType.FLOAT16);
    private static final long D = TensorSpec.DYNAMIC;

    /** The parts a captioner is built from; all owned by the captioner once constructed. */
    record Parts(OnnxModel vision, OnnxModel embed, OnnxModel decoder, TextTokenizer tokenizer,
                 ImagePreprocessor preprocessor) {
        void closeAll() {
            for (AutoCloseable c : new AutoCloseable[] {vision, embed, decoder, tokenizer}) {
                try {
                    if (c != null) {
                        c.close();
                    }
                } catch (Exception e) {
                    // closing after a failure: keep the first error
                }
            }
        }
    }

    private final Parts parts;
    /** The parts' preprocessing held to the vision session's thread allowance. */
    private final ImagePreprocessor preprocessor;
    private final KvDecoder kvDecoder;
    private final ElementType pixelType;
    private final int hidden;
    private final long bos;
    private final int[] stopIds;
    private final String question;
    private final int maxNewTokens;
    private final SamplingConfig sampling;
    // Generation drives the decoder's raw OrtSession; close must wait for captions in flight.
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed; // guarded by lock

    /** Takes ownership of every part: closes them all when a check here fails, and in {@link #close()}. */
    MoondreamCaptioner(Parts parts, long bos, int[] stopIds, String question, int maxNewTokens,
                       SamplingConfig sampling) {
        try {
            this.preprocessor = parts.preprocessor().withThreads(parts.vision().config().intraOpThreads());
            GraphSignature.Binding v = GraphSignature.builder()
                    .input(TensorSpec.anyOf("pixel_values", FLOATS, D, 3, D, D))
                    .output(TensorSpec.anyOf("image_features", FLOATS, D, D, D))
                    .build().check(parts.vision());
            GraphSignature.Binding e = GraphSignature.builder()
                    .input(TensorSpec.of("input_ids", ElementType.INT64, D, D))
                    .output(TensorSpec.anyOf("inputs_embeds", FLOATS, D, D, D))
                    .build().check(parts.embed());
            this.pixelType = v.inputSpec("pixel_values").type();
            long visionWidth = v.outputSpec("image_features").dim(2);
            long embedWidth = e.outputSpec("inputs_embeds").dim(2);
            if (visionWidth > 0 && embedWidth > 0 && visionWidth != embedWidth) {
                throw new ModelCorruptException(parts.vision().path(), "image_features width " + visionWidth + " of "
                        + parts.vision().path() + " differs from inputs_embeds width " + embedWidth + " of "
                        + parts.embed().path() + ": the files come from different models");
            }
            this.hidden = (int) (embedWidth > 0 ? embedWidth : visionWidth);
            this.kvDecoder = new KvDecoder(OnnxModel.environment(), parts.decoder().session(),
                    parts.decoder().path());
            if (!kvDecoder.signature().acceptsInputsEmbeds()) {
                throw new ModelCorruptException(parts.decoder().path(), parts.decoder().path()
                        + " takes no inputs_embeds; Moondream2's decoder_model_merged must");
            }
        } catch (RuntimeException ex) {
            parts.closeAll();
            throw ex;
        }
        this.parts = parts;
        this.bos = bos;
        this.stopIds = stopIds.clone();
        this.question = question;
        this.maxNewTokens = maxNewTokens;
        this.sampling = sampling;
    }

    @Override
    public Caption caption(CaptionRequest request) {
        if (request == null) {
            throw new BadInputException("caption request is null");
        }
        lock.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("moondream2 captioner is closed");
            }
            float[] image = encodeImage(request.image());
            int imageRows = image.length / hidden;
            // "<image>\n\nQuestion: ...\n\nAnswer:": BOS, then the image rows where <image> stands, then the text
            // after it, tokenized without special tokens (upstream moondream's input_embeds).
            String prompt = MoondreamPrompt.question(question);
            int at = prompt.indexOf(MoondreamPrompt.IMAGE_TOKEN);
            long[] before = parts.tokenizer().encode(prompt.substring(0, at), false);
            long[] after = parts.tokenizer().encode(prompt.substring(at + MoondreamPrompt.IMAGE_TOKEN.length()), false);
            long[] ids = new long[1 + before.length + after.length];
            ids[0] = bos;
            System.arraycopy(before, 0, ids, 1, before.length);
            System.arraycopy(after, 0, ids, 1 + before.length, after.length);
            float[] text = embed(ids);
            float[] spliced = ImageSplice.insert(text, ids.length, hidden, 1 + before.length, image, imageRows);
            DecodeRequest req = DecodeRequest.builder()
                    .embeddings(spliced, 1, ids.length + imageRows, this::embedTokens)
                    .maxNewTokens(maxNewTokens)
                    .stopTokens(stopIds)
                    .sampling(sampling)
                    .build();
            DecodeResult result = kvDecoder.generate(req);
            long[] out = Arrays.stream(result.ids()).asLongStream().toArray();
            return new Caption(parts.tokenizer().decode(out, true).strip(), SOURCE);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The vision encoder's rows for one image, {@code 729 × hidden} floats for the real model. */
    private float[] encodeImage(RgbImage image) {
        PreprocessedImage p = Tensors.preprocess(preprocessor, image, "moondream2");
        try (OnnxTensor in = Tensors.floats(p.tensor(), p.shape(), pixelType, parts.vision().path());
             OrtSession.Result r = parts.vision().run(Map.of("pixel_values", in))) {
            var out = r.get("image_features").orElseThrow();
            long[] shape = Tensors.shape(out);
            if (shape.length != 3 || shape[0] != 1 || shape[2] != hidden || shape[1] < 1) {
                throw new InferenceException(parts.vision().path() + ": image_features came back "
                        + Arrays.toString(shape) + ", expected [1, rows, " + hidden + "]");
            }
            return Tensors.readFloats(out, "image_features", parts.vision().path());
        }
    }

    private float[] embedTokens(int[] tokenIds) {
        return embed(Arrays.stream(tokenIds).asLongStream().toArray());
    }

    /** {@code ids.length × hidden} floats from embed_tokens. */
    private float[] embed(long[] ids) {
        try (OnnxTensor in = OnnxTensor.createTensor(OnnxModel.environment(), LongBuffer.wrap(ids),
                new long[] {1, ids.length});
             OrtSession.Result r = parts.embed().run(Map.of("input_ids", in))) {
            float[] e = Tensors.readFloats(r.get("inputs_embeds").orElseThrow(), "inputs_embeds", parts.embed().path());
            if (e.length != (long) ids.length * hidden) {
                throw new InferenceException(parts.embed().path() + ": inputs_embeds holds " + e.length
                        + " floats for " + ids.length + " ids, expected " + ((long) ids.length * hidden));
            }
            return e;
        } catch (OrtException ex) {
            throw new InferenceException("cannot build input_ids for " + parts.embed().path() + ": "
                    + ex.getMessage(), ex);
        }
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            parts.closeAll();
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public String toString() {
        return "MoondreamCaptioner[" + parts.decoder().path() + "]";
    }
}

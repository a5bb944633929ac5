package dev.echollama.testkit.onnx;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Small ONNX graphs with exactly the inputs and outputs (names, element types, ranks, fixed and symbolic dims) of
 * the real exports described in {@code shared/MODELS.md}, each computing something a test can check by hand. They
 * let a provider's tests prove its plumbing (pre-processing, feeds, KV-cache carry-over, post-processing) without
 * the multi-gigabyte real files. The Javadoc of each factory is the contract other modules test against.
 *
 * <p>Every factory writes one {@code .onnx} file (no external data) into {@code dir}, creating it if needed, and
 * returns its path. Files are written atomically. Thread-safe: factories share no state.
 */
public final class SyntheticModels {
    private SyntheticModels() {
    }

    /**
     * A Llama-3.2-shaped KV-cache decoder (MODELS.md §4.2), written to {@code dir/spec.fileName()}.
     *
     * <p><b>I/O</b> (in this order; ORT reports the symbolic names as dimension names):
     * <ul>
     * <li>in {@code input_ids} int64 {@code [batch_size, sequence_length]}</li>
     * <li>in {@code attention_mask} int64 {@code [batch_size, past_sequence_length + sequence_length]}</li>
     * <li>in {@code position_ids} int64 {@code [batch_size, sequence_length]} (if {@link LlamaSpec#positionIds()})</li>
     * <li>in {@code past_key_values.{i}.key} / {@code .value}, i = 0..layers-1, kvType
     *     {@code [batch_size, kvHeads, past_sequence_length, headDim]}</li>
     * <li>in {@code use_cache_branch} bool {@code [1]} (if {@link LlamaSpec#useCacheBranch()})</li>
     * <li>in {@code num_logits_to_keep} int64 scalar (if {@link LlamaSpec#numLogitsToKeep()})</li>
     * <li>out {@code logits} logitsType {@code [batch_size, sequence_length, vocabSize]}</li>
     * <li>out {@code present.{i}.key} / {@code .value} kvType
     *     {@code [batch_size, kvHeads, past_sequence_length + sequence_length, headDim]}</li>
     * </ul>
     *
     * <p><b>Cache.</b> With P past and S new positions, {@code present.{l}.* = Concat(past_key_values.{l}.*, new,
     * axis 2)}: the pasts are carried over unchanged and each new position appends a key filled with
     * {@code l+1} and a value filled with {@code -(l+1)} (all heads, all dims; exact in float16). The first step
     * passes pasts of length 0. With {@code use_cache_branch} the graph is an {@code If}: true = as above, false =
     * the pasts are ignored and {@code present.*} hold only the S new positions (then {@code attention_mask} must
     * have length S).
     *
     * <p><b>Next token.</b> For new position i (absolute position P+i) let {@code c} = the number of cache positions
     * j &lt;= P+i whose {@code attention_mask[b,j]} is non-zero and whose entries are valid in every layer l
     * ({@code key[b,:,j,0] == l+1} and {@code value[b,:,j,:] == -(l+1)}). Then
     * <ol>
     * <li>if position_ids is declared and {@code position_ids[b,i] != c-1}: {@code mismatchToken}
     *     (default vocabSize-1);</li>
     * <li>else if {@code stopAtLength > 0} and {@code c >= stopAtLength}: {@code stopToken};</li>
     * <li>else {@code (input_ids[b,i] + c) mod vocabSize}.</li>
     * </ol>
     * {@code logits[b,i,token] = 30}, every other logit 0 (softmax &gt; 1-1e-8 on the token). With
     * {@code num_logits_to_keep = k > 0} only the last k positions are returned ({@code [batch_size, k, vocab]});
     * k = 0 returns all.
     *
     * <p>So for a correct decoder (no padding) c is the running sequence length: after prompt
     * {@code t_0..t_{n-1}} greedy decoding yields {@code x_1 = (t_{n-1} + n) mod V},
     * {@code x_{k+1} = (x_k + n + k) mod V}, and, with {@code stopAt(L, s)}, exactly {@code L - n} such tokens
     * followed by {@code s}. Example, prompt [128000, 10, 20]: 23, 27, 32, 38, ... A decoder that drops the cache,
     * passes zeros, swaps key/value or layers, duplicates positions, forgets to grow the mask or sends wrong
     * position_ids sees {@code mismatchToken} (or a shape error) instead. Left padding works as in transformers:
     * {@code position_ids = cumsum(mask) - 1} (masked positions 1) gives the same tokens as the unpadded row.
     *
     * <p>Metadata props: {@code echollama.synthetic=llama-3.2}, {@code num_hidden_layers},
     * {@code num_key_value_heads}, {@code head_dim}, {@code vocab_size}, {@code kv_cache_dtype},
     * {@code stop_at_length}, {@code stop_token}, {@code mismatch_token}.
     *
     * @return the written file
     */
    public static Path llama32(Path dir, LlamaSpec spec) {
        Objects.requireNonNull(spec, "spec");
        return LlamaGraph.build(spec).write(dir.resolve(spec.fileName()));
    }

    /**
     * A Whisper encoder (MODELS.md §7.2), written to {@code dir/encoder_model.onnx}.
     *
     * <p><b>I/O</b>: in {@code input_features} float32 {@code [batch_size, 80, 3000]}; out
     * {@code last_hidden_state} float32 {@code [batch_size, 1500, d_model]} with {@code d_model = heads * headDim}.
     *
     * <p><b>Function</b>: {@code last_hidden_state[b,t,:] = mean(input_features[b, 0..79, 2t..2t+1])} (the same
     * value in every channel), so {@code mean(last_hidden_state[b]) = mean(input_features[b])}. The log-mel of
     * digital silence is -1.5 everywhere, hence a silent clip gives -1.5 throughout.
     *
     * @return the written file
     */
    public static Path whisperEncoder(Path dir, WhisperSpec spec) {
        Objects.requireNonNull(spec, "spec");
        return WhisperGraphs.encoder(spec).write(dir.resolve("encoder_model.onnx"));
    }

    /**
     * A Whisper merged decoder (MODELS.md §0.3, §0.4, §7.2), written to {@code dir/decoder_model_merged.onnx}.
     *
     * <p><b>I/O</b> (in this order):
     * <ul>
     * <li>in {@code input_ids} int64 {@code [batch_size, decoder_sequence_length]}</li>
     * <li>in {@code encoder_hidden_states} float32 {@code [batch_size, 1500, d_model]}</li>
     * <li>per layer i: in {@code past_key_values.{i}.decoder.key}, {@code .decoder.value} float32
     *     {@code [batch_size, heads, past_decoder_sequence_length, headDim]}, then {@code .encoder.key},
     *     {@code .encoder.value} float32 {@code [batch_size, heads, encoder_sequence_length_out, headDim]}</li>
     * <li>in {@code use_cache_branch} bool {@code [1]}</li>
     * <li>out {@code logits} float32 {@code [batch_size, decoder_sequence_length, vocabSize]}</li>
     * <li>per layer i: out {@code present.{i}.decoder.key/value}
     *     {@code [batch_size, heads, past_decoder_sequence_length + 1, headDim]} (optimum's axis name; at run time
     *     past + new), {@code present.{i}.encoder.key/value} {@code [batch_size, heads,
     *     encoder_sequence_length_out, headDim]}</li>
     * </ul>
     *
     * <p><b>Caches.</b> {@code use_cache_branch = false} (first pass; pasts are dummies, e.g. length 0, and are
     * ignored): decoder presents hold only the new positions (key {@code l+1}, value {@code -(l+1)} as in
     * {@link #llama32}); encoder presents are computed from {@code encoder_hidden_states} reshaped to
     * {@code [B, heads, 1500, headDim]}: key = states + (l+1), value = states - (l+1).
     * {@code use_cache_branch = true}: decoder presents = Concat(pasts, new) on axis 2; encoder presents are the
     * encoder pasts passed through unchanged and {@code encoder_hidden_states} is not read (a dummy is fine).
     *
     * <p><b>Next token</b> at decoder position p (0-based, = past + i): the audio evidence
     * {@code E = mean(present.0.encoder.key) - 1} (= mean of the encoder states = mean of the input features);
     * the script row is {@link WhisperSpec#script(boolean) script(E > silenceThreshold)} =
     * {@code prompt[1..] ++ (speechTokens | silenceTokens) ++ [endOfText]}, and the token is
     * {@code row[min(p, row.length - 1)]} (so end of text forever after the script). The token is
     * {@code mismatchToken} instead when any cached decoder position is invalid (dropped, zeroed, duplicated caches
     * shift or break the count) or when the layers' encoder caches do not carry the same evidence within 1e-3
     * (zeroed, swapped or wrong-layer encoder pasts). {@code logits[b,i,token] = 30}, others 0.
     *
     * <p>So with the default spec, forcing the prompt [50258, 50259, 50359, 50363] and decoding greedily gives
     * [400, 500, 600, 50257] for speech and [50257] for digital silence. Note: a decoder that applies Whisper's
     * begin-suppression of end-of-text to a silent clip will see token 0 there (all other logits tie at 0).
     *
     * @return the written file
     */
    public static Path whisperDecoder(Path dir, WhisperSpec spec) {
        Objects.requireNonNull(spec, "spec");
        return WhisperGraphs.decoder(spec).write(dir.resolve("decoder_model_merged.onnx"));
    }

    /**
     * A DETR-ResNet-50-shaped detector (MODELS.md §1.2), written to {@code dir/spec.fileName()}
     * ({@code model.onnx}, or {@code model_fp16.onnx} with FLOAT16 I/O).
     *
     * <p><b>I/O</b>: in {@code pixel_values} ioType {@code [batch_size, num_channels, height, width]} (any size);
     * in {@code pixel_mask} int64 {@code [batch_size, 64, 64]} if {@link DetrSpec#pixelMask()}; out {@code logits}
     * ioType {@code [batch_size, num_queries, 92]}; out {@code pred_boxes} ioType {@code [batch_size, num_queries,
     * 4]}, where num_queries is {@link DetrSpec#numQueries()} (100 by default) at run time.
     *
     * <p><b>Function</b>, the same for every batch row:
     * <ul>
     * <li>fixed query q ({@link DetrSpec.Query}): {@code logits[q, classId] = logit}, every other logit 0;
     *     {@code pred_boxes[q] = (cx, cy, w, h)}. With logit L &gt; 0 both post-processing rules (softmax over 92
     *     then best real class; or argmax then softmax) give class {@code classId} with score
     *     {@code e^L / (e^L + 91)} (L = 10: 0.995887).</li>
     * <li>probe query ({@link DetrSpec#probeIndex()}, if set): logits as a fixed query with
     *     {@code probeClass}/{@code probeLogit}; the box is computed from the image: with weights
     *     {@code w[y,x] = max(0, mean_c pixel_values[c,y,x])} (pixels brighter than roughly mid-grey after ImageNet
     *     normalisation) and pixel-centre coordinates {@code u = (x+0.5)/width}, {@code v = (y+0.5)/height},
     *     {@code cx = E_w[u]}, {@code cy = E_w[v]}, {@code w = sqrt(12 Var_w[u])}, {@code h = sqrt(12 Var_w[v])}
     *     (means over {@code sum(w) + 1e-6}). For a uniform bright rectangle on a black image that is the
     *     rectangle's centre and size (size exactly {@code sqrt(n^2-1)/width} for n pixel columns), so the box
     *     proves orientation (left/right, up/down), channel order and normalisation signs survive
     *     pre-processing.</li>
     * <li>size probe query ({@link DetrSpec#sizeProbeIndex()}, if set): logits as a fixed query with
     *     {@code sizeProbeClass}/{@code sizeProbeLogit}; box {@code (0.5, 0.5, width / 4096, height / 4096)} where
     *     height and width are those of the {@code pixel_values} received (exact in float32; in float16 up to
     *     2048). The input's dims stay symbolic, as in the real export, yet a provider that resized to the wrong
     *     size is caught by this box: an input 1066 wide and 800 high gives
     *     {@code (0.5, 0.5, 0.26025390625, 0.1953125)}.</li>
     * <li>value probe queries ({@link DetrSpec#valueProbeIndex()} and the {@link DetrSpec#valueProbeQueries()}
     *     after it, if set): query j's logit is {@code valueProbeLogit - j / 4} for {@code valueProbeClass}; its
     *     box (cx, cy, w, h) is {@code 0.5 + v / 32} for the values v of {@code pixel_values[b, c, y, x]} at
     *     {@link DetrSpec#valueProbePixels()} {@code 4j .. 4j+3} (a missing one reads as 0), so the values fed
     *     can be read back from a decoded box: {@code cx = (x1 + x2) / 2}, {@code w = x2 - x1}, and likewise in
     *     y. Pure red after ImageNet normalisation, R G B at one pixel, gives {@code cx = 0.5 + 2.2489 / 32},
     *     {@code cy = 0.5 - 2.0357 / 32}, {@code w = 0.5 - 1.8044 / 32}, {@code h = 0.5}. The pixels must lie
     *     inside the fed tensor, else the run fails.</li>
     * <li>every other query: {@code logits[q, 91] = 10} ("no object"), others 0; box (0.5, 0.5, 0.1, 0.1).</li>
     * <li>with pixel_mask, all logits are multiplied by {@code mean(pixel_mask[b])} (all ones: unchanged).</li>
     * </ul>
     *
     * @return the written file
     */
    public static Path detr(Path dir, DetrSpec spec) {
        Objects.requireNonNull(spec, "spec");
        return VisionGraphs.detr(spec).write(dir.resolve(spec.fileName()));
    }

    /**
     * A DPT-Hybrid-MiDaS-shaped depth model (MODELS.md §2.1), written to {@code dir/spec.fileName()}
     * ({@code model.onnx}, or {@code model_fp16.onnx} with FLOAT16 I/O).
     *
     * <p><b>I/O</b>: in {@code pixel_values} ioType {@code [batch_size, num_channels, height, width]} (any size;
     * the real pre-processing makes 384x384 in [-1, 1]); out {@code predicted_depth} ioType
     * {@code [batch_size, height, width]}, the input's size.
     *
     * <p><b>Function</b>: {@code predicted_depth[b,y,x] = max(0, scale * mean_c pixel_values[b,c,y,x] + offset)}:
     * brighter = larger = nearer (relative inverse depth), pixel for pixel, so a test can check resizing and
     * orientation of the depth map against the picture it painted. With FLOAT16 I/O the input is widened to
     * float32, the same function is computed in float32 and the result is rounded to float16 once (so pure red,
     * mean -1/3, with scale 1 and offset 1 gives {@code 1365 / 2048 = 0.66650390625}, not 0.6666667).
     *
     * <p><b>Pixel probe</b> ({@link DptSpec#pixelProbe()}): {@code predicted_depth[b,y,x] = pixel_values[b,0,y,x]},
     * the first (red) plane exactly as fed, so a test can check the pre-processing's resize and normalisation
     * value by value (after the estimator's resize back to the image).
     *
     * <p><b>Size probe</b> ({@link DptSpec#sizeProbe()}): every {@code predicted_depth[b,y,x]} is
     * {@code height * 4096 + width} of the {@code pixel_values} received (384x384 gives 1573248), an exact
     * float32 integer; a bilinear resize of this constant map leaves it unchanged, so the value proves the size the
     * pre-processing made.
     *
     * @return the written file
     */
    public static Path dptHybrid(Path dir, DptSpec spec) {
        Objects.requireNonNull(spec, "spec");
        return VisionGraphs.depth("pixel_values", new Object[] {"batch_size", "num_channels", "height", "width"},
                "predicted_depth", new Object[] {"batch_size", "height", "width"}, spec.scale(), spec.offset(),
                spec.ioType(), spec.sizeProbe(), spec.pixelProbe(), "dpt-hybrid-midas")
                .write(dir.resolve(spec.fileName()));
    }

    /** {@link #dptHybrid(Path, DptSpec)} in float32 to {@code dir/model.onnx} with this scale and offset. */
    public static Path dptHybrid(Path dir, float scale, float offset) {
        return dptHybrid(dir, DptSpec.builder().scale(scale).offset(offset).build());
    }

    /** {@link #dptHybrid(Path, float, float)} with scale 1 and offset 1 (inputs in [-1, 1] give depth in [0, 2]). */
    public static Path dptHybrid(Path dir) {
        return dptHybrid(dir, 1f, 1f);
    }

    /**
     * A MiDaS v2.1 small ONNX-shaped depth model (MODELS.md §2.2), written to {@code dir/model-small.onnx}.
     *
     * <p><b>I/O</b>: in {@code 0} float32 {@code [1, 3, 256, 256]}; out {@code 797} float32 {@code [1, 256, 256]}
     * (all fixed, as in the PyTorch export without dynamic axes).
     *
     * <p><b>Function</b>: {@code 797[0,y,x] = max(0, scale * mean_c 0[0,c,y,x] + offset)} (the real model also
     * ends with a ReLU); brighter = nearer.
     *
     * @return the written file
     */
    public static Path midasSmall(Path dir, float scale, float offset) {
        return VisionGraphs.depth("0", new Object[] {1, 3, 256, 256}, "797", new Object[] {1, 256, 256}, scale, offset,
                ElementType.FLOAT, false, false, "midas-v21-small").write(dir.resolve("model-small.onnx"));
    }

    /** {@link #midasSmall(Path, float, float)} with scale 1 and offset 0 (inputs in [0, 1] give depth in [0, 1]). */
    public static Path midasSmall(Path dir) {
        return midasSmall(dir, 1f, 0f);
    }

    /**
     * A YOLOX-Nano-shaped detector (Megvii's ONNX export without the in-graph decode; shared/models/PROVENANCE.md,
     * {@code detection/yolox_nano.onnx}), written to {@code dir/spec.fileName()} ({@code yolox_nano.onnx}).
     *
     * <p><b>I/O</b> (all dims fixed, as in the export): in {@code images} float32 {@code [1, 3, 416, 416]}; out
     * {@code output} float32 {@code [1, 3549, 85]}: 52×52, 26×26 and 13×13 cells of strides 8, 16 and 32, in that
     * order and row-major, each {@code [x_off, y_off, log_w, log_h, objectness, 80 class probabilities]}.
     *
     * <p><b>Function</b>: the output is the same whatever the (finite) pixels: each {@link YoloxSpec.Row} at
     * {@link YoloxSpec.Row#index()} holds its values, every other row is all zeros. So a test places boxes and
     * scores exactly, in input pixels ({@code cx = (x_off + gx) * stride}, {@code w = exp(log_w) * stride};
     * {@code log_w = 0} gives a side of exactly {@code stride}), and checks a provider's own decoding and NMS.
     *
     * @return the written file
     */
    public static Path yoloxNano(Path dir, YoloxSpec spec) {
        Objects.requireNonNull(spec, "spec");
        return YoloxGraphs.nano(spec).write(dir.resolve(spec.fileName()));
    }

    /**
     * The three Moondream2 graphs (MODELS.md §3.3) in {@code dir}: {@link MoondreamSpec#visionFile()},
     * {@link MoondreamSpec#embedFile()} and {@link MoondreamSpec#decoderFile()}.
     *
     * <p><b>Embedding layout</b> (width {@code hidden}): {@code [kind, hi, lo, patch, 0, ...]} where
     * {@code value = hi * 256 + lo} (exact in float16), kind 0 = text, 1 = image.
     *
     * <p><b>vision_encoder</b>: in {@code pixel_values} visionType {@code [batch_size, 3, 378, 378]}; out
     * {@code image_features} visionType {@code [batch_size, 729, hidden]}. Row k (k = 27 * patchRow + patchColumn,
     * 14x14-pixel patches, row-major) = {@code [1, k / 256, k % 256, mean of the patch over channels, 0...]}.
     * With {@link MoondreamSpec#pixelChecks()}, if any checked {@code pixel_values[b, c, y, x]} is further than
     * {@link MoondreamSpec#pixelTolerance()} from its expected value (or NaN), every row of that image carries
     * {@code k % 256 + 1} instead, i.e. reads as row k + 1, so the decoder answers {@code mismatchToken}: a caption
     * of counted tokens then proves the provider fed exactly those values (pure red with mean = std = 0.5 is
     * 1, -1, -1).
     *
     * <p><b>embed_tokens</b>: in {@code input_ids} int64 {@code [batch_size, sequence_length]}; out
     * {@code inputs_embeds} embedType {@code [batch_size, sequence_length, hidden]}: {@code [0, hi, lo, 0...]}
     * with {@code hi * 256 + lo = id} (floor division, so -200 gives hi -1, lo 56).
     *
     * <p><b>decoder_model_merged</b>: in {@code inputs_embeds} decoderEmbedType {@code [batch_size, sequence_length,
     * hidden]}, {@code attention_mask} int64 {@code [batch_size, past_sequence_length + sequence_length]},
     * {@code position_ids} int64 {@code [batch_size, sequence_length]} (if declared),
     * {@code past_key_values.{i}.key/value} kvType {@code [batch_size, heads, past_sequence_length, headDim]},
     * {@code use_cache_branch} bool {@code [1]} (if declared); out {@code logits} float32 {@code [batch_size,
     * sequence_length, vocabSize]}, {@code present.{i}.key/value} kvType {@code [batch_size, heads,
     * past_sequence_length + sequence_length, headDim]}. The cache works as in {@link #llama32} (key
     * {@code [l+1, kind, hi, lo, 0...]}, value {@code -(l+1)}; the If branch on use_cache_branch likewise).
     * For new position i, with c = visible valid cache positions up to it (text and image) and {@code img} = the
     * image rows among them, and x = {@code hi * 256 + lo} of its own embedding (the token id, or k for an image
     * row):
     * <ol>
     * <li>{@code mismatchToken} if position_ids is declared and {@code position_ids != c - 1}, or if the visible
     *     image rows are not numbered 0, 1, 2, ... in order (a reversed, shuffled, truncated-then-repeated or
     *     duplicated image block), or if a {@link MoondreamSpec#layout} is set and the cache does not start
     *     with exactly that prompt: position p holding embed_tokens' {@code [0, hi, lo]} of the layout's id, the
     *     729 image rows {@code [1, k / 256, k % 256]} in place of its -200, nothing more on the first pass (so
     *     the image block spliced before BOS, after the text or anywhere else is caught);</li>
     * <li>else {@code stopToken} if {@code stopAtLength > 0} and {@code c >= stopAtLength};</li>
     * <li>else {@code (x + c + img) mod vocabSize}.</li>
     * </ol>
     * {@code logits[b,i,token] = logitMargin} (default 30), others 0. So for the spliced prompt BOS (50256) + 729
     * image rows + T text tokens (n = 730 + T positions, last text id t), greedy decoding gives
     * {@code x_1 = (t + n + 729) mod V}, {@code x_{k+1} = (x_k + n + k + 729) mod V}; without the image (or with
     * zeros, or with the ids' embeddings in its place) img is 0 and the sequence differs.
     *
     * @return {@code dir}
     */
    public static Path moondream2(Path dir, MoondreamSpec spec) {
        Objects.requireNonNull(spec, "spec");
        MoondreamGraphs.visionEncoder(spec).write(dir.resolve(spec.visionFile()));
        MoondreamGraphs.embedTokens(spec).write(dir.resolve(spec.embedFile()));
        MoondreamGraphs.decoder(spec).write(dir.resolve(spec.decoderFile()));
        return dir;
    }

    /**
     * A SNAC 24 kHz decoder (MODELS.md §6.2), written to {@code dir/decoder_model.onnx}.
     *
     * <p><b>I/O</b>: in {@code audio_codes.0} int64 {@code [1, T]}, {@code audio_codes.1} int64 {@code [1, 2T]},
     * {@code audio_codes.2} int64 {@code [1, 4T]} (dims named codes_0_length, codes_1_length, codes_2_length); out
     * {@code audio_values} float32 {@code [1, 1, 2048 T]} (dim 2 named audio_length). Lengths that are not T, 2T,
     * 4T fail in ORT.
     *
     * <p><b>Function</b>: latent step s (0 &lt;= s &lt; 4T) covers samples {@code 512 s .. 512 s + 511}:
     * samples {@code +0..+127} = {@code audio_codes.0[s / 4] / 4096}, {@code +128..+255} =
     * {@code audio_codes.1[s / 2] / 4096}, {@code +256..+383} = {@code audio_codes.2[s] / 4096},
     * {@code +384..+511} = -0.5. So coarse frame t (samples {@code 2048 t .. 2048 t + 2047}) spells its 7 codes
     * in Orpheus' order: c0[t]; c1[2t], c1[2t+1] in steps 0-1 and 2-3; c2[4t..4t+3] in steps 0..3. For the
     * Orpheus 4-frame window, samples {@code [2048, 4096)} are exactly frame 1's.
     *
     * @return the written file
     */
    public static Path snacDecoder(Path dir) {
        return SnacGraph.build().write(dir.resolve("decoder_model.onnx"));
    }
}

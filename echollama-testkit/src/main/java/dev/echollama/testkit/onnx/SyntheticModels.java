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
}

package dev.echollama.onnx.decoder;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.echollama.BadInputException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The generic autoregressive loop over an ONNX decoder session (MODELS.md §0): prefill, then one token per run with
 * the KV cache carried from each run's {@code present.*} outputs to the next run's {@code past_key_values.*} inputs
 * as native tensors (never copied into Java arrays), sampling with {@link Sampler}, streaming ids to a
 * {@link TokenListener}.
 *
 * <p>Works with decoder-only graphs ({@code input_ids} or {@code inputs_embeds}) and with encoder-decoder merged
 * decoders (Whisper: {@code past_key_values.{i}.decoder.*} / {@code .encoder.*}, {@code encoder_hidden_states},
 * {@code use_cache_branch}). Optional inputs are fed only when the session declares them; cache shapes and element
 * types come from the session's metadata (see {@link DecoderSignature}).
 *
 * <p>Ownership: the caller owns the session and the environment and closes them after the last call. The decoder
 * holds no native state between calls; every tensor a call creates or receives is closed before it returns or
 * throws. Thread-safe: concurrent {@link #generate} calls are independent (ORT sessions allow concurrent runs).
 */
public final class KvDecoder {
    private final OrtEnvironment env;
    private final OrtSession session;
    private final DecoderSignature signature;
    private final ValueObserver observer;

    /** Reads the session's signature; throws {@link dev.echollama.ModelCorruptException} if it is not a decoder. */
    public KvDecoder(OrtEnvironment env, OrtSession session) {
        this(env, session, null);
    }

    /** As {@link #KvDecoder(OrtEnvironment, OrtSession)}; {@code source} names the model file in errors. */
    public KvDecoder(OrtEnvironment env, OrtSession session, Path source) {
        this(env, session, source, ValueObserver.NONE);
    }

    KvDecoder(OrtEnvironment env, OrtSession session, Path source, ValueObserver observer) {
        this.env = Objects.requireNonNull(env, "env");
        this.session = Objects.requireNonNull(session, "session");
        this.signature = DecoderSignature.of(session, source);
        this.observer = observer;
    }

    public DecoderSignature signature() {
        return signature;
    }

    /** Generates without streaming. */
    public DecodeResult generate(DecodeRequest request) {
        return generate(request, TokenListener.none());
    }

    /**
     * Generates until every row has sampled a stop id, reached {@code maxNewTokens} or the context window, or the
     * listener cancels.
     *
     * @throws BadInputException  when the request does not fit the graph (ids vs embeddings, missing encoder states,
     *                            a prompt longer than the context window, a token id outside the vocabulary)
     * @throws dev.echollama.InferenceException when ONNX Runtime fails during a run
     */
    public DecodeResult generate(DecodeRequest request, TokenListener listener) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(listener, "listener");
        try (DecodeRun run = new DecodeRun(env, session, signature, request, listener, observer)) {
            return run.execute();
        }
    }
}

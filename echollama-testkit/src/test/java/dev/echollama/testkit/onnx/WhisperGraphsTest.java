package dev.echollama.testkit.onnx;

import static dev.echollama.testkit.onnx.Ort.io;
import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WhisperGraphsTest {
    private static final WhisperSpec SMALL = WhisperSpec.builder().layers(2).heads(2).headDim(4).build();
    private static final long[] PROMPT = {50258, 50259, 50359, 50363};

    @TempDir
    Path dir;

    @Test
    void defaultGraphsHaveTheWhisperBaseExportContract() throws Exception {
        WhisperSpec spec = WhisperSpec.defaults();
        try (OrtSession enc = Ort.open(SyntheticModels.whisperEncoder(dir, spec));
                OrtSession dec = Ort.open(SyntheticModels.whisperDecoder(dir, spec))) {
            Ort.assertIo(enc.getInputInfo(), List.<Object[]>of(io("input_features", OnnxJavaType.FLOAT, "batch_size", 80, 3000)));
            Ort.assertIo(enc.getOutputInfo(),
                    List.<Object[]>of(io("last_hidden_state", OnnxJavaType.FLOAT, "batch_size", 1500, 512)));
            List<Object[]> in = new ArrayList<>();
            in.add(io("input_ids", OnnxJavaType.INT64, "batch_size", "decoder_sequence_length"));
            in.add(io("encoder_hidden_states", OnnxJavaType.FLOAT, "batch_size", 1500, 512));
            List<Object[]> out = new ArrayList<>();
            out.add(io("logits", OnnxJavaType.FLOAT, "batch_size", "decoder_sequence_length", 51865));
            for (int l = 0; l < 6; l++) {
                for (String kv : List.of("key", "value")) {
                    in.add(io("past_key_values." + l + ".decoder." + kv, OnnxJavaType.FLOAT, "batch_size", 8,
                            "past_decoder_sequence_length", 64));
                }
                for (String kv : List.of("key", "value")) {
                    in.add(io("past_key_values." + l + ".encoder." + kv, OnnxJavaType.FLOAT, "batch_size", 8,
                            "encoder_sequence_length_out", 64));
                }
                for (String kv : List.of("key", "value")) {
                    out.add(io("present." + l + ".decoder." + kv, OnnxJavaType.FLOAT, "batch_size", 8,
                            "past_decoder_sequence_length + 1", 64));
                }
                for (String kv : List.of("key", "value")) {
                    out.add(io("present." + l + ".encoder." + kv, OnnxJavaType.FLOAT, "batch_size", 8,
                            "encoder_sequence_length_out", 64));
                }
            }
            in.add(io("use_cache_branch", OnnxJavaType.BOOL, 1));
            Ort.assertIo(dec.getInputInfo(), in);
            Ort.assertIo(dec.getOutputInfo(), out);
            assertThat(dec.getMetadata().getCustomMetadata())
                    .containsEntry("speech_script", "[50259, 50359, 50363, 400, 500, 600, 50257]");
            // Full size, one prefill (the machine is shared; the step-by-step runs use the small spec).
            Loop loop = new Loop(dec, encode(enc, constantFeatures(0f)));
            assertThat(loop.prefill(PROMPT)).containsExactly(50259, 50359, 50363, 400);
        }
    }

    @Test
    void encoderAveragesMelBinsOverFramePairs() throws Exception {
        try (OrtSession enc = Ort.open(SyntheticModels.whisperEncoder(dir, SMALL))) {
            float[] x = new float[80 * 3000];
            for (int m = 0; m < 80; m++) {
                for (int f = 0; f < 3000; f++) {
                    x[m * 3000 + f] = f / 1000f + (m % 2 == 0 ? 1f : -1f);
                }
            }
            try (OnnxTensor in = Ort.floats(x, 1, 80, 3000);
                    OrtSession.Result r = enc.run(Map.of("input_features", in))) {
                OnnxTensor h = Ort.out(r, "last_hidden_state");
                assertThat(h.getInfo().getShape()).containsExactly(1, 1500, 8);
                float[] v = Ort.floatsOf(h);
                for (int t : new int[] {0, 1, 749, 1499}) {
                    for (int d = 0; d < 8; d++) {
                        assertThat(v[t * 8 + d]).isCloseTo((2 * t + 0.5f) / 1000f, Offset.offset(1e-5f));
                    }
                }
            }
        }
    }

    @Test
    void silenceAndSpeechFollowTheirScripts() throws Exception {
        try (OrtSession enc = Ort.open(SyntheticModels.whisperEncoder(dir, SMALL));
                OrtSession dec = Ort.open(SyntheticModels.whisperDecoder(dir, SMALL))) {
            assertThat(transcribe(enc, dec, constantFeatures(-1.5f))).containsExactly(50257);
            assertThat(transcribe(enc, dec, constantFeatures(-1.0f))).containsExactly(400, 500, 600, 50257);
        }
        WhisperSpec en = SMALL.toBuilder().englishOnly().silenceTokens(List.of(13L)).build();
        Path enDir = dir.resolve("en");
        try (OrtSession enc = Ort.open(SyntheticModels.whisperEncoder(enDir, en));
                OrtSession dec = Ort.open(SyntheticModels.whisperDecoder(enDir, en))) {
            assertThat(dec.getOutputInfo().get("logits").getInfo().toString()).contains("51864");
            Loop loop = new Loop(dec, encode(enc, constantFeatures(-1.5f)));
            assertThat(loop.prefill(new long[] {50257, 50362})).containsExactly(50362, 13);
        }
    }

    @Test
    void cacheBranchReusesEncoderPastsAndNeedsValidCaches() throws Exception {
        try (OrtSession enc = Ort.open(SyntheticModels.whisperEncoder(dir, SMALL));
                OrtSession dec = Ort.open(SyntheticModels.whisperDecoder(dir, SMALL))) {
            float[] states = encode(enc, constantFeatures(0.25f));
            Loop loop = new Loop(dec, states);
            // Prefill: at each prompt position the next prompt token, then the first text token.
            assertThat(loop.prefill(PROMPT)).containsExactly(50259, 50359, 50363, 400);
            assertThat(loop.shape("present.1.encoder.value")).containsExactly(1, 2, 1500, 4);
            assertThat(loop.data.get("past_key_values.1.encoder.key")[0]).isEqualTo(0.25f + 2f);
            assertThat(loop.data.get("past_key_values.1.encoder.value")[0]).isEqualTo(0.25f - 2f);

            // Dummy encoder states on the cache branch: ignored, the encoder pasts carry the evidence.
            Loop dummy = loop.copy();
            dummy.states = new float[states.length];
            assertThat(dummy.step(400)).isEqualTo(500);

            long mismatch = 51864;
            Loop zeroEncoder = loop.copy();
            zeroEncoder.data.replaceAll((k, v) -> k.contains(".encoder.") ? new float[v.length] : v);
            assertThat(zeroEncoder.step(400)).isEqualTo(mismatch);

            Loop swappedLayers = loop.copy();
            float[] k0 = swappedLayers.data.get("past_key_values.0.encoder.key");
            swappedLayers.data.put("past_key_values.0.encoder.key",
                    swappedLayers.data.get("past_key_values.1.encoder.key"));
            swappedLayers.data.put("past_key_values.1.encoder.key", k0);
            assertThat(swappedLayers.step(400)).isEqualTo(mismatch);

            Loop zeroDecoder = loop.copy();
            zeroDecoder.data.replaceAll((k, v) -> k.contains(".decoder.") ? new float[v.length] : v);
            assertThat(zeroDecoder.step(400)).isEqualTo(mismatch);

            // A dropped decoder cache restarts the script (the count is positional).
            Loop dropped = loop.copy();
            for (String k : new ArrayList<>(dropped.data.keySet())) {
                if (k.contains(".decoder.")) {
                    dropped.data.put(k, new float[0]);
                    dropped.shapes.get(k)[2] = 0;
                }
            }
            assertThat(dropped.step(400)).isEqualTo(50259);

            assertThat(loop.step(400)).isEqualTo(500);
            assertThat(loop.shape("present.0.decoder.key")).containsExactly(1, 2, 5, 4);
            assertThat(loop.step(500)).isEqualTo(600);
            assertThat(loop.step(600)).isEqualTo(50257);
            assertThat(loop.step(50257)).isEqualTo(50257);
        }
    }

    static float[] constantFeatures(float v) {
        float[] x = new float[80 * 3000];
        Arrays.fill(x, v);
        return x;
    }

    static float[] encode(OrtSession enc, float[] features) throws OrtException {
        try (OnnxTensor in = Ort.floats(features, 1, 80, 3000);
                OrtSession.Result r = enc.run(Map.of("input_features", in))) {
            return Ort.floatsOf(Ort.out(r, "last_hidden_state"));
        }
    }

    static long[] transcribe(OrtSession enc, OrtSession dec, float[] features) throws OrtException {
        Loop loop = new Loop(dec, encode(enc, features));
        long[] first = loop.prefill(PROMPT);
        List<Long> out = new ArrayList<>();
        long next = first[first.length - 1];
        out.add(next);
        while (next != 50257 && out.size() < 20) {
            next = loop.step(next);
            out.add(next);
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    /** A transformers.js-style merged-decoder loop: empty pasts and use_cache_branch false first. */
    static final class Loop {
        final OrtSession session;
        float[] states;
        final Map<String, float[]> data = new LinkedHashMap<>();
        final Map<String, long[]> shapes = new HashMap<>();

        Loop(OrtSession session, float[] states) throws OrtException {
            this.session = session;
            this.states = states;
            for (var e : session.getInputInfo().entrySet()) {
                if (e.getKey().startsWith("past_key_values.")) {
                    long[] shape = ((ai.onnxruntime.TensorInfo) e.getValue().getInfo()).getShape().clone();
                    shape[0] = 1;
                    shape[2] = 0;
                    data.put(e.getKey(), new float[0]);
                    shapes.put(e.getKey(), shape);
                }
            }
        }

        Loop copy() throws OrtException {
            Loop c = new Loop(session, states);
            data.forEach((k, v) -> c.data.put(k, v.clone()));
            shapes.forEach((k, v) -> c.shapes.put(k, v.clone()));
            return c;
        }

        long[] shape(String present) {
            return shapes.get(present.replace("present.", "past_key_values."));
        }

        long[] prefill(long[] ids) throws OrtException {
            return run(ids, false);
        }

        long step(long id) throws OrtException {
            long[] r = run(new long[] {id}, true);
            return r[0];
        }

        private long[] run(long[] ids, boolean useCache) throws OrtException {
            Map<String, OnnxTensor> feeds = new LinkedHashMap<>();
            int d = states.length / 1500;
            try {
                feeds.put("input_ids", Ort.longs(ids, 1, ids.length));
                feeds.put("encoder_hidden_states", Ort.floats(states, 1, 1500, d));
                for (String k : data.keySet()) {
                    feeds.put(k, Ort.floats(data.get(k), shapes.get(k)));
                }
                feeds.put("use_cache_branch", Ort.bool(useCache));
                try (OrtSession.Result r = session.run(feeds)) {
                    for (String k : data.keySet()) {
                        OnnxTensor p = Ort.out(r, k.replace("past_key_values.", "present."));
                        data.put(k, Ort.floatsOf(p));
                        shapes.put(k, p.getInfo().getShape());
                    }
                    return Ort.argmax(Ort.out(r, "logits"));
                }
            } finally {
                feeds.values().forEach(OnnxTensor::close);
            }
        }
    }
}

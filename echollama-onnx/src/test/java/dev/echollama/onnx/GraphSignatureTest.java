package dev.echollama.onnx;

import static dev.echollama.onnx.TensorSpec.DYNAMIC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.echollama.BadInputException;
import dev.echollama.ModelCorruptException;
import dev.echollama.testkit.SharedModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GraphSignatureTest {
    static final String STORIES = "llm/stories260K/model.onnx";
    static final Set<ElementType> KV_TYPES = EnumSet.of(ElementType.FLOAT32, ElementType.FLOAT16);

    /** The decoder-with-KV-cache contract of PROVENANCE.md / MODELS.md §0.2, for {@code layers} layers. */
    static GraphSignature llamaKvSignature(int layers, int kvHeads, int headDim, int vocab) {
        List<TensorSpec> in = new ArrayList<>();
        List<TensorSpec> out = new ArrayList<>();
        in.add(TensorSpec.of("input_ids", ElementType.INT64, DYNAMIC, DYNAMIC));
        in.add(TensorSpec.of("attention_mask", ElementType.INT64, DYNAMIC, DYNAMIC));
        in.add(TensorSpec.of("position_ids", ElementType.INT64, DYNAMIC, DYNAMIC).asOptional());
        out.add(TensorSpec.anyOf("logits", KV_TYPES, DYNAMIC, DYNAMIC, vocab));
        for (int i = 0; i < layers; i++) {
            for (String kv : List.of("key", "value")) {
                in.add(TensorSpec.anyOf("past_key_values." + i + "." + kv, KV_TYPES, DYNAMIC, kvHeads, DYNAMIC,
                        headDim));
                out.add(TensorSpec.anyOf("present." + i + "." + kv, KV_TYPES, DYNAMIC, kvHeads, DYNAMIC, headDim));
            }
        }
        in.add(TensorSpec.of("use_cache_branch", ElementType.BOOL, 1).asOptional());
        in.add(TensorSpec.of("num_logits_to_keep", ElementType.INT64).asOptional());
        return GraphSignature.builder().inputs(in).outputs(out).build();
    }

    @Test
    void yoloxMatchesItsDocumentedSignature() {
        GraphSignature sig = GraphSignature.builder()
                .input(TensorSpec.of("images", ElementType.FLOAT32, 1, 3, 416, 416))
                .output(TensorSpec.of("output", ElementType.FLOAT32, 1, 3549, 85))
                .build();
        try (OnnxModel model = OnnxModel.open(SharedModels.require(OnnxModelTest.YOLOX))) {
            GraphSignature.Binding b = sig.check(model);
            assertThat(b.input("images")).isEqualTo("images");
            assertThat(b.outputSpec("output").dims()).containsExactly(1, 3549, 85);
        }
    }

    @Test
    void stories260KHasTheKvCacheInterfaceOfProvenance() {
        try (OnnxModel model = OnnxModel.open(SharedModels.require(STORIES))) {
            GraphSignature.Binding b = llamaKvSignature(5, 4, 8, 512).check(model);
            assertThat(b.hasInput("position_ids")).isTrue();
            assertThat(b.hasInput("use_cache_branch")).isFalse();
            assertThat(b.findInput("num_logits_to_keep")).isEmpty();
            TensorSpec past = b.inputSpec("past_key_values.4.value");
            assertThat(past.type()).isEqualTo(ElementType.FLOAT32); // read from the session, not assumed
            assertThat(past.dims()).containsExactly(DYNAMIC, 4, DYNAMIC, 8);
            assertThat(past.dimNames()).containsExactly("batch_size", "", "past_sequence_length", "");
            assertThat(b.outputSpec("present.0.key").dimNames().get(2))
                    .isEqualTo("past_sequence_length + sequence_length");
            assertThat(b.outputSpec("logits").dims()).containsExactly(DYNAMIC, DYNAMIC, 512);
            assertThat(model.inputs()).hasSize(3 + 10);
            assertThat(model.outputs()).hasSize(1 + 10);
            assertThat(model.metadata()).isNotEmpty(); // the exporter repeats the config in metadata_props
        }
    }

    @Test
    void aWrongExpectationListsEveryMismatchInOneMessage() {
        GraphSignature wrong = GraphSignature.builder()
                .input(TensorSpec.of("images", ElementType.FLOAT16, 1, 3, 416))       // type and rank
                .input(TensorSpec.of("pixel_mask", ElementType.INT64, 1, 64, 64))     // missing
                .output(TensorSpec.of("output", ElementType.FLOAT32, 1, 8400, 85))    // fixed dim
                .output(TensorSpec.of("scores", ElementType.FLOAT32, 1, 8400))         // missing
                .build();
        Path file = SharedModels.require(OnnxModelTest.YOLOX);
        try (OnnxModel model = OnnxModel.open(file)) {
            assertThatThrownBy(() -> wrong.check(model))
                    .isInstanceOf(ModelCorruptException.class)
                    .satisfies(e -> {
                        String m = e.getMessage();
                        assertThat(m).contains(model.path().toString()).contains("(5 mismatches)");
                        assertThat(m).contains("input 'images': element type float32, expected float16");
                        assertThat(m).contains("input 'images': rank 4 [1, 3, 416, 416], expected rank 3 [1, 3, 416]");
                        assertThat(m).contains("missing input 'pixel_mask': expected int64 [1, 64, 64]");
                        assertThat(m).contains("output 'output': axis 1 is 3549, expected 8400");
                        assertThat(m).contains("missing output 'scores'");
                        assertThat(m.lines().filter(l -> l.startsWith("  - "))).hasSize(5);
                        assertThat(((ModelCorruptException) e).path()).contains(model.path());
                    });
        }
    }

    @Test
    void inputsTheSdkWouldNotFeedAreMismatchesUnlessAllowed() {
        GraphSignature idsOnly = GraphSignature.builder()
                .input(TensorSpec.of("input_ids", ElementType.INT64, DYNAMIC, DYNAMIC))
                .output(TensorSpec.anyShape("logits", ElementType.FLOAT32))
                .build();
        try (OnnxModel model = OnnxModel.open(SharedModels.require(STORIES))) {
            assertThatThrownBy(() -> idsOnly.check(model))
                    .isInstanceOf(ModelCorruptException.class)
                    .hasMessageContaining("(12 mismatches)")
                    .hasMessageContaining("unexpected input 'attention_mask' int64 [batch_size, "
                            + "past_sequence_length + sequence_length]: the SDK would not feed it");
            GraphSignature lenient = GraphSignature.builder().inputs(idsOnly.inputs()).outputs(idsOnly.outputs())
                    .allowExtraInputs().build();
            assertThat(lenient.check(model).input("input_ids")).isEqualTo("input_ids");
        }
    }

    @Test
    void bindByIndexMapsTheSdksNamesOntoTheGraphs() {
        GraphSignature byIndex = GraphSignature.builder().bindByIndex()
                .input(TensorSpec.of("image", ElementType.FLOAT32, DYNAMIC, 3, DYNAMIC, DYNAMIC))
                .output(TensorSpec.of("prediction", ElementType.FLOAT32, 1, DYNAMIC, 85))
                .build();
        try (OnnxModel model = OnnxModel.open(SharedModels.require(OnnxModelTest.YOLOX))) {
            GraphSignature.Binding b = byIndex.check(model);
            assertThat(b.input("image")).isEqualTo("images");
            assertThat(b.output("prediction")).isEqualTo("output");
            assertThatThrownBy(() -> b.input("images")).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void bindByIndexReportsAbsentPositions() {
        GraphSignature two = GraphSignature.builder().bindByIndex()
                .input(TensorSpec.anyShape("image", ElementType.FLOAT32))
                .input(TensorSpec.anyShape("mask", ElementType.INT64))
                .output(TensorSpec.anyShape("depth", ElementType.FLOAT32))
                .build();
        List<TensorSpec> in = List.of(TensorSpec.of("0", ElementType.FLOAT32, 1, 3, 256, 256));
        List<TensorSpec> out = List.of(TensorSpec.of("797", ElementType.FLOAT32, 1, 256, 256));
        assertThatThrownBy(() -> two.check(Path.of("model-small.onnx"), in, out))
                .isInstanceOf(ModelCorruptException.class)
                .hasMessageContaining("(1 mismatch)")
                .hasMessageContaining("missing input #1 (mask)")
                .hasMessageContaining("model-small.onnx");
    }

    @Test
    void aDynamicDeclaredAxisAcceptsAFixedExpectation() {
        GraphSignature fixed = GraphSignature.builder()
                .input(TensorSpec.of("pixel_values", ElementType.FLOAT32, 1, 3, 800, 1066))
                .output(TensorSpec.of("logits", ElementType.FLOAT32, 1, 100, 92))
                .build();
        List<TensorSpec> in = List.of(new TensorSpec("pixel_values", EnumSet.of(ElementType.FLOAT32),
                new long[] {DYNAMIC, 3, DYNAMIC, DYNAMIC}, List.of("batch_size", "", "height", "width"), false));
        List<TensorSpec> out = List.of(TensorSpec.of("logits", ElementType.FLOAT32, DYNAMIC, 100, 92));
        assertThat(fixed.check(Path.of("detr.onnx"), in, out).inputSpec("pixel_values").toString())
                .isEqualTo("pixel_values float32 [batch_size, 3, height, width]");
    }

    @Test
    void theBuilderRejectsDuplicatesAndMisplacedOptionals() {
        assertThatThrownBy(() -> GraphSignature.builder()
                .input(TensorSpec.anyShape("x", ElementType.FLOAT32))
                .input(TensorSpec.anyShape("x", ElementType.FLOAT32))
                .output(TensorSpec.anyShape("y", ElementType.FLOAT32))
                .output(TensorSpec.anyShape("y", ElementType.FLOAT32))
                .build())
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("input 'x' listed twice")
                .hasMessageContaining("output 'y' listed twice");
        assertThatThrownBy(() -> GraphSignature.builder().bindByIndex()
                .input(TensorSpec.anyShape("a", ElementType.FLOAT32).asOptional())
                .input(TensorSpec.anyShape("b", ElementType.FLOAT32))
                .build())
                .isInstanceOf(BadInputException.class).hasMessageContaining("must come last");
    }

    @Test
    void tensorSpecsAreValuesWithDefensiveCopies() {
        long[] dims = {1, 3, 416, 416};
        TensorSpec a = TensorSpec.of("images", ElementType.FLOAT32, dims);
        dims[0] = 7;
        assertThat(a.dims()).containsExactly(1, 3, 416, 416);
        a.dims()[1] = 9;
        assertThat(a.dim(1)).isEqualTo(3);
        assertThat(a).isEqualTo(TensorSpec.of("images", ElementType.FLOAT32, 1, 3, 416, 416)).hasSameHashCodeAs(
                TensorSpec.of("images", ElementType.FLOAT32, 1, 3, 416, 416));
        assertThat(a.asOptional()).isNotEqualTo(a);
        assertThat(TensorSpec.anyOf("kv", KV_TYPES, DYNAMIC).toString()).isEqualTo("kv float32|float16 [?]");
        assertThatThrownBy(() -> TensorSpec.anyOf("kv", KV_TYPES).type()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> TensorSpec.of("x", ElementType.FLOAT32, -2)).isInstanceOf(BadInputException.class);
    }
}

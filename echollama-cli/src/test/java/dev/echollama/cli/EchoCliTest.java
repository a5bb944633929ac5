package dev.echollama.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.echollama.BadInputException;
import dev.echollama.testkit.SharedModels;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class EchoCliTest {

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = EchoCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void aMissingModelExitsWith3AndSaysHowToGetIt() {
        Result r = run("models", "path", "yolox-nano", "--model-dir", "yolox-nano=/nonexistent/yolox.onnx");
        assertThat(r.code()).isEqualTo(EchoCli.MODEL_MISSING);
        assertThat(r.err()).contains("echollama models fetch yolox-nano").doesNotContain("\tat ");
    }

    @Test
    void verboseAddsTheStackTrace() {
        Result r = run("models", "path", "yolox-nano", "--model-dir", "yolox-nano=/nonexistent", "--verbose");
        assertThat(r.code()).isEqualTo(EchoCli.MODEL_MISSING);
        assertThat(r.err()).contains("\tat ");
    }

    @Test
    void usageErrorsExitWith2() {
        assertThat(run("models", "fetch").code()).isEqualTo(EchoCli.USAGE);
        assertThat(run("no-such-command").code()).isEqualTo(EchoCli.USAGE);
        assertThat(run("models", "path", "x", "--model-dir", "novalue").code()).isEqualTo(EchoCli.USAGE);
    }

    @Test
    void threadsReachTheProviderConfig() {
        CommonOptions defaults = CommandLine.populateCommand(new CommonOptions());
        assertThat(defaults.config().threads()).isZero();
        CommonOptions three = CommandLine.populateCommand(new CommonOptions(), "--threads", "3", "--option",
                "onnx.spinning=never");
        assertThat(three.config().threads()).isEqualTo(3);
        assertThat(three.config().option("onnx.spinning")).contains("never");
        CommonOptions negative = CommandLine.populateCommand(new CommonOptions(), "--threads", "-1");
        assertThatThrownBy(negative::config).isInstanceOf(BadInputException.class)
                .hasMessageContaining("threads must be >= 0");
        assertThat(run("models", "path", "x", "--threads", "two").code()).isEqualTo(EchoCli.USAGE);
    }

    @Test
    void anUnknownModelIdIsBadInput() {
        Result r = run("models", "path", "no-such-model");
        assertThat(r.code()).isEqualTo(EchoCli.BAD_INPUT);
        assertThat(r.err()).contains("no-such-model");
    }

    @Test
    void modelPathAndVerifyFindTheSharedYolox() {
        Path yolox = SharedModels.require("detection/yolox_nano.onnx");
        Result r = run("models", "path", "yolox-nano", "--model-dir", "yolox-nano=" + yolox);
        assertThat(r.code()).isZero();
        assertThat(r.out().strip()).isEqualTo(yolox.toString());
        // the catalogue's size and SHA-256 match the shared copy
        Result v = run("models", "verify", "yolox-nano", "--model-dir", "yolox-nano=" + yolox.getParent());
        assertThat(v.code()).as(v.err()).isZero();
        assertThat(v.out()).contains("yolox-nano: ok");
    }

    @Test
    void modelsListJsonIsOneDocumentWithProfiles() throws Exception {
        Result r = run("models", "list", "--json");
        assertThat(r.code()).isZero();
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertThat(doc.get("models").size()).isGreaterThanOrEqualTo(13);
        assertThat(doc.get("profiles").get("lite").get(0).asText()).isEqualTo("yolox-nano:default");
    }

    @Test
    void providersJsonListsEveryStage() throws Exception {
        Result r = run("providers", "--json");
        assertThat(r.code()).isZero();
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertThat(doc.fieldNames()).toIterable()
                .containsExactly("detector", "depth", "captioner", "llm", "tts", "asr");
    }
}

package dev.echollama.onnx.decoder;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.echollama.testkit.SharedModels;
import java.nio.file.Path;

/** Opens the real stories260K export (skipping the test when the shared models are absent). */
final class StoriesSession {
    private StoriesSession() {
    }

    static Path model() {
        return SharedModels.require("llm/stories260K/model.onnx");
    }

    static OrtSession open(OrtEnvironment env) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        // one intra-op thread: the model is tiny and the build machine is shared
        options.setIntraOpNumThreads(1);
        return env.createSession(model().toString(), options);
    }
}

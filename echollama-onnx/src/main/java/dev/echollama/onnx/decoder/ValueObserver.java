package dev.echollama.onnx.decoder;

import ai.onnxruntime.OnnxTensor;

/** Sees every tensor a generation creates or receives from a run; lets tests prove that all of them get closed. */
@FunctionalInterface
interface ValueObserver {
    ValueObserver NONE = (t, created) -> { };

    /**
     * @param tensor  the tensor now owned by the generation
     * @param created true when the decoder made it from Java data, false when a run returned it
     */
    void opened(OnnxTensor tensor, boolean created);
}

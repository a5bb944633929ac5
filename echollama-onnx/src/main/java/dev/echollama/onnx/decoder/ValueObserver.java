package dev.echollama.onnx.decoder;

import ai.onnxruntime.OnnxTensor;

/** Sees every tensor a generation creates or receives from a run; lets tests prove that all of them get closed. */
@FunctionalInterface
interface ValueObserver {
    ValueObserver NONE = t -> { };

    void opened(OnnxTensor tensor);
}

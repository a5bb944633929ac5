/**
 * ONNX Runtime plumbing shared by the model modules: one lazily created {@code OrtEnvironment} per process,
 * {@link dev.echollama.onnx.OnnxSessionConfig} (device, threads, optimisation), {@link dev.echollama.onnx.OnnxModel}
 * (a session opened from a model path, CUDA falling back to CPU with one log line, thread-safe runs, idempotent
 * close) and {@link dev.echollama.onnx.GraphSignature} / {@link dev.echollama.onnx.TensorSpec} to check an export's
 * inputs and outputs before the first run.
 *
 * <p>These types are for the SDK's model modules; none of them (and no {@code OnnxTensor}) appears in the core
 * stage interfaces that applications use.
 */
package dev.echollama.onnx;

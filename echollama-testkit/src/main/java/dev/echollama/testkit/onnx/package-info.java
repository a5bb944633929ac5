/**
 * A dependency-free ONNX writer and synthetic stand-ins for the real model exports.
 *
 * <p>{@link dev.echollama.testkit.onnx.Graph}, {@link dev.echollama.testkit.onnx.OnnxModel},
 * {@link dev.echollama.testkit.onnx.Tensor}, {@link dev.echollama.testkit.onnx.Attribute} and
 * {@link dev.echollama.testkit.onnx.ElementType} encode ModelProto and its parts in the protobuf wire format by
 * hand (no protobuf library, no Python), IR version 8 and opset 17 by default. Field numbers follow
 * {@code onnx/onnx.proto}; a small model's bytes equal python3-onnx's serialisation.
 *
 * <p>{@link dev.echollama.testkit.onnx.SyntheticModels} writes small graphs with exactly the inputs and outputs of
 * the real exports listed in {@code shared/MODELS.md} (Llama-3.2, Whisper, DETR, DPT/MiDaS, Moondream2, SNAC) and
 * {@code shared/models/PROVENANCE.md} (YOLOX-Nano), each computing something a test can check by hand; the
 * factories' Javadoc is the contract.
 */
package dev.echollama.testkit.onnx;

/**
 * Tensor helpers on flat, direct buffers: {@link dev.echollama.onnx.tensor.ImagePreprocessor} (Pillow-exact
 * resizing, letterbox, rescale, mean/std, channel order and layout) and {@link dev.echollama.onnx.tensor.Float16}
 * conversions for fp16 exports.
 */
package dev.echollama.onnx.tensor;

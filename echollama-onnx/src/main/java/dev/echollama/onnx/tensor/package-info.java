/**
 * Tensor helpers on flat, direct buffers: {@link dev.echollama.onnx.tensor.ImagePreprocessor} (Pillow-exact
 * resizing, letterbox, rescale, mean/std, channel order and layout), {@link dev.echollama.onnx.tensor.MapResize}
 * (a model's output map back to the image's size, as its reference code does) and
 * {@link dev.echollama.onnx.tensor.Float16} conversions for fp16 exports.
 */
package dev.echollama.onnx.tensor;

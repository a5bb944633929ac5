/** ONNX Runtime plumbing shared by the model modules. Nothing here crosses into the public core API. */
package dev.echollama.onnx;

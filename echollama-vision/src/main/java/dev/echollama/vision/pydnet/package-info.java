/**
 * PyDNet++ monocular depth on TensorFlow Lite ({@link dev.echollama.vision.pydnet.PydnetProvider}), an optional
 * provider whose runtime jar SDK users add themselves.
 */
package dev.echollama.vision.pydnet;

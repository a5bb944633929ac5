package dev.echollama.onnx.tensor;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * A preprocessed image: the float32 tensor and the geometry that maps tensor pixels back to the source image.
 *
 * <p>The source image was scaled to {@code contentWidth x contentHeight} and placed at
 * ({@code offsetX}, {@code offsetY}) on a {@code width x height} canvas (offsets are 0 and content = canvas
 * unless letterboxed). A point at tensor pixel coordinates (x, y) (continuous, origin at the top-left corner of
 * the canvas) is at ({@link #toSourceX(double) toSourceX(x)}, {@link #toSourceY(double) toSourceY(y)}) in source
 * pixels.
 *
 * @param tensor        the values, direct and in native byte order, position 0, limit = element count; owned by
 *                      the caller (wrap it with {@code OnnxTensor.createTensor(env, tensor, shape)} without a copy)
 * @param shape         {@code [1, 3, height, width]} (NCHW) or {@code [1, height, width, 3]} (NHWC)
 * @param width         tensor width in pixels
 * @param height        tensor height in pixels
 * @param sourceWidth   the source image's width
 * @param sourceHeight  the source image's height
 * @param offsetX       left padding in tensor pixels
 * @param offsetY       top padding in tensor pixels
 * @param contentWidth  width of the scaled image inside the tensor
 * @param contentHeight height of the scaled image inside the tensor
 */
public record PreprocessedImage(FloatBuffer tensor, long[] shape, int width, int height, int sourceWidth,
                                int sourceHeight, int offsetX, int offsetY, int contentWidth, int contentHeight) {

    public PreprocessedImage {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Equal when shapes, geometry and the tensors' remaining values are equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof PreprocessedImage p && p.tensor.equals(tensor) && Arrays.equals(p.shape, shape)
                && p.width == width && p.height == height && p.sourceWidth == sourceWidth
                && p.sourceHeight == sourceHeight && p.offsetX == offsetX && p.offsetY == offsetY
                && p.contentWidth == contentWidth && p.contentHeight == contentHeight;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(shape), width, height, sourceWidth, sourceHeight, offsetX, offsetY,
                contentWidth, contentHeight);
    }

    @Override
    public String toString() {
        return "PreprocessedImage[shape=" + Arrays.toString(shape) + ", source " + sourceWidth + "x" + sourceHeight
                + " -> content " + contentWidth + "x" + contentHeight + " at (" + offsetX + ", " + offsetY + ")]";
    }

    /** Horizontal scale from source to tensor pixels ({@code contentWidth / sourceWidth}). */
    public double scaleX() {
        return (double) contentWidth / sourceWidth;
    }

    /** Vertical scale from source to tensor pixels ({@code contentHeight / sourceHeight}). */
    public double scaleY() {
        return (double) contentHeight / sourceHeight;
    }

    /** Source x of tensor x (continuous pixel coordinates); not clamped, padding maps outside the image. */
    public double toSourceX(double x) {
        return (x - offsetX) / scaleX();
    }

    /** Source y of tensor y (continuous pixel coordinates); not clamped, padding maps outside the image. */
    public double toSourceY(double y) {
        return (y - offsetY) / scaleY();
    }
}

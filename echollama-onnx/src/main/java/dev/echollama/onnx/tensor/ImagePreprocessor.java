package dev.echollama.onnx.tensor;

import dev.echollama.BadInputException;
import dev.echollama.image.RgbImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns an {@link RgbImage} into the float32 tensor an image model expects, in the order the Hugging Face image
 * processors use (MODELS.md §0.10): resize (or letterbox) on 8-bit pixels, then {@code x * rescale}, then
 * {@code (x - mean[c]) / std[c]}, then the channel order, then the layout (NCHW by default).
 *
 * <p><b>Resizing</b> follows Pillow (half-pixel centres, antialiased when shrinking, rounding to 8 bits after each
 * pass; see {@link Interpolation}) because the transformers processors the models were trained with resize with
 * Pillow. {@link Builder#antialias(boolean) antialias(false)} gives OpenCV's INTER_LINEAR instead (YOLOX, FastestDet).
 *
 * <p><b>Mean and std</b> are given in RGB order, as in {@code preprocessor_config.json}; with {@link ChannelOrder#BGR}
 * the planes are swapped after normalisation, as transformers.js does.
 *
 * <p>Examples: DETR = {@code resizeShortestEdge(800, 1333)}, bilinear, {@code rescale(1/255)}, ImageNet mean/std;
 * Moondream = {@code resize(378, 378)}, bicubic, {@code rescale(1/255)}, mean = std = 0.5; YOLOX =
 * {@code letterbox(416, 416, Anchor.TOP_LEFT)}, {@code padValue(114)}, {@code antialias(false)}, BGR, no rescale.
 *
 * <p>Immutable and thread-safe; {@link #apply} allocates a new direct buffer per call.
 */
public final class ImagePreprocessor {

    /** Pillow's resampling filters ({@code resample} 2 and 3 in {@code preprocessor_config.json}). */
    public enum Interpolation {
        /** Triangle filter, support 1 (Pillow {@code BILINEAR}, code 2). */
        BILINEAR,
        /** Keys cubic with a = -0.5, support 2 (Pillow {@code BICUBIC}, code 3). */
        BICUBIC
    }

    /** Order of the three colour planes in the tensor. */
    public enum ChannelOrder { RGB, BGR }

    /** Memory layout of the tensor: {@code [1, 3, H, W]} or {@code [1, H, W, 3]}. */
    public enum Layout { NCHW, NHWC }

    /** Where a letterboxed image sits on its canvas. */
    public enum Anchor {
        /** Image at (0, 0), padding right and bottom (YOLOX). */
        TOP_LEFT,
        /** Image centred, padding split, the odd pixel going right/bottom (Ultralytics-style). */
        CENTER
    }

    /** A width and height in pixels. */
    public record Size(int width, int height) {
        public Size {
            if (width <= 0 || height <= 0) {
                throw new BadInputException("size must be positive, got " + width + "x" + height);
            }
        }
    }

    private enum Mode { KEEP, EXACT, SHORTEST_EDGE, LETTERBOX }

    private final Mode mode;
    private final int width;
    private final int height;
    private final int shortestEdge;
    private final int longestEdge;
    private final Anchor anchor;
    private final int padValue;
    private final Interpolation interpolation;
    private final boolean antialias;
    private final double rescale;
    private final double[] mean;
    private final double[] std;
    private final ChannelOrder channelOrder;
    private final Layout layout;

    private ImagePreprocessor(Builder b) {
        this.mode = b.mode;
        this.width = b.width;
        this.height = b.height;
        this.shortestEdge = b.shortestEdge;
        this.longestEdge = b.longestEdge;
        this.anchor = b.anchor;
        this.padValue = b.padValue;
        this.interpolation = b.interpolation;
        this.antialias = b.antialias;
        this.rescale = b.rescale;
        this.mean = b.mean.clone();
        this.std = b.std.clone();
        this.channelOrder = b.channelOrder;
        this.layout = b.layout;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * DETR's resize rule (facebookresearch/detr {@code get_size_with_aspect_ratio}, also transformers'
     * DetrImageProcessor): the short side becomes {@code shortest} unless the long side would then exceed
     * {@code longest}, in which case the short side becomes {@code round(longest * short / long)} (half to even, as Python rounds); the long side is
     * {@code floor(shortSide * long / short)}. An image whose short side already equals the target keeps its size.
     * (transformers.js computes it differently and can differ by a pixel or, for some aspect ratios, upscale past
     * the short-side target; this SDK follows the model's own training code.)
     */
    public static Size shortestEdgeSize(int width, int height, int shortest, int longest) {
        if (width <= 0 || height <= 0) {
            throw new BadInputException("image size must be positive, got " + width + "x" + height);
        }
        if (shortest <= 0 || longest < shortest) {
            throw new BadInputException("need 0 < shortest <= longest, got shortest " + shortest + ", longest "
                    + longest);
        }
        double small = Math.min(width, height);
        double large = Math.max(width, height);
        int size = shortest;
        if (large / small * size > longest) {
            size = (int) Math.rint(longest * small / large); // Python's round(): half to even
        }
        if ((width <= height && width == size) || (height <= width && height == size)) {
            return new Size(width, height);
        }
        if (width < height) {
            return new Size(size, Math.max(1, (int) ((long) size * height / width)));
        }
        return new Size(Math.max(1, (int) ((long) size * width / height)), size);
    }

    /**
     * Preprocesses {@code image}.
     *
     * @return the tensor (a new direct, native-order buffer owned by the caller) and how its pixels map back to
     *         the source image
     */
    public PreprocessedImage apply(RgbImage image) {
        if (image == null) {
            throw new BadInputException("image is null");
        }
        int sw = image.width();
        int sh = image.height();
        byte[] src = image.toRgbBytes();
        int cw;
        int ch;
        int tw;
        int th;
        int ox = 0;
        int oy = 0;
        switch (mode) {
            case KEEP -> {
                cw = sw;
                ch = sh;
            }
            case EXACT -> {
                cw = width;
                ch = height;
            }
            case SHORTEST_EDGE -> {
                Size s = shortestEdgeSize(sw, sh, shortestEdge, longestEdge);
                cw = s.width();
                ch = s.height();
            }
            case LETTERBOX -> {
                // YOLOX: r = min(H/h, W/w), content = (int)(w*r) x (int)(h*r), in double as in its Python.
                double r = Math.min((double) height / sh, (double) width / sw);
                cw = Math.max(1, Math.min(width, (int) (sw * r)));
                ch = Math.max(1, Math.min(height, (int) (sh * r)));
                if (anchor == Anchor.CENTER) {
                    ox = (width - cw) / 2;
                    oy = (height - ch) / 2;
                }
            }
            default -> throw new IllegalStateException(mode.name());
        }
        byte[] content = Resampler.resize(src, sw, sh, cw, ch,
                interpolation == Interpolation.BICUBIC ? Resampler.Filter.BICUBIC : Resampler.Filter.BILINEAR,
                antialias);
        byte[] canvas;
        if (mode == Mode.LETTERBOX) {
            tw = width;
            th = height;
            canvas = new byte[tw * th * 3];
            Arrays.fill(canvas, (byte) padValue);
            for (int y = 0; y < ch; y++) {
                System.arraycopy(content, y * cw * 3, canvas, ((oy + y) * tw + ox) * 3, cw * 3);
            }
        } else {
            tw = cw;
            th = ch;
            canvas = content;
        }
        FloatBuffer tensor = toTensor(canvas, tw, th);
        long[] shape = layout == Layout.NCHW ? new long[] {1, 3, th, tw} : new long[] {1, th, tw, 3};
        return new PreprocessedImage(tensor, shape, tw, th, sw, sh, ox, oy, cw, ch);
    }

    private FloatBuffer toTensor(byte[] rgb, int w, int h) {
        float[][] lut = new float[3][256];
        for (int c = 0; c < 3; c++) {
            for (int v = 0; v < 256; v++) {
                lut[c][v] = (float) ((v * rescale - mean[c]) / std[c]);
            }
        }
        int[] source = channelOrder == ChannelOrder.RGB ? new int[] {0, 1, 2} : new int[] {2, 1, 0};
        int plane = w * h;
        FloatBuffer out = ByteBuffer.allocateDirect(plane * 3 * Float.BYTES).order(ByteOrder.nativeOrder())
                .asFloatBuffer();
        if (layout == Layout.NCHW) {
            for (int c = 0; c < 3; c++) {
                float[] table = lut[source[c]];
                int s = source[c];
                float[] row = new float[w];
                for (int y = 0; y < h; y++) {
                    int p = y * w * 3 + s;
                    for (int x = 0; x < w; x++) {
                        row[x] = table[rgb[p] & 0xFF];
                        p += 3;
                    }
                    out.put(row);
                }
            }
        } else {
            float[] pixel = new float[3];
            for (int i = 0; i < plane; i++) {
                int p = i * 3;
                for (int c = 0; c < 3; c++) {
                    pixel[c] = lut[source[c]][rgb[p + source[c]] & 0xFF];
                }
                out.put(pixel);
            }
        }
        return out.flip();
    }

    @Override
    public String toString() {
        String size = switch (mode) {
            case KEEP -> "keep size";
            case EXACT -> "resize " + width + "x" + height;
            case SHORTEST_EDGE -> "shortest edge " + shortestEdge + " (longest " + longestEdge + ")";
            case LETTERBOX -> "letterbox " + width + "x" + height + " " + anchor + " pad " + padValue;
        };
        return "ImagePreprocessor[" + size + ", " + interpolation + (antialias ? "" : " no antialias")
                + ", rescale " + rescale + ", mean " + Arrays.toString(mean) + ", std " + Arrays.toString(std)
                + ", " + channelOrder + ", " + layout + "]";
    }

    /** Mutable, not thread-safe; {@link #build()} validates and names every wrong value. */
    public static final class Builder {
        private Mode mode = Mode.KEEP;
        private int width;
        private int height;
        private int shortestEdge;
        private int longestEdge;
        private Anchor anchor = Anchor.TOP_LEFT;
        private int padValue;
        private Interpolation interpolation = Interpolation.BILINEAR;
        private boolean antialias = true;
        private double rescale = 1.0;
        private double[] mean = {0, 0, 0};
        private double[] std = {1, 1, 1};
        private ChannelOrder channelOrder = ChannelOrder.RGB;
        private Layout layout = Layout.NCHW;

        private Builder() {
        }

        /** Stretches to exactly {@code width x height} (aspect not kept). */
        public Builder resize(int width, int height) {
            this.mode = Mode.EXACT;
            this.width = width;
            this.height = height;
            return this;
        }

        /** DETR's rule, see {@link ImagePreprocessor#shortestEdgeSize}; the tensor size depends on the image. */
        public Builder resizeShortestEdge(int shortest, int longest) {
            this.mode = Mode.SHORTEST_EDGE;
            this.shortestEdge = shortest;
            this.longestEdge = longest;
            return this;
        }

        /**
         * Scales to fit inside {@code width x height} keeping the aspect ratio and pads the rest with
         * {@link #padValue(int)}; {@link PreprocessedImage} gives the scale and offsets to map boxes back.
         */
        public Builder letterbox(int width, int height, Anchor anchor) {
            this.mode = Mode.LETTERBOX;
            this.width = width;
            this.height = height;
            this.anchor = anchor;
            return this;
        }

        /**
         * The 8-bit value (0-255, the same for R, G and B) letterbox padding is filled with before rescaling and
         * normalisation (YOLOX: 114). Default 0.
         */
        public Builder padValue(int value) {
            this.padValue = value;
            return this;
        }

        public Builder interpolation(Interpolation interpolation) {
            this.interpolation = interpolation;
            return this;
        }

        /** Whether shrinking stretches the kernel (Pillow, default) or not (OpenCV INTER_LINEAR). */
        public Builder antialias(boolean antialias) {
            this.antialias = antialias;
            return this;
        }

        /** Multiplies every 0-255 value, before mean/std (transformers' {@code rescale_factor}, usually 1/255). */
        public Builder rescale(double factor) {
            this.rescale = factor;
            return this;
        }

        /** Per-channel mean and std in R, G, B order, applied after {@link #rescale(double)}. */
        public Builder normalize(double[] mean, double[] std) {
            this.mean = mean == null ? null : mean.clone();
            this.std = std == null ? null : std.clone();
            return this;
        }

        public Builder channelOrder(ChannelOrder order) {
            this.channelOrder = order;
            return this;
        }

        public Builder layout(Layout layout) {
            this.layout = layout;
            return this;
        }

        public ImagePreprocessor build() {
            List<String> problems = new ArrayList<>();
            if ((mode == Mode.EXACT || mode == Mode.LETTERBOX) && (width <= 0 || height <= 0)) {
                problems.add("target size must be positive, got " + width + "x" + height);
            }
            if (mode == Mode.SHORTEST_EDGE && (shortestEdge <= 0 || longestEdge < shortestEdge)) {
                problems.add("need 0 < shortest edge <= longest edge, got " + shortestEdge + " and " + longestEdge);
            }
            if (mode == Mode.LETTERBOX && anchor == null) {
                problems.add("letterbox anchor is null");
            }
            if (padValue < 0 || padValue > 255) {
                problems.add("pad value must be 0..255, got " + padValue);
            }
            if (interpolation == null) {
                problems.add("interpolation is null");
            }
            if (!(rescale > 0) || Double.isInfinite(rescale)) {
                problems.add("rescale factor must be positive and finite, got " + rescale);
            }
            if (mean == null || mean.length != 3 || Arrays.stream(mean).anyMatch(v -> !Double.isFinite(v))) {
                problems.add("mean must be 3 finite numbers (R, G, B), got " + Arrays.toString(mean));
            }
            if (std == null || std.length != 3 || Arrays.stream(std).anyMatch(v -> !(v > 0) || Double.isInfinite(v))) {
                problems.add("std must be 3 positive finite numbers (R, G, B), got " + Arrays.toString(std));
            }
            if (channelOrder == null) {
                problems.add("channel order is null");
            }
            if (layout == null) {
                problems.add("layout is null");
            }
            if (!problems.isEmpty()) {
                throw new BadInputException("invalid image preprocessing: " + String.join("; ", problems));
            }
            return new ImagePreprocessor(this);
        }
    }
}

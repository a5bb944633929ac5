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
 * Pillow. {@link Builder#antialias(boolean) antialias(false)} keeps Pillow's kernel at its size when shrinking,
 * which samples like OpenCV's INTER_LINEAR but rounds differently (a quarter of the values of a typical shrink
 * differ by one); {@link Interpolation#OPENCV_LINEAR} is OpenCV's own arithmetic (YOLOX), and
 * {@link Interpolation#OPENCV_CUBIC} OpenCV's bicubic on the rescaled floating-point image, so for it the rescale
 * comes first (MiDaS).
 *
 * <p><b>Mean and std</b> are given in RGB order, as in {@code preprocessor_config.json}; with {@link ChannelOrder#BGR}
 * the planes are swapped after normalisation, as transformers.js does.
 *
 * <p>Examples: DETR = {@code resizeShortestEdge(800, 1333)}, bilinear, {@code rescale(1/255)}, ImageNet mean/std;
 * Moondream = {@code resize(378, 378)}, bicubic, {@code rescale(1/255)}, mean = std = 0.5; YOLOX =
 * {@code letterbox(416, 416, Anchor.TOP_LEFT)}, {@code padValue(114)}, {@code OPENCV_LINEAR}, BGR, no rescale.
 *
 * <p>Immutable and thread-safe. It streams: each resized row goes straight into the tensor, so the only large
 * allocation is the tensor itself, a new direct buffer per call of {@link #apply(RgbImage)}, or none with
 * {@link #apply(RgbImage, java.util.function.IntFunction)} and a reused buffer. Large images are resized in bands
 * of rows on up to {@link Builder#threads(int)} threads; the result does not depend on the thread count.
 */
public final class ImagePreprocessor {

    /**
     * How pixels are resampled: Pillow's filters ({@code resample} 2 and 3 in {@code preprocessor_config.json}),
     * or OpenCV's bilinear for models trained on {@code cv2.resize}.
     */
    public enum Interpolation {
        /** Triangle filter, support 1 (Pillow {@code BILINEAR}, code 2). */
        BILINEAR,
        /** Keys cubic with a = -0.5, support 2 (Pillow {@code BICUBIC}, code 3). */
        BICUBIC,
        /**
         * OpenCV's {@code cv2.resize(..., interpolation=cv2.INTER_LINEAR)}, bit for bit (checked against OpenCV
         * 4.6): 11-bit weights, no antialiasing, so shrinking by more than half skips pixels as OpenCV does.
         * YOLOX's own pre-processing. Also the fastest of the three.
         */
        OPENCV_LINEAR,
        /**
         * OpenCV's {@code cv2.resize(..., interpolation=cv2.INTER_CUBIC)} (Keys cubic, a = -0.75) on the
         * floating-point image {@code value * rescale}, as MiDaS's runner resizes {@code imread(...) / 255.0}:
         * the rescale comes before the resize, values are not rounded to 8 bits and may overshoot near edges.
         * Never antialiased. Checked against OpenCV 4.6 to the float32 result.
         */
        OPENCV_CUBIC
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

    /** The fewest output pixels worth a thread of their own (about 0.1 ms of resizing here). */
    static final int BAND_PIXELS = 32 * 1024;

    /**
     * Bands of rows per thread when resizing on several: threads claim bands as they come free, so one that starts
     * late (a pool thread takes a while to wake after an inference has run) still shares the work. YOLOX's
     * letterbox between ONNX Runtime runs took 8-25% less time with four per thread than with one in five of eight
     * interleaved comparisons (two images, four runs), and the same in the other three.
     */
    static final int BANDS_PER_THREAD = 4;

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
    private final int threads;
    /** The last image size's kernels (immutable, so a racy read at worst recomputes them). */
    private volatile Plan lastPlan;
    private final int[] channels;
    private final float[][] lut;
    private final float[] padding;
    /**
     * Whether every table maps v to (float) v (no rescale, mean 0, std 1: YOLOX), so the Vector API can convert
     * the values instead (the plain conversion loop is slower than the table: JDK 17 does not vectorise it).
     */
    private final boolean identity;

    private ImagePreprocessor(Builder b) {
        this.mode = b.mode;
        this.width = b.width;
        this.height = b.height;
        this.shortestEdge = b.shortestEdge;
        this.longestEdge = b.longestEdge;
        this.anchor = b.anchor;
        this.padValue = b.padValue;
        this.interpolation = b.interpolation;
        this.antialias = b.antialias == null ? !openCv(interpolation) : b.antialias;
        this.rescale = b.rescale;
        this.mean = b.mean.clone();
        this.std = b.std.clone();
        this.channelOrder = b.channelOrder;
        this.layout = b.layout;
        this.threads = b.threads;
        // Output channel c reads source channel channels[c]; its table maps that channel's 0-255 to the value.
        this.channels = channelOrder == ChannelOrder.RGB ? new int[] {0, 1, 2} : new int[] {2, 1, 0};
        this.lut = new float[3][256];
        this.padding = new float[3];
        for (int c = 0; c < 3; c++) {
            int s = channels[c];
            for (int v = 0; v < 256; v++) {
                lut[c][v] = (float) ((v * rescale - mean[s]) / std[s]);
            }
            padding[c] = lut[c][padValue];
        }
        boolean same = true;
        for (int c = 0; c < 3; c++) {
            for (int v = 0; v < 256; v++) {
                same &= lut[c][v] == v;
            }
        }
        this.identity = same;
    }

    private static boolean openCv(Interpolation i) {
        return i == Interpolation.OPENCV_LINEAR || i == Interpolation.OPENCV_CUBIC;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * This preprocessing with another thread allowance (see {@link Builder#threads(int)}): a model whose session
     * is held to {@code n} intra-op threads holds its pre-processing to the same.
     *
     * @throws BadInputException if {@code threads} is negative
     */
    public ImagePreprocessor withThreads(int threads) {
        if (threads == this.threads) {
            return this;
        }
        String problem = threadsProblem(threads);
        if (problem != null) {
            throw new BadInputException("invalid image preprocessing: " + problem);
        }
        return new ImagePreprocessor(this, threads);
    }

    /** What is wrong with a thread allowance, or null. */
    private static String threadsProblem(int threads) {
        return threads < 0 ? "threads must be 0 (one per processor) or more, got " + threads : null;
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
        long other = (long) size * (long) large / (long) small;
        if (other > Integer.MAX_VALUE) { // only without a cap on the long side (Integer.MAX_VALUE)
            throw new BadInputException("a " + width + "x" + height + " image with its short side at " + size
                    + " would be " + other + " pixels long");
        }
        if (width < height) {
            return new Size(size, Math.max(1, (int) other));
        }
        return new Size(Math.max(1, (int) other), size);
    }

    /**
     * Preprocesses {@code image}.
     *
     * @return the tensor (a new direct, native-order buffer owned by the caller) and how its pixels map back to
     *         the source image
     */
    public PreprocessedImage apply(RgbImage image) {
        return apply(image, ImagePreprocessor::allocate);
    }

    /**
     * Preprocesses {@code image} into a buffer from {@code buffers}, so that a model called again and again can
     * reuse one native buffer: allocating a fresh multi-megabyte direct buffer per image costs more than the
     * resize itself (the memory is zeroed and page-faulted in, and only freed after a garbage collection).
     *
     * @param buffers given the element count the tensor needs, returns a direct, native-order buffer with at least
     *                that capacity (its position and limit are ignored); every element up to the count is written
     * @return the tensor (a view of that buffer with position 0 and limit = element count, sharing its memory)
     *         and how its pixels map back to the source image
     * @throws BadInputException if the buffer is null, not direct, not in native order or too small
     */
    public PreprocessedImage apply(RgbImage image, java.util.function.IntFunction<FloatBuffer> buffers) {
        if (buffers == null) {
            throw new BadInputException("buffer source is null");
        }
        if (image == null) {
            throw new BadInputException("image is null");
        }
        int sw = image.width();
        int sh = image.height();
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
        if (mode == Mode.LETTERBOX) {
            tw = width;
            th = height;
        } else {
            tw = cw;
            th = ch;
        }
        if (3L * tw * th > Integer.MAX_VALUE) {
            throw new BadInputException("a " + tw + "x" + th + " tensor of 3 channels would hold more than "
                    + Integer.MAX_VALUE + " floats (image " + sw + "x" + sh + ", " + this + ")");
        }
        int elements = 3 * tw * th;
        FloatBuffer tensor = buffers.apply(elements);
        if (tensor == null || !tensor.isDirect() || tensor.order() != ByteOrder.nativeOrder()
                || tensor.capacity() < elements) {
            throw new BadInputException("need a direct, native-order buffer of at least " + elements
                    + " floats for a " + tw + "x" + th + " tensor, got " + (tensor == null ? "null"
                    : (tensor.isDirect() ? "a direct" : "a heap") + " " + tensor.order() + " buffer of "
                    + tensor.capacity()));
        }
        tensor = tensor.duplicate().clear().limit(elements);
        ByteBuffer pixels = image.pixels();
        FloatBuffer target = tensor;
        int threads = threads(cw, ch);
        int bands = threads == 1 ? 1 : Math.min(ch, threads * BANDS_PER_THREAD);
        int left = ox;
        int top = oy;
        int contentHeight = ch;
        Banded resize = plan(sw, sh, cw, ch).rows();
        // The rows above and below a letterboxed image are one more band, the last, so the first bands (and the
        // wake-up of the pool threads) start at once.
        boolean padRows = th > ch;
        RowBands.run(bands + (padRows ? 1 : 0), threads, band -> {
            TensorWriter writer = new TensorWriter(target.duplicate(), tw, th, left, top, cw, contentHeight);
            if (band == bands) {
                writer.pad();
            } else {
                resize.rows(pixels.duplicate(), band * contentHeight / bands, (band + 1) * contentHeight / bands,
                        writer);
            }
        });
        long[] shape = layout == Layout.NCHW ? new long[] {1, 3, th, tw} : new long[] {1, th, tw, 3};
        return new PreprocessedImage(tensor, shape, tw, th, sw, sh, ox, oy, cw, ch);
    }

    /** Output rows {@code from} (inclusive) to {@code to} (exclusive) of one resize, written through a writer. */
    @FunctionalInterface
    private interface Banded {
        void rows(ByteBuffer src, int from, int to, TensorWriter writer);
    }

    /** One size's kernels, whichever the interpolation. */
    private record Plan(int w, int h, int ow, int oh, Banded rows) {
    }

    /** The kernels for this size: the last size's are kept, since a camera or a batch repeats its size. */
    private Plan plan(int sw, int sh, int cw, int ch) {
        Plan last = lastPlan;
        if (last != null && last.w() == sw && last.h() == sh && last.ow() == cw && last.oh() == ch) {
            return last;
        }
        Banded rows = switch (interpolation) {
            case OPENCV_LINEAR -> new OpenCvLinear.Plan(sw, sh, cw, ch, channels)::rows;
            case OPENCV_CUBIC -> new OpenCvCubic.Plan(sw, sh, cw, ch, rescale)::rows;
            case BILINEAR, BICUBIC -> new Resampler.Plan(sw, sh, cw, ch, interpolation == Interpolation.BICUBIC
                    ? Resampler.Filter.BICUBIC : Resampler.Filter.BILINEAR, antialias)::rows;
        };
        Plan plan = new Plan(sw, sh, cw, ch, rows);
        lastPlan = plan;
        return plan;
    }

    /**
     * How many threads to resize on: one per thread allowed, but at least {@link #BAND_PIXELS} output pixels each,
     * since below that handing work to another thread costs more than it saves.
     */
    private int threads(int cw, int ch) {
        int allowed = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        long bySize = (long) cw * ch / BAND_PIXELS;
        return (int) Math.max(1, Math.min(allowed, bySize));
    }

    private static FloatBuffer allocate(int elements) {
        return ByteBuffer.allocateDirect(Math.multiplyExact(elements, Float.BYTES)).order(ByteOrder.nativeOrder())
                .asFloatBuffer();
    }

    /**
     * Writes resized rows straight into the tensor through the per-channel lookup tables, so no canvas or
     * intermediate image is built: each content row lands at its place on the canvas with the padding beside it
     * (written by the band that owns the row, while the row is in cache); {@link #pad()} writes the rows above
     * and below the content.
     */
    private final class TensorWriter implements Resampler.RowSink, OpenCvLinear.FloatSink, OpenCvCubic.ValueSink {
        private final FloatBuffer out;
        private final int tw;
        private final int th;
        private final int ox;
        private final int oy;
        private final int cw;
        private final int ch;
        private final float[] row;
        /** A canvas row of padding: per channel (NCHW, {@code c * tw}) or interleaved (NHWC); null if none. */
        private final float[] fill;
        /** Whether to convert through {@link OpenCvLinearSimd#toFloats}: identity tables, Vector API warm. */
        private final boolean vectorFloats;

        TensorWriter(FloatBuffer out, int tw, int th, int ox, int oy, int cw, int ch) {
            this.out = out;
            this.tw = tw;
            this.th = th;
            this.ox = ox;
            this.oy = oy;
            this.cw = cw;
            this.ch = ch;
            this.row = new float[tw * 3];
            this.vectorFloats = identity && Simd.isWarm(); // warm: the vector code is loaded and compiled
            if (tw == cw && th == ch) {
                this.fill = null;
            } else {
                this.fill = new float[tw * 3];
                for (int i = 0; i < tw; i++) {
                    for (int c = 0; c < 3; c++) {
                        fill[layout == Layout.NCHW ? c * tw + i : i * 3 + c] = padding[c];
                    }
                }
            }
        }

        @Override
        public void row(int y, byte[] rgb) {
            int canvasRow = oy + y;
            if (layout == Layout.NCHW) {
                int plane = tw * th;
                for (int c = 0; c < 3; c++) {
                    float[] table = lut[c];
                    int p = channels[c];
                    for (int x = 0; x < cw; x++, p += 3) {
                        row[x] = table[rgb[p] & 0xFF];
                    }
                    out.put(c * plane + canvasRow * tw + ox, row, 0, cw);
                }
            } else {
                float[] t0 = lut[0];
                float[] t1 = lut[1];
                float[] t2 = lut[2];
                int s0 = channels[0];
                int s1 = channels[1];
                int s2 = channels[2];
                for (int x = 0, p = 0, o = 0; x < cw; x++, p += 3, o += 3) {
                    row[o] = t0[rgb[p + s0] & 0xFF];
                    row[o + 1] = t1[rgb[p + s1] & 0xFF];
                    row[o + 2] = t2[rgb[p + s2] & 0xFF];
                }
                out.put((canvasRow * tw + ox) * 3, row, 0, cw * 3);
            }
            sides(canvasRow);
        }

        @Override
        public boolean takesFloats() {
            return vectorFloats && layout == Layout.NCHW;
        }

        @Override
        public void floats(int y, float[] values) {
            int canvasRow = oy + y;
            int plane = tw * th;
            for (int c = 0; c < 3; c++) {
                out.put(c * plane + canvasRow * tw + ox, values, c * cw, cw);
            }
            sides(canvasRow);
        }

        @Override
        public void pixels(int y, int[] values) {
            int canvasRow = oy + y;
            if (layout == Layout.NCHW) {
                int plane = tw * th;
                for (int c = 0; c < 3; c++) {
                    int v = c * cw;
                    if (vectorFloats) {
                        OpenCvLinearSimd.toFloats(values, v, row, cw); // each table value is the value itself
                    } else {
                        float[] table = lut[c];
                        for (int x = 0; x < cw; x++) {
                            row[x] = table[values[v + x]];
                        }
                    }
                    out.put(c * plane + canvasRow * tw + ox, row, 0, cw);
                }
            } else {
                float[] t0 = lut[0];
                float[] t1 = lut[1];
                float[] t2 = lut[2];
                for (int x = 0, o = 0; x < cw; x++, o += 3) {
                    row[o] = t0[values[x]];
                    row[o + 1] = t1[values[cw + x]];
                    row[o + 2] = t2[values[2 * cw + x]];
                }
                out.put((canvasRow * tw + ox) * 3, row, 0, cw * 3);
            }
            sides(canvasRow);
        }

        @Override
        public void values(int y, double[][] planes) {
            int canvasRow = oy + y;
            boolean nchw = layout == Layout.NCHW;
            for (int c = 0; c < 3; c++) {
                int s = channels[c];
                double[] v = planes[s];
                double m = mean[s];
                double d = std[s];
                if (nchw) {
                    for (int x = 0; x < cw; x++) {
                        row[x] = (float) ((v[x] - m) / d);
                    }
                    out.put(c * tw * th + canvasRow * tw + ox, row, 0, cw);
                } else {
                    for (int x = 0; x < cw; x++) {
                        row[x * 3 + c] = (float) ((v[x] - m) / d);
                    }
                }
            }
            if (!nchw) {
                out.put((canvasRow * tw + ox) * 3, row, 0, cw * 3);
            }
            sides(canvasRow);
        }

        /** Fills the canvas rows above and below the content with the padding value. */
        void pad() {
            for (int y = 0; y < th; y++) {
                if (y >= oy && y < oy + ch) {
                    continue;
                }
                if (layout == Layout.NCHW) {
                    for (int c = 0; c < 3; c++) {
                        out.put(c * tw * th + y * tw, fill, c * tw, tw);
                    }
                } else {
                    out.put(y * tw * 3, fill, 0, tw * 3);
                }
            }
        }

        /** The padding left and right of content row {@code canvasRow}. */
        private void sides(int canvasRow) {
            if (fill == null) {
                return;
            }
            int right = tw - ox - cw;
            if (layout == Layout.NCHW) {
                for (int c = 0; c < 3; c++) {
                    int start = c * tw * th + canvasRow * tw;
                    if (ox > 0) {
                        out.put(start, fill, c * tw, ox);
                    }
                    if (right > 0) {
                        out.put(start + ox + cw, fill, c * tw, right);
                    }
                }
            } else {
                int start = canvasRow * tw * 3;
                if (ox > 0) {
                    out.put(start, fill, 0, ox * 3);
                }
                if (right > 0) {
                    out.put(start + (ox + cw) * 3, fill, 0, right * 3);
                }
            }
        }
    }

    @Override
    public String toString() {
        String size = switch (mode) {
            case KEEP -> "keep size";
            case EXACT -> "resize " + width + "x" + height;
            case SHORTEST_EDGE -> "shortest edge " + shortestEdge
                    + (longestEdge == Integer.MAX_VALUE ? " (longest uncapped)" : " (longest " + longestEdge + ")");
            case LETTERBOX -> "letterbox " + width + "x" + height + " " + anchor + " pad " + padValue;
        };
        return "ImagePreprocessor[" + size + ", " + interpolation + (antialias || openCv(interpolation) ? "" : " no antialias")
                + ", rescale " + rescale + ", mean " + Arrays.toString(mean) + ", std " + Arrays.toString(std)
                + ", " + channelOrder + ", " + layout + (threads > 0 ? ", " + threads + " threads" : "") + "]";
    }

    /**
     * {@code other} with another thread allowance. Every final field is assigned here, so a field added later
     * cannot be forgotten by {@link #withThreads} (the compiler refuses); the tables and kernels are shared, since
     * they do not depend on the thread count.
     */
    private ImagePreprocessor(ImagePreprocessor other, int threads) {
        this.mode = other.mode;
        this.width = other.width;
        this.height = other.height;
        this.shortestEdge = other.shortestEdge;
        this.longestEdge = other.longestEdge;
        this.anchor = other.anchor;
        this.padValue = other.padValue;
        this.interpolation = other.interpolation;
        this.antialias = other.antialias;
        this.rescale = other.rescale;
        this.mean = other.mean;
        this.std = other.std;
        this.channelOrder = other.channelOrder;
        this.layout = other.layout;
        this.threads = threads;
        this.lastPlan = other.lastPlan;
        this.channels = other.channels;
        this.lut = other.lut;
        this.padding = other.padding;
        this.identity = other.identity;
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
        /** Null until set: Pillow's filters then antialias, OpenCV's never does. */
        private Boolean antialias;
        private double rescale = 1.0;
        private double[] mean = {0, 0, 0};
        private double[] std = {1, 1, 1};
        private ChannelOrder channelOrder = ChannelOrder.RGB;
        private Layout layout = Layout.NCHW;
        private int threads;

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

        /**
         * Whether shrinking stretches Pillow's kernel so every source pixel counts (default for {@code BILINEAR}
         * and {@code BICUBIC}) or keeps it at its size. OpenCV's interpolations never antialias:
         * {@code antialias(true)} with them is refused by {@link #build()}.
         */
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

        /**
         * Threads one {@link ImagePreprocessor#apply} may use: bands of rows run on the caller and the common
         * {@link java.util.concurrent.ForkJoinPool}; 1 keeps it on the caller's thread. Default 0: one per
         * available processor, for images large enough to gain from it. The result is the same whatever the count.
         */
        public Builder threads(int threads) {
            this.threads = threads;
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
            if (openCv(interpolation) && Boolean.TRUE.equals(antialias)) {
                problems.add(interpolation + " never antialiases (as cv2.resize), but antialias(true) was asked"
                        + " for; use BILINEAR or BICUBIC for Pillow's antialiased resize");
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
            String threadsProblem = threadsProblem(threads);
            if (threadsProblem != null) {
                problems.add(threadsProblem);
            }
            if (!problems.isEmpty()) {
                throw new BadInputException("invalid image preprocessing: " + String.join("; ", problems));
            }
            return new ImagePreprocessor(this);
        }
    }
}

package dev.echollama.image;

import dev.echollama.BadInputException;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DirectColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes JPEG, PNG, BMP and GIF (first frame) pictures into upright {@link RgbImage}s with the JDK's ImageIO
 * readers, adding what they lack: EXIF orientation and CMYK / YCCK colours for JPEG, a pixel budget checked
 * on the header before any pixel memory is allocated, and one exception type for every kind of bad file.
 *
 * <p>What the result holds: grey (and grey + alpha) is replicated into R, G and B; alpha is dropped (colours are
 * kept as stored, not composited onto a background); indexed colours are looked up; 16-bit samples are rounded
 * to 8 bits; three-component JPEGs get ImageIO's own YCbCr-to-RGB conversion; four-component JPEGs (CMYK,
 * YCCK) are converted without a colour profile by {@code R = 255 (1-C)(1-K)}, their values read as stored
 * inverted (the Adobe convention, which Photoshop writes and browsers and ImageMagick assume), with or without
 * an Adobe APP14 segment. EXIF orientation is applied for JPEG only. The format is recognised from the leading
 * bytes, never from the file name.
 *
 * <p>Errors: every unusable input (missing file, empty, not an image, truncated, corrupt, zero or over-budget
 * size) is a {@link BadInputException} whose message names the file (when there is one), what was expected and
 * what was found. No other exception escapes for bad bytes.
 *
 * <p>Thread-safe: every call uses its own reader.
 */
public final class Images {
    private static final Logger LOG = LoggerFactory.getLogger(Images.class);

    private Images() {}

    /** {@link #read(Path, ImageReadOptions)} with {@link ImageReadOptions#defaults()}. */
    public static RgbImage read(Path file) {
        return read(file, ImageReadOptions.defaults());
    }

    /**
     * Reads and decodes an image file.
     *
     * @throws BadInputException if the file is missing or unreadable, or its contents cannot be decoded
     */
    public static RgbImage read(Path file, ImageReadOptions options) {
        if (file == null) {
            throw new BadInputException("image path is null");
        }
        requireOptions(options);
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) {
                throw new BadInputException("image file " + file + " is a directory; expected a JPEG, PNG, BMP or"
                        + " GIF file");
            }
            long size = Files.size(file);
            if (size > Integer.MAX_VALUE - 8) {
                throw new BadInputException("image file " + file + " has " + size + " bytes; at most "
                        + (Integer.MAX_VALUE - 8) + " can be read");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new BadInputException("image file " + file + " does not exist", e);
        } catch (IOException e) {
            throw new BadInputException("cannot read image file " + file + ": " + e, e);
        }
        return decode(bytes, options, "image file " + file);
    }

    /** {@link #decode(byte[], ImageReadOptions)} with {@link ImageReadOptions#defaults()}. */
    public static RgbImage decode(byte[] bytes) {
        return decode(bytes, ImageReadOptions.defaults());
    }

    /**
     * Decodes an encoded image held in memory. The array is only read, never kept.
     *
     * @throws BadInputException if the bytes cannot be decoded
     */
    public static RgbImage decode(byte[] bytes, ImageReadOptions options) {
        requireOptions(options);
        return decode(bytes, options, "image data");
    }

    private static void requireOptions(ImageReadOptions options) {
        if (options == null) {
            throw new BadInputException("image read options are null; use ImageReadOptions.defaults()");
        }
    }

    private static RgbImage decode(byte[] bytes, ImageReadOptions options, String source) {
        if (bytes == null) {
            throw new BadInputException(source + " is null");
        }
        if (bytes.length == 0) {
            throw new BadInputException(source + " is empty (0 bytes); expected a JPEG, PNG, BMP or GIF image");
        }
        ImageFormat format = ImageFormat.sniff(bytes);
        if (format == null) {
            throw new BadInputException(source + " is not a JPEG, PNG, BMP or GIF image: it starts with bytes "
                    + ImageFormat.describeStart(bytes) + " (" + bytes.length + " bytes in all)");
        }
        if (format == ImageFormat.BMP) {
            // The JDK's BMP reader rejects some lying sizes itself, with its own words; check ours first.
            BmpHeader.check(bytes, source);
            long[] size = BmpHeader.size(bytes);
            checkSize(size[0], size[1], options, source, format);
            BmpHeader.checkComplete(bytes, source);
        }
        JpegMarkers.Info jpeg = null;
        if (format == ImageFormat.JPEG) {
            jpeg = JpegMarkers.scan(bytes);
            int scans = JpegMarkers.countScans(bytes);
            if (scans > JpegMarkers.MAX_SCANS) {
                throw new BadInputException(source + " is a JPEG with " + scans + " scans; expected at most "
                        + JpegMarkers.MAX_SCANS + " (real progressive JPEGs have about 10; this many would take"
                        + " minutes to decode)");
            }
        }
        ImageReader reader = readerFor(format, source);
        AtomicReference<String> truncation = new AtomicReference<>();
        try (ImageInputStream in = new ByteArrayImageInputStream(bytes)) {
            reader.setInput(in, true, true);
            reader.addIIOReadWarningListener(warnings(source, truncation));
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            checkSize(width, height, options, source, format);
            RgbImage image;
            if (jpeg != null && jpeg.components() == 4) {
                image = InkConversion.toRgb(reader.readRaster(0, null), jpeg.adobeTransform());
            } else {
                image = toRgb(reader.read(0));
            }
            if (truncation.get() != null) {
                throw new BadInputException(source + " is truncated or corrupt: the " + format + " decoder reported \""
                        + truncation.get() + "\" (" + bytes.length + " bytes; expected a complete "
                        + width + "x" + height + " image)");
            }
            return jpeg != null ? Orientation.apply(image, jpeg.orientation()) : image;
        } catch (BadInputException e) {
            throw e;
        } catch (IOException e) {
            throw new BadInputException(source + " is not a readable " + format + " image (" + bytes.length
                    + " bytes): " + describe(e), e);
        } catch (RuntimeException e) {
            // ImageIO's readers answer some corrupt files with unchecked exceptions (index out of bounds, negative
            // sizes, colour-management errors); for the caller these are bad bytes like any other.
            throw new BadInputException(source + " is a corrupt " + format + " image (" + bytes.length + " bytes): "
                    + describe(e), e);
        } finally {
            reader.dispose();
        }
    }

    private static void checkSize(long width, long height, ImageReadOptions options, String source,
            ImageFormat format) {
        if (width <= 0 || height <= 0) {
            throw new BadInputException(source + ": the " + format + " header gives a size of " + width + "x" + height
                    + "; expected positive width and height");
        }
        long pixels = width * height;
        long budget = Math.min(options.maxPixels(), ImageReadOptions.HARD_MAX_PIXELS);
        if (pixels > budget) {
            throw new BadInputException(String.format(Locale.ROOT,
                    "%s is %dx%d = %d pixels, over the budget of %d pixels (ImageReadOptions.maxPixels%s)",
                    source, width, height, pixels, budget,
                    budget < options.maxPixels() ? "; an RgbImage holds at most " + budget : ""));
        }
    }

    private static IIOReadWarningListener warnings(String source, AtomicReference<String> truncation) {
        return (reader, warning) -> {
            String w = warning == null ? "" : warning;
            String lower = w.toLowerCase(Locale.ROOT);
            // libjpeg fills the missing rest of a cut-off file with grey and only warns; a half-grey picture
            // described as a scene would mislead the listener, so these warnings fail the decode.
            if (lower.contains("premature end") || lower.contains("truncated") || lower.contains("missing eoi")) {
                truncation.compareAndSet(null, w);
            } else {
                LOG.debug("{}: ImageIO warning ignored: {}", source, w);
            }
        };
    }

    private static ImageReader readerFor(ImageFormat format, String source) {
        // Prefer the JDK's own reader: the conversions here were checked against its output, and a plug-in
        // registered by some other jar on the class path could behave differently.
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.imageIoName());
        ImageReader chosen = null;
        while (readers.hasNext()) {
            ImageReader r = readers.next();
            if (chosen == null || r.getClass().getName().startsWith("com.sun.imageio.")) {
                chosen = r;
            }
        }
        if (chosen == null) {
            throw new BadInputException(source + " is a " + format + " image but this Java runtime has no "
                    + format + " reader");
        }
        return chosen;
    }

    private static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (sb.length() > 0) {
                sb.append(" <- ");
            }
            sb.append(t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName());
            if (t.getCause() == t) {
                break;
            }
        }
        return sb.toString();
    }

    /** Exact channel values where the colour model is plain grey or sRGB; Java2D's conversion otherwise. */
    static RgbImage toRgb(BufferedImage image) {
        ColorModel cm = image.getColorModel();
        Raster raster = image.getRaster();
        boolean plain = (cm instanceof ComponentColorModel || cm instanceof DirectColorModel)
                && !cm.isAlphaPremultiplied();
        ColorSpace cs = cm.getColorSpace();
        int colours = cm.getNumColorComponents();
        if (!plain || !(cs.getType() == ColorSpace.TYPE_GRAY && colours == 1 || cs.isCS_sRGB() && colours == 3)) {
            return RgbImage.fromBufferedImage(image);
        }
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] out = new byte[Math.multiplyExact(Math.multiplyExact(w, h), 3)];
        int[] samples = new int[w];
        int minX = raster.getMinX();
        int minY = raster.getMinY();
        for (int c = 0; c < 3; c++) {
            int band = colours == 1 ? 0 : c;
            int max = (1 << cm.getComponentSize(band)) - 1;
            for (int y = 0; y < h; y++) {
                raster.getSamples(minX, minY + y, w, 1, band, samples);
                int o = y * w * 3 + c;
                if (max == 255) {
                    for (int x = 0; x < w; x++, o += 3) {
                        out[o] = (byte) samples[x];
                    }
                } else {
                    for (int x = 0; x < w; x++, o += 3) {
                        out[o] = (byte) ((samples[x] * 255L + max / 2) / max);
                    }
                }
            }
        }
        return RgbImage.adopt(w, h, out);
    }
}

package dev.echollama.image;

import static dev.echollama.image.TestImages.assertColour;
import static dev.echollama.image.TestImages.resource;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bundled fixtures (see src/test/resources/images/README.md for how each was made and what ImageMagick
 * decodes them to): four-component JPEGs and EXIF-rotated JPEGs, checked against the colours and layout the
 * fixtures were drawn with.
 */
class JpegSpecialsTest {
    /** JPEG at quality 95 over flat 32x32 patches; the patch centres are within a few levels of the ink. */
    private static final int TOLERANCE = 6;

    @ParameterizedTest
    @ValueSource(strings = {"cmyk-ycck.jpg", "cmyk-adobe.jpg", "cmyk-noadobe.jpg"})
    void fourComponentJpegsHaveTheirInkColours(String name) {
        RgbImage img = Images.decode(resource(name));
        assertThat(img.width()).isEqualTo(64);
        assertThat(img.height()).isEqualTo(64);
        assertColour(img, 16, 16, 0xFF0000, TOLERANCE, name + " C0 M100 Y100 K0");
        assertColour(img, 48, 16, 0x00FF00, TOLERANCE, name + " C100 M0 Y100 K0");
        assertColour(img, 16, 48, 0x0000FF, TOLERANCE, name + " C100 M100 Y0 K0");
        assertColour(img, 48, 48, 0x7F7F7F, TOLERANCE, name + " K50");
    }

    /**
     * Each file stores the same upright 48x32 picture (red | green over blue | white) transformed by the inverse
     * of its EXIF orientation; decoded, all must be upright again.
     */
    @ParameterizedTest
    @ValueSource(strings = {"o1.jpg", "o2.jpg", "o3.jpg", "o4.jpg", "o5.jpg", "o6.jpg", "o7.jpg", "o8.jpg",
        "o6-le.jpg"})
    void exifOrientationEndsUpright(String name) {
        RgbImage img = Images.decode(resource(name));
        assertThat(img.width()).as(name + " width").isEqualTo(48);
        assertThat(img.height()).as(name + " height").isEqualTo(32);
        assertColour(img, 12, 8, 0xFF0000, TOLERANCE, name + " top left");
        assertColour(img, 36, 8, 0x00FF00, TOLERANCE, name + " top right");
        assertColour(img, 12, 24, 0x0000FF, TOLERANCE, name + " bottom left");
        assertColour(img, 36, 24, 0xFFFFFF, TOLERANCE, name + " bottom right");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void orientationIsReadFromTheFixtures(int orientation) {
        assertThat(JpegMarkers.scan(resource("o" + orientation + ".jpg")).orientation()).isEqualTo(orientation);
    }
}

package dev.echollama.vision.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.echollama.ModelCorruptException;
import dev.echollama.image.RgbImage;
import dev.echollama.onnx.tensor.ImagePreprocessor;
import dev.echollama.onnx.tensor.PreprocessedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageProcessorConfigTest {
    private static final ImageProcessorConfig.Defaults IMAGENET = new ImageProcessorConfig.Defaults(false, 1.0 / 255,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225});

    @TempDir
    Path dir;

    private static RgbImage white(int w, int h) {
        byte[] px = new byte[w * h * 3];
        java.util.Arrays.fill(px, (byte) 255);
        return RgbImage.of(w, h, px);
    }

    private ImagePreprocessor read(String json, ImageProcessorConfig.Defaults d) throws Exception {
        Path f = Files.writeString(dir.resolve("preprocessor_config.json"), json);
        return ImageProcessorConfig.build(f, ImageProcessorConfig.read(f, ImagePreprocessor.builder(), d));
    }

    @Test
    void xenovaDetrConfig() throws Exception {
        ImagePreprocessor p = read("""
                {"do_normalize": true, "do_pad": true, "do_rescale": true, "do_resize": true,
                 "format": "coco_detection", "image_mean": [0.485, 0.456, 0.406], "image_std": [0.229, 0.224, 0.225],
                 "resample": 2, "rescale_factor": 0.00392156862745098,
                 "size": {"longest_edge": 1333, "shortest_edge": 800}}""", IMAGENET);
        // dog.jpg's size 768x576 -> DETR's rule 1066x800; white -> (1 - 0.485) / 0.229 in the red plane.
        PreprocessedImage out = p.apply(white(768, 576));
        assertThat(out.shape()).containsExactly(1, 3, 800, 1066);
        assertThat(out.tensor().get(0)).isCloseTo((float) ((1 - 0.485) / 0.229), within(1e-5f));
    }

    @Test
    void fixedSizeOldFormAndSwitchedOffSteps() throws Exception {
        ImagePreprocessor dpt = read("{\"size\": {\"height\": 384, \"width\": 384}, \"image_mean\": 0.5, "
                + "\"image_std\": [0.5, 0.5, 0.5]}", IMAGENET);
        PreprocessedImage out = dpt.apply(white(10, 20));
        assertThat(out.shape()).containsExactly(1, 3, 384, 384);
        assertThat(out.tensor().get(0)).isCloseTo(1f, within(1e-6f));
        ImagePreprocessor old = read("{\"size\": 512, \"max_size\": 640, \"do_normalize\": false, "
                + "\"do_rescale\": false}", IMAGENET);
        PreprocessedImage o = old.apply(white(100, 50));
        assertThat(o.shape()).containsExactly(1, 3, 320, 640);
        assertThat(o.tensor().get(0)).isEqualTo(255f);
        ImagePreprocessor siglip = read("{\"size\": 378}", new ImageProcessorConfig.Defaults(true, 1.0 / 255,
                new double[] {0.5, 0.5, 0.5}, new double[] {0.5, 0.5, 0.5}));
        assertThat(siglip.apply(white(3, 4)).shape()).containsExactly(1, 3, 378, 378);
    }

    @Test
    void aShortestEdgeAloneLeavesTheLongSideUncapped() throws Exception {
        ImagePreprocessor p = read("{\"size\": {\"shortest_edge\": 224}}", IMAGENET);
        // 100x50: the short side 50 becomes 224 and the long side 224 * 100 / 50 = 448, as transformers'
        // get_resize_output_image_size(default_to_square=False) and transformers.js (no longest_edge: factor 1)
        // both give; capping the long side at 224 would give 224x112 instead.
        assertThat(p.apply(white(100, 50)).shape()).containsExactly(1, 3, 224, 448);
        assertThat(p.apply(white(60, 90)).shape()).containsExactly(1, 3, 336, 224);
    }

    @Test
    void resampleUsesPillowsCodesTwoBilinearThreeBicubic() throws Exception {
        // A vertical black/white edge, enlarged: the two filters differ next to it (bicubic overshoots).
        byte[] px = new byte[8 * 4 * 3];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) ((i / 3) % 8 < 4 ? 0 : 255);
        }
        RgbImage edge = RgbImage.of(8, 4, px);
        String size = "\"size\": {\"height\": 8, \"width\": 32}, \"do_normalize\": false, \"do_rescale\": false";
        float[] two = floats(read("{\"resample\": 2, " + size + "}", IMAGENET).apply(edge));
        float[] three = floats(read("{\"resample\": 3, " + size + "}", IMAGENET).apply(edge));
        ImagePreprocessor.Builder plain = ImagePreprocessor.builder().resize(32, 8).rescale(1)
                .normalize(new double[] {0, 0, 0}, new double[] {1, 1, 1});
        assertThat(two).containsExactly(floats(plain.interpolation(ImagePreprocessor.Interpolation.BILINEAR).build()
                .apply(edge)));
        assertThat(three).containsExactly(floats(plain.interpolation(ImagePreprocessor.Interpolation.BICUBIC)
                .build().apply(edge)));
        assertThat(three).isNotEqualTo(two);
    }

    private static float[] floats(PreprocessedImage p) {
        float[] out = new float[p.tensor().remaining()];
        p.tensor().duplicate().get(out);
        return out;
    }

    @Test
    void badFilesNameTheFileAndTheKey() throws Exception {
        assertThatThrownBy(() -> read("{\"resample\": 1}", IMAGENET)).isInstanceOf(ModelCorruptException.class)
                .hasMessageContaining("preprocessor_config.json").hasMessageContaining("resample");
        assertThatThrownBy(() -> read("{\"image_mean\": [1, 2]}", IMAGENET)).isInstanceOf(ModelCorruptException.class)
                .hasMessageContaining("image_mean");
        assertThatThrownBy(() -> read("{\"image_std\": [0, 1, 1]}", IMAGENET))
                .isInstanceOf(ModelCorruptException.class).hasMessageContaining("std");
        assertThatThrownBy(() -> read("not json", IMAGENET)).isInstanceOf(ModelCorruptException.class)
                .hasMessageContaining("preprocessor_config.json");
    }
}

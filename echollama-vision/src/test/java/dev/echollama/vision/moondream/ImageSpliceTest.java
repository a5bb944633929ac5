package dev.echollama.vision.moondream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ImageSpliceTest {
    @Test
    void imageRowsGoAfterBosAndBeforeTheText() {
        // hidden 2: text rows BOS=(1,1), t1=(2,2), t2=(3,3); image rows (9,8), (7,6).
        float[] text = {1, 1, 2, 2, 3, 3};
        float[] image = {9, 8, 7, 6};
        assertThat(ImageSplice.insert(text, 3, 2, 1, image, 2))
                .containsExactly(1, 1, 9, 8, 7, 6, 2, 2, 3, 3);
    }

    @Test
    void atTheEndsAndBadArguments() {
        float[] text = {1, 2};
        float[] image = {5, 6};
        assertThat(ImageSplice.insert(text, 1, 2, 0, image, 1)).containsExactly(5, 6, 1, 2);
        assertThat(ImageSplice.insert(text, 1, 2, 1, image, 1)).containsExactly(1, 2, 5, 6);
        assertThatThrownBy(() -> ImageSplice.insert(text, 1, 2, 2, image, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("splice position 2");
        assertThatThrownBy(() -> ImageSplice.insert(text, 1, 2, 0, new float[3], 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("image features");
    }
}

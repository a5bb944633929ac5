package dev.echollama.cli.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LineProgressTest {

    @Test
    void theEtaComesFromThisRunsSpeedAndLinesAreThrottled() {
        List<String> lines = new ArrayList<>();
        AtomicLong now = new AtomicLong();
        LineProgress p = new LineProgress(lines::add, Duration.ofSeconds(10), now::get);
        p.started(10, 2);
        assertThat(lines).containsExactly("dataset: 10 images, 2 already written, 8 to do");
        now.set(2_000_000_000L);
        p.finished("a", true); // 2 s since the start: under the 10 s interval, no line
        assertThat(lines).hasSize(1);
        now.set(12_000_000_000L);
        p.finished("b", false);
        // 2 done in 12 s = 0.17/s; 6 left -> 36 s
        assertThat(lines.get(1)).isEqualTo("dataset: 4/10 images (2 this run, 1 failed), 0.17 images/s, ETA 36 s");
        for (int i = 0; i < 6; i++) {
            now.addAndGet(1_000_000_000L);
            p.finished("c" + i, true);
        }
        assertThat(lines.get(lines.size() - 1)).as("the last image always prints")
                .isEqualTo("dataset: 10/10 images (8 this run, 1 failed), 0.44 images/s, done");
    }

    @Test
    void theTerminalBarCountsImagesAlreadyWrittenAndFailures() {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (DatasetProgress bar = DatasetProgress.bar(new java.io.PrintStream(bytes, true,
                java.nio.charset.StandardCharsets.UTF_8))) {
            bar.started(5, 2);
            bar.finished("a", true);
            bar.finished("b", false);
            bar.finished("c", true);
        }
        String drawn = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(drawn).contains("dataset").contains("5/5").contains("1 failed");
    }

    @Test
    void longEtasReadAsMinutesAndHours() {
        assertThat(LineProgress.formatDuration(59.4)).isEqualTo("59 s");
        assertThat(LineProgress.formatDuration(125)).isEqualTo("2 min 05 s");
        assertThat(LineProgress.formatDuration(7_380)).isEqualTo("2 h 03 min");
    }
}

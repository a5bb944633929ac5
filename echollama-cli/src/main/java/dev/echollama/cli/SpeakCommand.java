package dev.echollama.cli;

import dev.echollama.audio.AudioClip;
import dev.echollama.audio.WavFiles;
import dev.echollama.speech.SpeechSynthesizer;
import dev.echollama.speech.SpeechSynthesizerProvider;
import dev.echollama.spi.ProviderConfig;
import dev.echollama.spi.Providers;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code echollama speak TEXT --out WAV}. */
@Command(name = "speak", description = "Speak a text into a WAV file.")
final class SpeakCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;
    @Spec
    CommandSpec spec;
    @Parameters(paramLabel = "TEXT")
    String text;
    @Option(names = "--out", paramLabel = "WAV", required = true)
    Path out;

    @Override
    public Integer call() {
        ProviderConfig config = common.config();
        SpeechSynthesizerProvider p = Providers.select(SpeechSynthesizerProvider.class, common.tts, config);
        try (SpeechSynthesizer tts = p.create(config)) {
            AudioClip clip = tts.synthesize(text);
            WavFiles.write(clip, out);
            spec.commandLine().getOut().printf("%s: %.2f s at %d Hz (%s)%n", out, clip.durationSeconds(),
                    clip.sampleRate(), p.name());
        }
        return EchoCli.OK;
    }
}

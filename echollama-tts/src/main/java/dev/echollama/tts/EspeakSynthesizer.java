package dev.echollama.tts;

import dev.echollama.BadInputException;
import dev.echollama.InferenceException;
import dev.echollama.audio.AudioClip;
import dev.echollama.speech.SpeechSynthesizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Runs the espeak-ng program once per sentence: arguments as a list (no shell), the text on standard input (so
 * text that starts with '-' is never read as an option), the WAV on standard output. Each sentence is its own
 * process, so concurrent calls need no lock. A request that outlives the timeout is killed.
 */
final class EspeakSynthesizer implements SpeechSynthesizer {
    private final Path program;
    private final List<String> voiceArgs;
    private final Duration timeout;
    private final boolean normalize;
    private final ExecutorService readers;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final int sampleRate;

    EspeakSynthesizer(Path program, String voice, int rate, int pitch, Duration timeout, boolean normalize) {
        this.program = program;
        this.voiceArgs = List.of("-v", voice, "-s", Integer.toString(rate), "-p", Integer.toString(pitch));
        this.timeout = timeout;
        this.normalize = normalize;
        this.readers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "espeak-ng-io");
            t.setDaemon(true);
            return t;
        });
        try {
            // Learns the rate (22 050 Hz for espeak-ng's own voices, 16 kHz for mbrola ones) and fails now, with
            // espeak's message, for a voice that does not exist.
            this.sampleRate = run("a").sampleRate();
        } catch (RuntimeException e) {
            readers.shutdownNow();
            throw e;
        }
    }

    /**
     * The chunks of {@link #synthesize(String, Consumer)} joined: the whole clip sounds exactly like the stream
     * (one espeak-ng run over the whole text would place its own pauses between sentences).
     */
    @Override
    public AudioClip synthesize(String text) {
        return SpeechSynthesizer.joined(this, text);
    }

    /** One process per sentence, so the first sentence is ready while later ones are still to be spoken. */
    @Override
    public void synthesize(String text, Consumer<AudioClip> chunks) {
        ensureOpen();
        if (text == null) {
            throw new BadInputException("text is null; pass \"\" for silence");
        }
        String spoken = prepare(text);
        for (String sentence : Sentences.split(spoken)) {
            ensureOpen();
            AudioClip clip = checkRate(run(sentence));
            if (!clip.isEmpty()) {
                chunks.accept(clip);
            }
        }
    }

    private String prepare(String text) {
        String t = normalize ? SpeechText.normalize(text) : (text == null ? "" : text.strip());
        // Control characters other than line breaks mean nothing to a listener and confuse espeak's parser.
        return t.replaceAll("[\\p{Cc}&&[^\\n\\t]]", " ").strip();
    }

    private AudioClip checkRate(AudioClip clip) {
        if (clip.sampleRate() != sampleRate) {
            throw new InferenceException("espeak-ng switched from " + sampleRate + " Hz to " + clip.sampleRate()
                    + " Hz between requests");
        }
        return clip;
    }

    private AudioClip run(String text) {
        List<String> command = new ArrayList<>();
        command.add(program.toString());
        command.add("--stdout");
        command.add("--stdin");
        command.add("-b");
        command.add("1"); // UTF-8 input
        command.addAll(voiceArgs);
        Process process;
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new InferenceException("could not start " + program + ": " + e.getMessage()
                    + "; install espeak-ng (apt-get install espeak-ng)", e);
        }
        CompletableFuture<byte[]> stdout;
        CompletableFuture<byte[]> stderr;
        try {
            stdout = readAll(process.getInputStream());
            stderr = readAll(process.getErrorStream());
        } catch (RejectedExecutionException e) {
            process.destroyForcibly();
            throw new IllegalStateException("this espeak-ng synthesizer was closed during the call", e);
        }
        try {
            try (OutputStream in = process.getOutputStream()) {
                in.write(text.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // espeak-ng exited before reading everything (a bad voice, say): its exit status and stderr below
                // say why.
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
                throw new InferenceException("espeak-ng did not finish " + text.length() + " characters within "
                        + timeout.toMillis() + " ms and was killed");
            }
            byte[] err = stderr.get(5, TimeUnit.SECONDS);
            byte[] wav = stdout.get(5, TimeUnit.SECONDS);
            int status = process.exitValue();
            String message = new String(err, StandardCharsets.UTF_8).strip();
            if (status != 0) {
                throw new InferenceException("espeak-ng " + String.join(" ", voiceArgs) + " failed with exit status "
                        + status + (message.isEmpty() ? "" : ": " + message));
            }
            return Pcm.parseWav(wav, "espeak-ng" + (message.isEmpty() ? "" : " (stderr: " + message + ")"));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new InferenceException("interrupted while espeak-ng was speaking", e);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new InferenceException("could not read espeak-ng's output: " + e, e);
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }

    private CompletableFuture<byte[]> readAll(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new InferenceException("reading from espeak-ng failed: " + e.getMessage(), e);
            }
        }, readers);
    }

    @Override
    public int sampleRate() {
        return sampleRate;
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("this espeak-ng synthesizer is closed");
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            readers.shutdown();
        }
    }

    @Override
    public String toString() {
        return "EspeakSynthesizer[" + program + " " + String.join(" ", voiceArgs) + ", " + sampleRate + " Hz]";
    }
}

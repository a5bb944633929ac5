package dev.echollama.asr;

import dev.echollama.audio.AudioClip;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the shared speech files (16-bit mono PCM, plain 44-byte header, per PROVENANCE.md). */
final class Wav {
    private Wav() {
    }

    static AudioClip read(Path file) throws IOException {
        byte[] b = Files.readAllBytes(file);
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        if (b.length < 44 || bb.getInt(0) != 0x46464952 || bb.getShort(22) != 1 || bb.getShort(34) != 16) {
            throw new IOException(file + " is not a 16-bit mono WAV with a 44-byte header");
        }
        int rate = bb.getInt(24);
        float[] s = new float[(b.length - 44) / 2];
        for (int i = 0; i < s.length; i++) {
            s[i] = bb.getShort(44 + 2 * i) / 32768f;
        }
        return AudioClip.of(s, rate);
    }

    /** (file, transcript) rows of speech/transcripts.tsv. */
    static List<String[]> transcripts(Path tsv) throws IOException {
        List<String[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(tsv)) {
            String[] f = line.split("\t");
            if (f.length == 2 && f[0].endsWith(".wav")) {
                rows.add(f);
            }
        }
        return rows;
    }
}

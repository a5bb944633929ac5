#!/usr/bin/python3
"""Reference log-mel spectrograms for LogMelSpectrogramTest, written from the algorithm in shared/MODELS.md §7.3
(openai/whisper audio.py: log_mel_spectrogram; librosa.filters.mel defaults) with numpy only, in float64.
Run offline, never at test time. From the worktree root:

    /usr/bin/python3 echollama-asr/src/test/python/logmel_reference.py ../shared/models \
        echollama-asr/src/test/resources/dev/echollama/asr/whisper

Writes logmel_<name>.txt: comment lines (#), then one line per selected frame: the frame index followed by the
n_mels values of that frame after the final (x + 4) / 4 scaling, printed with 9 significant digits.
"""
import sys
import wave
import numpy as np

SR, N_FFT, HOP, N_SAMPLES = 16000, 400, 160, 480000


def hz_to_mel(f):  # Slaney: linear below 1 kHz, logarithmic above
    f = np.asarray(f, dtype=np.float64)
    f_sp = 200.0 / 3
    mel = f / f_sp
    min_log_hz, min_log_mel, logstep = 1000.0, 1000.0 / f_sp, np.log(6.4) / 27.0
    return np.where(f >= min_log_hz, min_log_mel + np.log(np.maximum(f, 1e-300) / min_log_hz) / logstep, mel)


def mel_to_hz(m):
    m = np.asarray(m, dtype=np.float64)
    f_sp = 200.0 / 3
    f = f_sp * m
    min_log_hz, min_log_mel, logstep = 1000.0, 1000.0 / f_sp, np.log(6.4) / 27.0
    return np.where(m >= min_log_mel, min_log_hz * np.exp(logstep * (m - min_log_mel)), f)


def mel_filters(n_mels):
    fft_freqs = np.linspace(0, SR / 2, 1 + N_FFT // 2)
    mel_f = mel_to_hz(np.linspace(hz_to_mel(0.0), hz_to_mel(SR / 2), n_mels + 2))
    fdiff = np.diff(mel_f)
    ramps = mel_f[:, None] - fft_freqs[None, :]
    w = np.zeros((n_mels, len(fft_freqs)))
    for i in range(n_mels):
        lower = -ramps[i] / fdiff[i]
        upper = ramps[i + 2] / fdiff[i + 1]
        w[i] = np.maximum(0, np.minimum(lower, upper))
    enorm = 2.0 / (mel_f[2:n_mels + 2] - mel_f[:n_mels])  # Slaney area normalisation
    return w * enorm[:, None]


def log_mel(audio, n_mels):
    x = np.zeros(N_SAMPLES)
    n = min(len(audio), N_SAMPLES)
    x[:n] = audio[:n]
    padded = np.pad(x, N_FFT // 2, mode="reflect")  # center=True, reflect (edge sample not repeated)
    window = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(N_FFT) / N_FFT)  # periodic Hann
    n_frames = 1 + (len(padded) - N_FFT) // HOP  # 3001
    idx = np.arange(N_FFT)[None, :] + HOP * np.arange(n_frames)[:, None]
    frames = padded[idx] * window[None, :]
    spec = np.fft.rfft(frames, axis=1)  # [3001, 201]
    power = (np.abs(spec) ** 2)[:-1]  # drop the last frame -> 3000
    mel = mel_filters(n_mels) @ power.T  # [n_mels, 3000]
    log_spec = np.log10(np.maximum(mel, 1e-10))
    log_spec = np.maximum(log_spec, log_spec.max() - 8.0)
    return (log_spec + 4.0) / 4.0


def chirp():
    # 0.5 s of silence, then 10 s of a linear chirp 100 Hz -> 7000 Hz at amplitude 0.5, then silence.
    # Java computes the same formula in double and rounds to float32, as done here.
    t = np.arange(int(10 * SR)) / SR
    f0, f1, dur = 100.0, 7000.0, 10.0
    sig = 0.5 * np.sin(2 * np.pi * (f0 * t + (f1 - f0) / (2 * dur) * t * t))
    out = np.zeros(int(10.5 * SR), dtype=np.float32)
    out[int(0.5 * SR):] = sig.astype(np.float32)
    return out.astype(np.float64)


def tones():
    # 32 s of two tones and a slow amplitude swell: non-zero up to and beyond the 30 s edge, so the right
    # reflect padding reads real samples and the cut to 480000 samples matters.
    t = np.arange(32 * SR) / SR
    sig = (0.3 + 0.2 * np.sin(2 * np.pi * 0.1 * t)) * np.sin(2 * np.pi * 440.0 * t) \
        + 0.1 * np.sin(2 * np.pi * 1234.5 * t + 0.3)
    return sig.astype(np.float32).astype(np.float64)


def read_wav(path):
    with wave.open(path, "rb") as w:
        assert w.getnchannels() == 1 and w.getsampwidth() == 2 and w.getframerate() == SR
        data = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
    return data.astype(np.float32) / 32768.0


def write(path, name, spec, frames, note):
    with open(path, "w") as f:
        f.write("# " + name + ": " + note + "\n")
        f.write("# n_mels %d, frames %d; columns: frame, then the %d values (x+4)/4\n"
                % (spec.shape[0], spec.shape[1], spec.shape[0]))
        for t in frames:
            f.write(str(t) + " " + " ".join("%.9g" % v for v in spec[:, t]) + "\n")


def main():
    shared, out = sys.argv[1], sys.argv[2]
    edges = [0, 1, 2, 3, 2996, 2997, 2998, 2999]
    c = chirp()
    frames_c = sorted(set(edges + list(range(45, 60)) + list(range(100, 1100, 37)) + list(range(1045, 1056))))
    write(out + "/logmel_chirp_80.txt", "chirp 80", log_mel(c, 80), frames_c,
          "0.5 s silence + 10 s linear chirp 100-7000 Hz amplitude 0.5 (float32), zero-padded to 30 s")
    write(out + "/logmel_chirp_128.txt", "chirp 128", log_mel(c, 128), sorted(set(edges + list(range(100, 1100, 97)))),
          "as logmel_chirp_80.txt with 128 mel bins (large-v3)")
    write(out + "/logmel_tones_32s.txt", "tones 32s", log_mel(tones(), 80), edges + [1500],
          "32 s of (0.3 + 0.2 sin(2 pi 0.1 t)) sin(2 pi 440 t) + 0.1 sin(2 pi 1234.5 t + 0.3) (float32), cut to 30 s")
    s = read_wav(shared + "/speech/sense_and_sensibility_01_austen_64kb-0890.wav")
    frames_s = sorted(set(edges + list(range(0, 530, 13)) + list(range(525, 536))))
    write(out + "/logmel_speech_0890.txt", "speech 0890", log_mel(s, 80), frames_s,
          "speech/sense_and_sensibility_01_austen_64kb-0890.wav (%d samples, int16/32768), zero-padded to 30 s"
          % len(s))
    # Digital silence: every value is log10(1e-10) clamped, (-10 + 4) / 4 = -1.5.
    z = log_mel(np.zeros(0), 80)
    assert np.all(z == -1.5), z.min()


if __name__ == "__main__":
    main()

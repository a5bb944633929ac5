#!/usr/bin/env python3
"""Offline oracle for OrpheusSyntheticTest (never run by the build).

Feeds the ids that the testkit's synthetic llama32 graph generates after an Orpheus prompt through the reference
streaming rules of canopyai/Orpheus-TTS orpheus_tts_pypi/orpheus_tts/decoder.py as MODELS.md sect. 5.2-5.3 describes
them: the generated id is seen as its text "<custom_token_N>" (N = id - 128256, ids >= 128256; other ids are text
and give None); code = N - 10 - (count mod 7) * 4096; only codes > 0 are kept and counted; when count % 7 == 0 and
count > 27 the last 28 codes form a window, which is decoded unless a code is < 0 or > 4096.

Usage: python3 reference_decoder.py PROMPT_LENGTH VOCAB STOP_AT_LENGTH
Prints the counts and, for each decodable window, the count and its second frame's 7 codes (the audio emitted).
"""
import sys


def synthetic_ids(prompt_length, last_prompt_id, vocab, stop_at_length, stop_token):
    # SyntheticModels.llama32: next = (input_id + c) mod vocab, c = sequence length so far; stop_token once c >= L
    out, token, c = [], last_prompt_id, prompt_length
    while True:
        if c >= stop_at_length:
            out.append(stop_token)
            return out
        token = (token + c) % vocab
        out.append(token)
        c += 1


def turn_token_into_id(token_string, index):
    token_string = token_string.strip()
    start = token_string.rfind("<custom_token_")
    if start == -1:
        return None
    last = token_string[start:]
    if last.startswith("<custom_token_") and last.endswith(">"):
        return int(last[14:-1]) - 10 - ((index % 7) * 4096)
    return None


def main():
    n, vocab, stop_at = (int(a) for a in sys.argv[1:4])
    ids = synthetic_ids(n, 128257, vocab, stop_at, 128258)
    buffer, count, windows, valid = [], 0, 0, []
    for i in ids:
        text = "<custom_token_%d>" % (i - 128256) if i >= 128256 else "text"
        code = turn_token_into_id(text, count)
        if code is None or code <= 0:
            continue
        buffer.append(code)
        count += 1
        if count % 7 == 0 and count > 27:
            windows += 1
            window = buffer[-28:]
            if all(0 <= c <= 4096 for c in window):
                valid.append((count, window[7:14]))
    print("generated", len(ids) - 1, "stop", ids[-1], "accepted", count, "windows", windows, "valid", len(valid))
    for count, frame in valid:
        print(count, frame)


if __name__ == "__main__":
    main()

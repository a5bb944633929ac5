# Reference resizes made with Pillow (Debian python3-pil 9.4.0), offline; tests compare Resampler against them.
# Run: cd this folder && /usr/bin/python3 make_pil_references.py   (never at test time)
# Source: 37x23 RGB noise from a fixed LCG (x = x * 1103515245 + 12345 mod 2^31, byte = x >> 16 & 0xFF,
# seed 2024), stored as pil_src_37x23.rgb; outputs pil_<filter>_<w>x<h>.rgb, packed RGB rows top to bottom.
from PIL import Image

W, H = 37, 23
x = 2024
data = bytearray()
for _ in range(W * H * 3):
    x = (x * 1103515245 + 12345) % (1 << 31)
    data.append((x >> 16) & 0xFF)
open("pil_src_37x23.rgb", "wb").write(data)
src = Image.frombytes("RGB", (W, H), bytes(data))
for name, code in (("bilinear", Image.BILINEAR), ("bicubic", Image.BICUBIC)):
    for (w, h) in ((50, 31), (16, 11), (60, 9), (37, 40), (5, 23)):
        out = src.resize((w, h), resample=code)
        open(f"pil_{name}_{w}x{h}.rgb", "wb").write(out.tobytes())

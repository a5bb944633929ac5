# Reference resizes made with OpenCV (Debian python3-opencv 4.6.0), offline; OpenCvLinearTest compares
# OpenCvLinear against them. Run: cd this folder && /usr/bin/python3 make_cv2_references.py   (never at test time)
# Sources: pil_src_37x23.rgb (see make_pil_references.py) and a 97x61 image, a smooth pattern plus noise from the
# same LCG (seed 2026), stored as cv2_src_97x61.rgb. Outputs cv2_linear_<src w>x<src h>_to_<w>x<h>.rgb: the
# source resized with cv2.INTER_LINEAR as packed RGB rows, top to bottom. The channel order does not change a
# value (every channel takes the same arithmetic), which the test checks on the BGR tensor path.
# And cv2_cubic_<src w>x<src h>_to_<w>x<h>.f32: as MiDaS's runner does it, the source divided by 255.0 (float64),
# resized with cv2.INTER_CUBIC, cast to float32; little-endian float32, RGB interleaved, rows top to bottom.
import numpy as np
import cv2

def lcg_bytes(seed, n):
    x = seed
    out = bytearray()
    for _ in range(n):
        x = (x * 1103515245 + 12345) % (1 << 31)
        out.append((x >> 16) & 0xFF)
    return out

small = np.frombuffer(open("pil_src_37x23.rgb", "rb").read(), dtype=np.uint8).reshape(23, 37, 3)
W, H = 97, 61
yy, xx = np.mgrid[0:H, 0:W]
noise = np.frombuffer(bytes(lcg_bytes(2026, W * H * 3)), dtype=np.uint8).reshape(H, W, 3).astype(int)
pattern = 128 + 70 * np.sin(xx / 7.0)[..., None] + 50 * np.cos(yy / 5.0)[..., None] + (noise - 128) // 4
big = np.clip(pattern, 0, 255).astype(np.uint8)
big.tofile("cv2_src_97x61.rgb")
for src, sizes in ((small, [(16, 11), (50, 31), (74, 46), (12, 7), (1, 1), (37, 24), (5, 23), (60, 9)]),
                   (big, [(52, 33), (48, 30), (194, 122), (30, 100), (97, 61), (13, 61)])):
    h, w, _ = src.shape
    for (ow, oh) in sizes:
        out = cv2.resize(src, (ow, oh), interpolation=cv2.INTER_LINEAR)
        out.tofile(f"cv2_linear_{w}x{h}_to_{ow}x{oh}.rgb")

for src, sizes in ((small, [(16, 11), (50, 31), (74, 46), (5, 23), (1, 1), (37, 23)]),
                   (big, [(52, 33), (30, 100), (256, 8), (3, 61)])):
    h, w, _ = src.shape
    for (ow, oh) in sizes:
        out = cv2.resize(src / 255.0, (ow, oh), interpolation=cv2.INTER_CUBIC).astype("<f4")
        out.tofile(f"cv2_cubic_{w}x{h}_to_{ow}x{oh}.f32")

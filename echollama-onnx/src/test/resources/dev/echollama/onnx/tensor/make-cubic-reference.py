# Writes cubic-reference.txt: float32 maps and OpenCV's cv2.resize(..., interpolation=cv2.INTER_CUBIC) of each,
# as the float bits in hex, for MapResizeTest. Made with Debian 12's python3-opencv 4.6.0 and numpy 1.24.2:
#   /usr/bin/python3 make-cubic-reference.py > cubic-reference.txt
import numpy as np, cv2
rng = np.random.default_rng(2026)
cases = [(4, 1, 8, 1), (8, 1, 4, 1), (7, 5, 13, 29), (37, 11, 18, 5), (64, 1, 810, 1), (1, 1, 3, 2), (5, 6, 5, 6)]
for sw, sh, dw, dh in cases:
    if (sw, sh) == (4, 1):
        src = np.array([[0, 0, 1, 1]], dtype=np.float32)          # a step: the cubic overshoots on both sides
    elif (sw, sh) == (8, 1):
        src = np.arange(8, dtype=np.float32).reshape(1, 8)      # a ramp: kept inside, bent at the clamped edges
    else:
        src = (rng.random((sh, sw), dtype=np.float32) * 5).astype(np.float32)
    dst = cv2.resize(src, (dw, dh), interpolation=cv2.INTER_CUBIC)
    print(sw, sh, dw, dh)
    print(" ".join("%08x" % v for v in src.view(np.uint32).ravel()))
    print(" ".join("%08x" % v for v in dst.view(np.uint32).ravel()))

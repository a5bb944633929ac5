# YOLOX's own pre-processing (Megvii YOLOX yolox/data/data_augment.py preproc) on a small noisy image, made offline
# with numpy and OpenCV (Debian python3-opencv 4.6.0); YoloxPreprocessingTest compares the detector's letterbox to it.
# Run: cd this folder && /usr/bin/python3 make_letterbox_reference.py   (never at test time)
# Source: 97x61, a smooth pattern plus LCG noise (seed 7), packed RGB rows (letterbox_src_97x61.rgb). As YOLOX
# does for a cv2.imread (BGR) image and a 32x32 input: r = min(32 / 61, 32 / 97); resized = cv2.resize(img,
# (int(97 r), int(61 r)), INTER_LINEAR); padded = 114 everywhere, resized at the top left; CHW. Stored as the
# padded BGR bytes, plane by plane (letterbox_32_bgr_chw.u8).
import numpy as np
import cv2

W, H = 97, 61
x = 7
noise = bytearray()
for _ in range(W * H * 3):
    x = (x * 1103515245 + 12345) % (1 << 31)
    noise.append((x >> 16) & 0xFF)
yy, xx = np.mgrid[0:H, 0:W]
n = np.frombuffer(bytes(noise), dtype=np.uint8).reshape(H, W, 3).astype(int)
rgb = np.clip(120 + 80 * np.sin(xx / 6.0)[..., None] - 60 * np.cos(yy / 4.0)[..., None] + (n - 128) // 3,
              0, 255).astype(np.uint8)
rgb.tofile("letterbox_src_97x61.rgb")
bgr = rgb[..., ::-1].copy()
size = 32
r = min(size / H, size / W)
resized = cv2.resize(bgr, (int(W * r), int(H * r)), interpolation=cv2.INTER_LINEAR)
padded = np.full((size, size, 3), 114, dtype=np.uint8)
padded[: resized.shape[0], : resized.shape[1]] = resized
padded.transpose(2, 0, 1).copy().tofile("letterbox_32_bgr_chw.u8")
print(resized.shape)

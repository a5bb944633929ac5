# Moondream2's resize (Xenova/moondream2 preprocessor_config.json: 378x378, resample 3, Pillow BICUBIC; MODELS.md
# §3.4) of an image with sharp edges, made offline with Pillow (Debian python3-pil 9.4.0); MoondreamCaptionerTest
# checks the values the captioner feeds against it. Run: cd this folder && /usr/bin/python3 make_edge_reference.py
# (never at test time).
# Source: 100x60, background RGB (0, 64, 255) with a rectangle (255, 128, 0) over x in [30, 70), y in [20, 40) (the
# test paints the same), stretched to 378x378. Stored: row 189 (edges near x 113 and 265) and column 189 (edges near
# y 126 and 252) of the resized image, packed RGB: edge_bicubic_378x378_row189.rgb, edge_bicubic_378x378_col189.rgb.
import numpy as np
from PIL import Image

W, H = 100, 60
a = np.zeros((H, W, 3), np.uint8)
a[:] = (0, 64, 255)
a[20:40, 30:70] = (255, 128, 0)
src = Image.fromarray(a)
out = np.asarray(src.resize((378, 378), resample=Image.BICUBIC))
out[189].tofile("edge_bicubic_378x378_row189.rgb")
np.ascontiguousarray(out[:, 189]).tofile("edge_bicubic_378x378_col189.rgb")
# What the test's pixels hold, and what bilinear (resample 2) would give there instead.
linear = np.asarray(src.resize((378, 378), resample=Image.BILINEAR))
for y, x in ((189, 112), (189, 114), (124, 189), (127, 189)):
    print(f"(y {y}, x {x}): bicubic {out[y, x].tolist()}, bilinear {linear[y, x].tolist()}")

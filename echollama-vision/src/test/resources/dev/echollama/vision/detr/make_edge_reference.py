# DETR's resize (Xenova/detr-resnet-50 preprocessor_config.json: resample 2, Pillow BILINEAR; MODELS.md §1.3) of an
# image with sharp edges, made offline with Pillow (Debian python3-pil 9.4.0); DetrDetectorTest compares the
# values the detector feeds to it. Run: cd this folder && /usr/bin/python3 make_edge_reference.py (never at test time)
# Source: 400x300, background RGB (0, 64, 255) with a rectangle (255, 128, 0) over x in [100, 300), y in [75, 225)
# (the test paints the same). DETR's size rule makes it 1066x800 (short side 300 -> 800, long int(800 * 400 / 300)).
# Stored: row 400 (edges near x 266 and 800) and column 533 (edges near y 200 and 600) of the resized image, packed
# RGB: edge_bilinear_1066x800_row400.rgb (1066 pixels), edge_bilinear_1066x800_col533.rgb (800 pixels).
import numpy as np
from PIL import Image

W, H = 400, 300
a = np.zeros((H, W, 3), np.uint8)
a[:] = (0, 64, 255)
a[75:225, 100:300] = (255, 128, 0)
src = Image.fromarray(a)
out = np.asarray(src.resize((1066, 800), resample=Image.BILINEAR))
out[400].tofile("edge_bilinear_1066x800_row400.rgb")
np.ascontiguousarray(out[:, 533]).tofile("edge_bilinear_1066x800_col533.rgb")
# What the test's pixels hold, and what bicubic (resample 3) would give there instead.
cubic = np.asarray(src.resize((1066, 800), resample=Image.BICUBIC))
for y, x in ((400, 265), (400, 267), (199, 533), (200, 533)):
    print(f"(y {y}, x {x}): bilinear {out[y, x].tolist()}, bicubic {cubic[y, x].tolist()}")

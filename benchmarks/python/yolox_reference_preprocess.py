"""Times YOLOX's own pre-processing, natively (OpenCV and numpy), as a yardstick for our letterbox.

YOLOX's reference `preproc` (Megvii YOLOX, yolox/data/data_augment.py), written out here from its description:
a 416x416 canvas of 114, the image scaled by r = min(416 / h, 416 / w) with cv2.resize INTER_LINEAR into its top
left, channels first, as a contiguous float32 array (BGR, as cv2.imread gives it). Our detector's letterbox gives
the same values (YoloxPreprocessingTest checks it bit for bit against cv2), so the two do the same work.

Two conditions per image, alternating in rounds of 15 calls like YoloxShare, medians of the rounds:
  - back to back (caches warm);
  - right after sleeping 10 ms. On our 2-vCPU build machine a 10 ms pause leaves the caches at least as cold as a
    YOLOX-Nano inference does: YoloxShare times our letterbox after both (after the sleep it was 0.7-0.8 points of an
    inference slower).

OpenCV's own threads: 1 (the default here) and 2; our letterbox runs on both vCPUs.

Run (needs Debian's python3-opencv; never run by the build):
  /usr/bin/python3 benchmarks/python/yolox_reference_preprocess.py [rounds] [shared dir]
"""
import statistics
import sys
import time

import cv2
import numpy as np

SIZE = 416
CALLS = 15


def preproc(img):
    canvas = np.full((SIZE, SIZE, 3), 114, dtype=np.uint8)
    r = min(SIZE / img.shape[0], SIZE / img.shape[1])
    w, h = int(img.shape[1] * r), int(img.shape[0] * r)
    canvas[:h, :w] = cv2.resize(img, (w, h), interpolation=cv2.INTER_LINEAR)
    return np.ascontiguousarray(canvas.transpose(2, 0, 1), dtype=np.float32)


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    shared = sys.argv[2] if len(sys.argv) > 2 else "../shared"
    print(f"OpenCV {cv2.__version__}, numpy {np.__version__}, {rounds} rounds of {CALLS} calls")
    for threads in (1, 2):
        cv2.setNumThreads(threads)
        for name in ("dog.jpg", "bus.jpg"):
            img = cv2.imread(f"{shared}/models/images/{name}")
            if img is None:
                sys.exit(f"cannot read {shared}/models/images/{name}; pass the shared folder")
            warm, idle = [], []
            for rnd in range(-10, rounds):  # the first ten rounds warm up
                t0 = time.perf_counter()
                for _ in range(CALLS):
                    preproc(img)
                t1 = time.perf_counter()
                after = 0.0
                for _ in range(CALLS):
                    time.sleep(0.010)
                    t = time.perf_counter()
                    preproc(img)
                    after += time.perf_counter() - t
                if rnd >= 0:
                    warm.append((t1 - t0) / CALLS * 1e3)
                    idle.append(after / CALLS * 1e3)
            print(f"{name} {img.shape[1]}x{img.shape[0]}, OpenCV threads {threads}: back to back "
                  f"{statistics.median(warm):.3f} ms, right after 10 ms of sleep {statistics.median(idle):.3f} ms")


if __name__ == "__main__":
    main()

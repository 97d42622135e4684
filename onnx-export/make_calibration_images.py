#!/usr/bin/env python3
"""Regenerates onnx-export/calibration/: the bundled images ``--int8`` calibrates on by default.

Eight scikit-image sample photos (public domain or CC0, see calibration/SOURCES.md), scaled so
the short side is 256 (what a 224 crop at crop_pct 0.875 resizes to) and saved as JPEG.
Byte-identical output for the same Pillow and scikit-image versions.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from skimage import data

OUT = Path(__file__).resolve().parent / "calibration"
NAMES = (
    "astronaut",
    "chelsea",
    "coffee",
    "rocket",
    "hubble_deep_field",
    "immunohistochemistry",
    "coins",
    "retina",
)
SHORT_SIDE = 256


def main() -> None:
    """Write every image (the folder's old JPEGs are replaced)."""
    OUT.mkdir(exist_ok=True)
    for old in OUT.glob("*.jpg"):
        old.unlink()
    for name in NAMES:
        img = Image.fromarray(getattr(data, name)()).convert("RGB")
        scale = SHORT_SIDE / min(img.size)
        size = (round(img.width * scale), round(img.height * scale))
        img.resize(size, Image.Resampling.LANCZOS).save(OUT / f"{name}.jpg", quality=85)
        print(OUT / f"{name}.jpg", size)


if __name__ == "__main__":
    main()

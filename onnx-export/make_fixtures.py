#!/usr/bin/env python3
"""Regenerate the Java test fixtures in src/test/resources/fixtures/.

Run from the repository root::

    python3 onnx-export/make_fixtures.py

Writes two tiny ResNeXt-shaped models (exported by the same code as real models, with full
metadata), a few test images, and for every model x image timm's own preprocessing and
torch's outputs, described by manifest.json (layout in fixtures/README.md). Deterministic:
running it twice gives the same tensors (the .onnx bytes can differ only if tool versions do).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path
from typing import Any

import numpy as np
import onnx
import onnxruntime as ort
import torch
from PIL import Image
from timm.data import create_transform, resolve_data_config
from torchvision import transforms

sys.path.insert(0, str(Path(__file__).resolve().parent))

from resnext_export.exporter import export_loaded, versions  # noqa: E402
from resnext_export.metadata import FEATURES_NAME, INPUT_NAME, LOGITS_NAME  # noqa: E402
from resnext_export.onnx_io import ClassifierWithFeatures  # noqa: E402
from resnext_export.tiny import TINY_TIMM_NAME, create_tiny  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO / "src" / "test" / "resources" / "fixtures"
COMMAND = "python3 onnx-export/make_fixtures.py"
FORMAT = "resnext_explorer fixtures v1"
# What the goldens promise (manifest "tolerance", FixtureFidelityTest): ONNX Runtime within this
# of torch float32 on the tiny models. Fixed, unlike the exporter's self-check, because the
# Java tests assert it; the tiny models' float32 noise is far below it.
GOLDEN_TOLERANCE = 1e-4

# id -> preprocessing; both square so that timm uses its shorter-side Resize (a non-square
# input_size switches timm to ResizeKeepRatio, which rounds differently and ignores the
# configured interpolation; the Java side does not model that in v1).
PLAIN_SOURCE = "tiny_bicubic_095"
PLAIN_FILE = "tiny_plain.onnx"

TINY_MODELS: dict[str, dict[str, Any]] = {
    "tiny_bicubic_095": {"input_size": (64, 64), "interpolation": "bicubic", "crop_pct": 0.95},
    "tiny_bilinear_0875": {"input_size": (56, 56), "interpolation": "bilinear", "crop_pct": 0.875},
}


def make_images() -> dict[str, Image.Image]:
    """Small test images: skimage photos scaled down (to keep fixtures small) and a made one.

    Chosen for coverage: square and non-square (landscape, portrait), odd sizes, larger than
    the model input, one smaller than the crop (upscaled by the resize), one grayscale file.
    """
    from skimage import data

    def scaled(array: np.ndarray, size: tuple[int, int]) -> Image.Image:
        return Image.fromarray(array).resize(size, Image.Resampling.LANCZOS)

    yy, xx = np.mgrid[0:29, 0:37]
    made = np.stack(
        [xx * 255 // 36, yy * 255 // 28, ((xx + yy) % 8 < 4) * 200 + 20], axis=-1
    ).astype(np.uint8)
    made[10:19, 12:25] = (250, 30, 30)  # a red block off-centre: asymmetric on purpose
    return {
        "astronaut": scaled(data.astronaut(), (128, 128)),
        "chelsea": scaled(data.chelsea(), (151, 100)),
        "coffee": scaled(data.coffee(), (121, 81)),
        "rocket": scaled(data.rocket(), (85, 127)),
        "camera_gray": scaled(data.camera(), (90, 77)),
        "made_37x29": Image.fromarray(made, "RGB"),
    }


def center_crop_box(width: int, height: int, crop_w: int, crop_h: int) -> dict[str, int]:
    """torchvision CenterCrop's box: ``int(round((size - crop) / 2.0))``.

    Python's round() is round-half-to-even: an odd margin of 5 gives left = 2, not 3.
    """
    left = int(round((width - crop_w) / 2.0))
    top = int(round((height - crop_h) / 2.0))
    return {"left": left, "top": top, "width": crop_w, "height": crop_h}


def write_f32(path: Path, array: np.ndarray) -> None:
    """Raw little-endian float32, C order, no header."""
    path.write_bytes(np.ascontiguousarray(array, dtype="<f4").tobytes())


def golden_case(
    model_id: str,
    model: torch.nn.Module,
    session: ort.InferenceSession,
    image_name: str,
    image_path: Path,
    out: Path,
) -> dict[str, Any]:
    """timm's preprocessing and torch's outputs for one model x image."""
    config = resolve_data_config({}, model=model)
    transform = create_transform(**config)
    steps = transform.transforms
    # Only the plain eval pipeline is modelled; fail loudly if timm ever builds another.
    assert isinstance(steps[0], transforms.Resize), steps
    assert isinstance(steps[1], transforms.CenterCrop), steps
    assert len(steps) == 4, steps

    img = Image.open(image_path).convert("RGB")
    resized = steps[0](img)
    cropped = steps[1](resized)
    tensor = transform(img)
    crop_h, crop_w = config["input_size"][1:]
    box = center_crop_box(resized.width, resized.height, crop_w, crop_h)
    by_box = resized.crop((box["left"], box["top"], box["left"] + crop_w, box["top"] + crop_h))
    assert by_box.tobytes() == cropped.tobytes(), "crop box rule does not match torchvision"
    # The float input is exactly (crop/255 - mean)/std of the 8-bit crop.
    rgb = np.asarray(cropped, dtype=np.uint8)
    mean = np.array(config["mean"], dtype=np.float32)[:, None, None]
    std = np.array(config["std"], dtype=np.float32)[:, None, None]
    recomputed = (rgb.transpose(2, 0, 1).astype(np.float32) / 255.0 - mean) / std
    assert np.abs(recomputed - tensor.numpy()).max() < 1e-6

    with torch.no_grad():
        logits, features = ClassifierWithFeatures(model).eval()(tensor.unsqueeze(0))
    logits_np = logits[0].numpy()
    features_np = features[0].numpy()
    ort_logits, ort_features = session.run(
        [LOGITS_NAME, FEATURES_NAME], {INPUT_NAME: tensor.unsqueeze(0).numpy()}
    )
    assert np.abs(ort_logits[0] - logits_np).max() <= GOLDEN_TOLERANCE
    assert np.abs(ort_features[0] - features_np).max() <= GOLDEN_TOLERANCE
    top5 = torch.topk(logits[0], 5)

    stem = f"golden/{model_id}/{image_name}"
    (out / "golden" / model_id).mkdir(parents=True, exist_ok=True)
    (out / f"{stem}.crop.rgb").write_bytes(rgb.tobytes())
    write_f32(out / f"{stem}.input.f32", tensor.numpy())
    write_f32(out / f"{stem}.logits.f32", logits_np)
    write_f32(out / f"{stem}.features.f32", features_np)
    return {
        "model": model_id,
        "image": image_name,
        "resize": {
            "width": resized.width,
            "height": resized.height,
            "interpolation": config["interpolation"],
            "shorter_side": min(resized.width, resized.height),
        },
        "crop_box": box,
        "crop_rgb": {
            "file": f"{stem}.crop.rgb",
            "dtype": "uint8",
            "layout": "HWC",
            "shape": [crop_h, crop_w, 3],
        },
        "input": {
            "file": f"{stem}.input.f32",
            "dtype": "float32",
            "layout": "CHW",
            "shape": list(tensor.shape),
        },
        "logits": {
            "file": f"{stem}.logits.f32",
            "dtype": "float32",
            "shape": list(logits_np.shape),
        },
        "features": {
            "file": f"{stem}.features.f32",
            "dtype": "float32",
            "layout": "CHW",
            "shape": list(features_np.shape),
        },
        "top5": [int(i) for i in top5.indices],
        "top5_logits": [float(v) for v in top5.values],
    }


def main(argv: list[str] | None = None) -> int:
    """Write every fixture and manifest.json; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    out: Path = args.out
    for sub in ("images", "golden"):  # regenerated whole: no stale files survive
        shutil.rmtree(out / sub, ignore_errors=True)
    (out / "images").mkdir(parents=True, exist_ok=True)

    images: list[dict[str, Any]] = []
    for name, image in make_images().items():
        if name == "camera_gray":
            image = image.convert("L")  # a grayscale PNG: readers must expand it to RGB
        path = out / "images" / f"{name}.png"
        image.save(path, optimize=True)
        images.append(
            {
                "name": name,
                "file": f"images/{name}.png",
                "width": image.width,
                "height": image.height,
                "png_mode": image.mode,
            }
        )

    models: list[dict[str, Any]] = []
    cases: list[dict[str, Any]] = []
    for model_id, cfg in TINY_MODELS.items():
        loaded = create_tiny(
            input_size=cfg["input_size"],
            interpolation=cfg["interpolation"],
            crop_pct=cfg["crop_pct"],
            seed=0,
        )
        result = export_loaded(
            loaded,
            out / f"{model_id}.onnx",
            model_id=model_id,
            timm_name=TINY_TIMM_NAME,
            timm_tag="",
        )
        print(
            f"{model_id}: {result.file_size:,} bytes, self-check {result.check.describe()}"
        )
        meta = result.metadata
        models.append(
            {
                "id": model_id,
                "file": f"{model_id}.onnx",
                "num_classes": meta.num_classes,
                "labels": meta.labels,
                "preprocess": meta.preprocess,
                "source_params": meta.source_params,
                "source_macs": meta.source_macs,
                "reference": meta.reference,
                "file_size": result.file_size,
            }
        )
        session = ort.InferenceSession(
            str(out / f"{model_id}.onnx"), providers=["CPUExecutionProvider"]
        )
        for image in images:
            cases.append(
                golden_case(
                    model_id, loaded.model, session, image["name"], out / image["file"], out
                )
            )

    # The same graph with no metadata at all: readers must fall back to their defaults.
    plain = onnx.load(str(out / f"{PLAIN_SOURCE}.onnx"))
    del plain.metadata_props[:]
    onnx.save(plain, str(out / PLAIN_FILE), save_as_external_data=False)
    plain_models = [
        {
            "file": PLAIN_FILE,
            "same_graph_as": PLAIN_SOURCE,
            "metadata_props": 0,
            "input_shape": ["N", 3, 64, 64],
        }
    ]

    manifest = {
        "format": FORMAT,
        "generated_by": COMMAND,
        "versions": versions(),
        "conventions": {
            "byte_order": "little",
            "float_files": "raw float32, C order, no header",
            "rgb_files": "raw 8-bit R,G,B interleaved, rows top to bottom, no header",
            "image_decoding": "PIL Image.open(file).convert('RGB')",
            "resize": "shorter side to floor(input / crop_pct); longer side "
            "int(shorter_new * longer / shorter) in double arithmetic (truncation); "
            "PIL resize with the model's interpolation (antialiased)",
            "crop": "left = int(round((resized_w - crop_w) / 2.0)), same for top; Python "
            "round() rounds half to even",
            "normalize": "(rgb / 255 - mean) / std per channel, float32",
            "tolerance": "crop_rgb exact; input within 1e-6; logits/features within 1e-4",
        },
        "models": models,
        "plain_models": plain_models,
        "images": images,
        "cases": cases,
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    total = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    print(f"wrote {len(cases)} cases to {out} ({total:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Write a Hugging Face Hub-shaped folder of timm models for the Java Hub-import tests.

Run from the repository root::

    python3 onnx-export/make_hub_fixtures.py --out target/hub-fixtures [--full]

For each model, ``<out>/hub/<repo id>/`` holds what the Hub serves for a timm repo, written by
timm's own ``save_for_hf(..., safe_serialization=True)``: ``config.json`` and
``model.safetensors``. The weights are untrained (tiny: the exporter's random init; full-size:
the "realistic" trained-like weights of tests/realistic_weights.py), and config.json says so in
an extra ``resnext_explorer_weights`` key, so that the Java import flags the result as untrained
like every other random-init model (the real Hub has no such key).

Next to it, for the comparison tests: ``<out>/python/<id>.onnx`` (the Python exporter's ONNX of
the very same weights) and ``<out>/expected/<id>.json`` (timm's parameter count, and timm's own
pipeline -- resolve_data_config + create_transform + the torch model -- on the test images:
logits and top-5). ``<out>/DONE`` is written last and marks a complete run.

Tiny models (fast tests) carry timm ``model_args`` overrides in config.json (one block per
stage, narrow widths); the Java side builds them from the same architecture rules.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np
import timm
import torch
from PIL import Image
from timm.data import create_transform, resolve_data_config
from timm.models._hub import save_for_hf

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE / "tests"))

from resnext_export.exporter import export_loaded  # noqa: E402
from resnext_export.model import LoadedModel, default_labels, random_init  # noqa: E402
from realistic_weights import realistic_model  # noqa: E402

REPO_ROOT = HERE.parent
IMAGES = REPO_ROOT / "src" / "test" / "resources" / "fixtures" / "images"
TINY_ARGS: dict[str, Any] = {
    "layers": [1, 1, 1, 1],
    "channels": [8, 16, 24, 32],
    "stem_width": 8,
}
# model id (what `pull` is given) -> how to build it
TINY: dict[str, dict[str, Any]] = {
    "resnext50_32x4d.tiny_test": {"cardinality": 4, "base_width": 32},
    "resnext50d_32x4d.tiny_test": {"cardinality": 4, "base_width": 32},
    "resnet18.tiny_test": {},
}
FULL: dict[str, str] = {
    # card id -> Hub repo of its pretrained weights
    "resnext50_32x4d": "timm/resnext50_32x4d.ra_in1k",
    "resnext50d_32x4d": "timm/resnext50d_32x4d.bt_in1k",
}


def timm_pipeline(model: torch.nn.Module) -> dict[str, Any]:
    """timm's eval transform + the torch model on every test image: logits and top-5."""
    config = resolve_data_config({}, model=model)
    transform = create_transform(**config)
    out: dict[str, Any] = {}
    for image in sorted(IMAGES.glob("*.png")):
        x = transform(Image.open(image).convert("RGB")).unsqueeze(0)
        with torch.no_grad():
            logits = model(x)[0]
        out[image.name] = {
            "top5": [int(i) for i in torch.topk(logits, 5).indices],
            "logits": [float(v) for v in logits],
        }
    return out


def write(
    out: Path,
    model_id: str,
    repo: str,
    model: torch.nn.Module,
    weights: dict[str, Any],
    model_args: dict[str, Any] | None,
) -> None:
    """The Hub folder, the Python exporter's ONNX and timm's expected figures for one model."""
    model.eval()
    hub_dir = out / "hub" / repo
    save_for_hf(
        model,
        str(hub_dir),
        model_config={"resnext_explorer_weights": weights},
        model_args=model_args,
        safe_serialization=True,
    )
    name, _, tag = model_id.partition(".")
    if not tag:  # a card id: the tag is the repo's
        name, _, tag = repo.split("/", 1)[1].partition(".")
    labels = default_labels(int(model.num_classes))
    export_loaded(
        LoadedModel(model, weights, labels),
        out / "python" / f"{model_id}.onnx",
        model_id=model_id,
        timm_name=name,
        timm_tag=tag,
    )
    expected = {
        "repo": repo,
        "params": sum(p.numel() for p in model.parameters()),
        "images": timm_pipeline(model),
    }
    (out / "expected").mkdir(parents=True, exist_ok=True)
    (out / "expected" / f"{model_id}.json").write_text(json.dumps(expected), encoding="utf-8")
    print(f"{model_id}: {repo} ({expected['params']} params)", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--full", action="store_true", help="also the two 50-layer cards")
    args = parser.parse_args(argv)
    out: Path = args.out
    (out / "DONE").unlink(missing_ok=True)

    for model_id, extra in TINY.items():
        name = model_id.split(".")[0]
        model_args = {**TINY_ARGS, **extra}
        torch.manual_seed(0)
        model = timm.create_model(name, pretrained=False, **model_args)
        random_init(model, 0)
        write(out, model_id, f"timm/{model_id}", model, {"kind": "random-init", "seed": 0}, model_args)

    if args.full:
        for card_id, repo in FULL.items():
            model = realistic_model(card_id, seed=0)
            weights = {"kind": "random-init", "seed": 0}
            write(out, card_id, repo, model, weights, None)

    (out / "DONE").write_text("full\n" if args.full else "tiny\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    np.set_printoptions(precision=4)
    sys.exit(main())

#!/usr/bin/env python3
"""Goldens for the Java heatmap tests: Grad-CAM by torch autograd, Eigen-CAM by numpy SVD.

Run from the repository root (the Java test HeatmapGoldenTest runs it into target/)::

    onnx-export/.venv/bin/python onnx-export/make_cam_goldens.py --out target/cam-goldens

Writes a tiny ResNeXt (timm's ResNet class, realistic random init: calibrated BN, live
residual branches, centred classifier with a bias) exported twice from the same weights: by our
exporter (logits + features, full metadata) and by timm's own ``onnx_export`` (one ``output0``,
no metadata). Then, for one non-square photo, the model's eval transform, torch's logits and,
per class in ``classes``, Grad-CAM computed with autograd on the last stage's output (gradient
averaged over positions, weighted sum, ReLU), Eigen-CAM from numpy's SVD, and each stage's
channel-mean activation. Everything as .npy plus ``goldens.json``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import torch
from PIL import Image
from timm.data import create_transform, resolve_data_config
from timm.utils.onnx import onnx_export

sys.path.insert(0, str(Path(__file__).resolve().parent))

from resnext_export.exporter import export_loaded  # noqa: E402
from resnext_export.tiny import TINY_TIMM_NAME, create_tiny  # noqa: E402

# 224 with crop 0.875 bicubic: the stride-32 map is 7x7 as in the real ResNeXts, and these are
# also the defaults the Java reader takes for a plain file without metadata.
INPUT = 224
STAGES = ("stem", "layer1", "layer2", "layer3", "layer4")


def photo() -> Image.Image:
    """skimage's cat, non-square (so the crop box is not the whole image)."""
    from skimage import data

    return Image.fromarray(data.chelsea()).resize((300, 198), Image.Resampling.LANCZOS)


def grad_cam(model: torch.nn.Module, x: torch.Tensor, cls: int) -> np.ndarray:
    """Grad-CAM (Selvaraju et al.) with autograd: weights = mean over positions of dy_c/dA."""
    features = model.forward_features(x)
    logits = model.forward_head(features)
    (grad,) = torch.autograd.grad(logits[0, cls], features)
    weights = grad.mean(dim=(2, 3), keepdim=True)
    cam = torch.relu((weights * features).sum(dim=1))[0]
    return cam.detach().numpy().astype(np.float32)


def eigen_cam(features: np.ndarray) -> np.ndarray:
    """First principal component of the (positions x channels) map, centred per channel; sign
    so it correlates positively with the channel-mean map; then ReLU."""
    c, h, w = features.shape
    x = features.reshape(c, h * w).T.astype(np.float64)
    x = x - x.mean(axis=0)
    _, _, vt = np.linalg.svd(x, full_matrices=False)
    projection = x @ vt[0]
    mean_map = features.reshape(c, h * w).mean(axis=0)
    if np.dot(projection, mean_map - mean_map.mean()) < 0:
        projection = -projection
    return np.maximum(projection, 0).reshape(h, w).astype(np.float32)


def stage_means(model: torch.nn.Module, x: torch.Tensor) -> dict[str, np.ndarray]:
    """Channel-mean activation of the stem (after the max pool) and of each layer."""
    out: dict[str, np.ndarray] = {}
    modules = {"stem": model.maxpool, **{s: getattr(model, s) for s in STAGES[1:]}}
    hooks = [
        m.register_forward_hook(
            lambda _m, _i, o, name=name: out.__setitem__(name, o[0].mean(0).numpy())
        )
        for name, m in modules.items()
    ]
    with torch.no_grad():
        model(x)
    for h in hooks:
        h.remove()
    return {k: v.astype(np.float32) for k, v in out.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)

    loaded = create_tiny(
        input_size=(INPUT, INPUT), interpolation="bicubic", crop_pct=0.875, seed=11
    )
    model = loaded.model.eval()
    export_loaded(
        loaded, out / "cam_ours.onnx", model_id="cam_tiny", timm_name=TINY_TIMM_NAME, timm_tag=""
    )
    # timm's own exporter, as users run it (on this torch: the dynamo exporter, weights in a
    # .data file next to the model) ...
    onnx_export(
        model, str(out / "cam_plain.onnx"), input_size=(3, INPUT, INPUT), batch_size=1, check=True
    )
    # ... and the TorchScript exporter older timm/torch used: GlobalAveragePool + Flatten + Gemm.
    with torch.no_grad():
        torch.onnx.export(
            model,
            (torch.zeros(1, 3, INPUT, INPUT),),
            str(out / "cam_legacy.onnx"),
            input_names=["input0"],
            output_names=["output0"],
            opset_version=17,
            dynamo=False,
        )

    image = photo()
    image.save(out / "cat.png")
    config = resolve_data_config({}, model=model)
    x = create_transform(**config)(Image.open(out / "cat.png").convert("RGB")).unsqueeze(0)
    with torch.no_grad():
        features = model.forward_features(x)
        logits = model.forward_head(features)[0].numpy()
    order = np.argsort(-logits, kind="stable")
    # Top-1, the 2nd, and the least likely class: its CAM is mostly clipped by the ReLU.
    classes = [int(order[0]), int(order[1]), int(order[-1])]
    np.save(out / "logits.npy", logits.astype(np.float32))
    np.save(out / "features.npy", features[0].numpy().astype(np.float32))
    for cls in classes:
        np.save(out / f"gradcam_{cls}.npy", grad_cam(model, x, cls))
    np.save(out / "eigencam.npy", eigen_cam(features[0].numpy()))
    for name, m in stage_means(model, x).items():
        np.save(out / f"stage_{name}.npy", m)
    bias = model.fc.bias.detach().numpy()
    (out / "goldens.json").write_text(
        json.dumps(
            {
                "generated_by": "onnx-export/make_cam_goldens.py",
                "image": "cat.png",
                "models": ["cam_ours.onnx", "cam_plain.onnx", "cam_legacy.onnx"],
                "classes": classes,
                "logits": [float(v) for v in logits],
                "bias": [float(v) for v in bias],
                "feature_shape": list(features.shape[1:]),
                "stages": list(STAGES),
            },
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"wrote goldens for classes {classes} to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

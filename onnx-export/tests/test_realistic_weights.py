"""Trained-looking weights pass the self-check through the CLI (the issue: they used not to)."""

import subprocess
import sys
from pathlib import Path

import pytest
import torch

from realistic_weights import photo_batch, realistic_model, save_realistic_checkpoint

EXPORT = Path(__file__).resolve().parent.parent / "export.py"


@pytest.mark.slow
@pytest.mark.parametrize("card_id", ["resnext50_32x4d", "resnext101_32x8d"])
def test_realistic_checkpoint_exports_and_passes_self_check(card_id: str, tmp_path) -> None:
    checkpoint = save_realistic_checkpoint(card_id, tmp_path / f"{card_id}.pth")
    run = subprocess.run(
        [sys.executable, str(EXPORT), card_id, "--checkpoint", str(checkpoint), "--out",
         str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr
    line = run.stdout.strip()
    # A checkpoint is its own model: named after the checkpoint, never like the card it is not.
    name = f"{card_id}-finetuned"
    assert line.startswith(f"{name}: ") and "logits: onnx" in line and "features: onnx" in line
    assert "torch fp32" in line
    assert (tmp_path / f"{name}.onnx").is_file()


def test_realistic_weights_have_trained_sized_logits() -> None:
    """The helper really is in the regime that broke the old check: logits std ~4 on photos,
    every block's residual branch live (no zeroed last BN gamma)."""
    model = realistic_model("resnext50_32x4d")
    cfg = model.pretrained_cfg
    with torch.no_grad():
        logits = model(photo_batch(224, tuple(cfg["mean"]), tuple(cfg["std"])))
    assert 3.5 < float(logits.std()) < 4.5
    assert all(float(block.bn3.weight.detach().abs().min()) > 0 for block in model.layer4)
    # BN statistics are the photos', not the reset defaults (mean 0, var 1).
    assert float(model.bn1.running_var.mean()) != pytest.approx(1.0, abs=1e-3)

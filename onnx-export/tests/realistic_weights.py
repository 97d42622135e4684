"""Checkpoints whose numbers look like a trained ImageNet ResNeXt's, made without a download.

Real pretrained weights cannot be fetched here, but what matters to the self-check is the size
of the activations and logits, which sets float32's rounding error. So: timm's init with every
residual branch left ON (``zero_init_last=False``: no zeroed last BN gamma, branch gain 1, as in
a trained net), BatchNorm statistics calibrated on photos (skimage's sample images, resized and
normalized like the model's own preprocessing), and a centered classifier scaled so logits have
std ~4 over classes and images, as trained ImageNet models do (clear top-1, softmax not flat).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import skimage.data
import timm
import torch
from torch import nn

from resnext_export.cards import resolve

PHOTOS = (
    "astronaut",
    "chelsea",
    "coffee",
    "rocket",
    "retina",
    "hubble_deep_field",
    "immunohistochemistry",
    "colorwheel",
)
LOGIT_STD = 4.0


def photo_batch(size: int, mean: tuple[float, ...], std: tuple[float, ...]) -> torch.Tensor:
    """skimage's colour photos, centre-cropped square, resized to ``size``, normalized; plus
    their mirror images (16 images: enough for stable BN statistics, cheap to run)."""
    images = []
    for name in PHOTOS:
        rgb = np.asarray(getattr(skimage.data, name)()[..., :3], dtype=np.float32) / 255.0
        h, w = rgb.shape[:2]
        side = min(h, w)
        top, left = (h - side) // 2, (w - side) // 2
        crop = torch.from_numpy(rgb[top : top + side, left : left + side].copy()).permute(2, 0, 1)
        images.append(
            nn.functional.interpolate(
                crop[None], size=(size, size), mode="bilinear", antialias=True
            )[0]
        )
    x = torch.stack(images)
    x = torch.cat([x, x.flip(-1)])
    return (x - torch.tensor(mean)[:, None, None]) / torch.tensor(std)[:, None, None]


@torch.no_grad()
def realistic_model(card_id: str, seed: int = 0) -> nn.Module:
    """The card's timm model (eval mode) with realistic-looking weights, see the module doc."""
    spec = resolve(card_id)
    torch.manual_seed(seed)
    model = timm.create_model(spec.timm_full_name, pretrained=False, zero_init_last=False)
    cfg = model.pretrained_cfg
    x = photo_batch(int(cfg["input_size"][-1]), tuple(cfg["mean"]), tuple(cfg["std"]))

    bns = [m for m in model.modules() if isinstance(m, nn.BatchNorm2d)]
    for bn in bns:
        bn.reset_running_stats()
        bn.momentum = None  # cumulative average: exactly the photos' statistics
    model.train()
    model(x)
    model.eval()
    for bn in bns:
        bn.momentum = 0.1

    head = model.get_classifier()
    assert isinstance(head, nn.Linear)
    head.weight.normal_(0.0, 1.0)
    pooled = model.forward_head(model.forward_features(x), pre_logits=True)
    raw = (pooled - pooled.mean(dim=0, keepdim=True)) @ head.weight.T
    head.weight.mul_(LOGIT_STD / raw.std())
    head.bias.copy_(-(pooled.mean(dim=0) @ head.weight.T))
    return model


def save_realistic_checkpoint(card_id: str, path: Path, seed: int = 0) -> Path:
    """Write :func:`realistic_model`'s state dict to ``path`` (for ``export.py --checkpoint``)."""
    torch.save(realistic_model(card_id, seed).state_dict(), path)
    return path

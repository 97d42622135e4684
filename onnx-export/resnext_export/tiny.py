"""A tiny ResNeXt-shaped model for fixtures and tests.

timm's own ``ResNet`` class with Bottleneck blocks and cardinality 4, one block per stage and
narrow widths: the same stem/layer1..layer4/head structure and the same export path as the
real ResNeXts, in about 80k parameters (a ~330 KB ONNX file).
"""

from __future__ import annotations

from timm.data import IMAGENET_DEFAULT_MEAN, IMAGENET_DEFAULT_STD
from timm.models.resnet import Bottleneck, ResNet

from .model import LoadedModel, default_labels, random_init

TINY_TIMM_NAME = "tiny_resnext"
TINY_NUM_CLASSES = 10


def create_tiny(
    *,
    input_size: tuple[int, int] = (64, 64),
    interpolation: str = "bicubic",
    crop_pct: float = 0.95,
    num_classes: int = TINY_NUM_CLASSES,
    seed: int = 0,
) -> LoadedModel:
    """A random-init tiny ResNeXt whose pretrained_cfg carries the given preprocessing.

    Setting ``pretrained_cfg`` is what timm does for registered models, so
    ``resolve_data_config({}, model=model)`` and hence the exported metadata pick it up
    through the same code path as for real models.
    """
    model = ResNet(
        block=Bottleneck,
        layers=(1, 1, 1, 1),
        cardinality=4,
        base_width=32,
        channels=(8, 16, 24, 32),
        num_classes=num_classes,
    )
    model.pretrained_cfg = {
        "architecture": TINY_TIMM_NAME,
        "tag": "",
        "input_size": (3, *input_size),
        "interpolation": interpolation,
        "crop_pct": crop_pct,
        "crop_mode": "center",
        "mean": IMAGENET_DEFAULT_MEAN,
        "std": IMAGENET_DEFAULT_STD,
        "num_classes": num_classes,
        "first_conv": "conv1",
        "classifier": "fc",
    }
    random_init(model, seed)
    model.eval()
    return LoadedModel(model, {"kind": "random-init", "seed": seed}, default_labels(num_classes))

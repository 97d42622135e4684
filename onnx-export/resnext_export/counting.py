"""Parameter and MAC counts of the torch model, overall and per stage.

MACs follow timm's convention: ``torch.utils.flop_counter.FlopCounterMode`` counts a
multiply-accumulate as 2 FLOPs (convolutions, matmul/addmm), so MACs = FLOPs / 2. BatchNorm,
ReLU, pooling and additions are not counted by FlopCounterMode, as in timm's own figures.
"""

from __future__ import annotations

from dataclasses import dataclass

import onnx
import torch
from torch import nn
from torch.utils.flop_counter import FlopCounterMode

STAGES = ("stem", "layer1", "layer2", "layer3", "layer4", "head")
HEAD_CHILDREN = ("global_pool", "fc")


def count_params(model: nn.Module) -> int:
    """Sum of ``p.numel()`` over all parameters (buffers such as BN running stats excluded)."""
    return sum(p.numel() for p in model.parameters())


def stage_of(child_name: str) -> str:
    """Which stage a top-level child of a timm ResNet belongs to.

    Everything before ``layer1`` (conv1/bn1/act1/maxpool, the deep stem's Sequential) is the
    stem; ``global_pool`` and ``fc`` are the head. Unknown children after layer4 count as head.
    """
    if child_name.startswith("layer") and child_name in STAGES:
        return child_name
    if child_name in HEAD_CHILDREN:
        return "head"
    return "stem"


@dataclass
class FlopReport:
    """Torch FLOPs of one forward pass at batch 1, in total and per stage."""

    total_flops: int
    stage_flops: dict[str, int]

    @property
    def total_macs(self) -> int:
        return self.total_flops // 2


@torch.no_grad()
def count_flops(model: nn.Module, input_size: tuple[int, int, int]) -> FlopReport:
    """Run FlopCounterMode on a batch-1 zero input and split the total by top-level child.

    FlopCounterMode's per-module table is keyed ``<ClassName>.<child>``; children with no
    counted ops (BN, pooling) are absent. The stem is what remains after the named stages,
    so the stages always add up to the total.
    """
    was_training = model.training
    model.eval()
    counter = FlopCounterMode(display=False, depth=None)
    with counter:
        model(torch.zeros(1, *input_size))
    model.train(was_training)

    counts = counter.get_flop_counts()
    total = int(sum(counts.get("Global", {}).values()))
    root = type(model).__name__
    stage_flops = {stage: 0 for stage in STAGES}
    for name, _ in model.named_children():
        stage = stage_of(name)
        if stage == "stem":
            continue
        stage_flops[stage] += int(sum(counts.get(f"{root}.{name}", {}).values()))
    stage_flops["stem"] = total - sum(v for k, v in stage_flops.items() if k != "stem")
    return FlopReport(total, stage_flops)


def stage_params(model: nn.Module) -> dict[str, int]:
    """Parameter counts per stage (they add up to :func:`count_params`)."""
    out = {stage: 0 for stage in STAGES}
    for name, child in model.named_children():
        out[stage_of(name)] += count_params(child)
    # Parameters registered directly on the root module (none in timm's ResNet) go to stem.
    out["stem"] += sum(p.numel() for p in model.parameters(recurse=False))
    return out


def onnx_initializer_params(path: str) -> int:
    """Sum of element counts of all graph initializers of an ONNX file."""
    return initializer_params(onnx.load(path, load_external_data=False))


def initializer_params(model: onnx.ModelProto) -> int:
    """Sum of element counts of all graph initializers, from their dims (no tensor decoding)."""
    total = 0
    for init in model.graph.initializer:
        count = 1
        for dim in init.dims:
            count *= dim
        total += count
    return total


def reference(
    model: nn.Module, input_size: tuple[int, int, int], onnx_params: int
) -> tuple[int, int, dict]:
    """``(source_params, source_macs, reference object)`` for the metadata."""
    flops = count_flops(model, input_size)
    params = stage_params(model)
    ref = {
        "onnx_initializer_params": onnx_params,
        "torch_flop_counter_flops": flops.total_flops,
        "stages": {
            stage: {"params": params[stage], "macs": flops.stage_flops[stage] // 2}
            for stage in STAGES
        },
    }
    return count_params(model), flops.total_macs, ref

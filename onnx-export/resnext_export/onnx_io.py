"""ONNX export of a timm classifier as ``input -> (logits, features)`` and its self-check.

Exporter choice (torch 2.14): the dynamo exporter (``torch.onnx.export(..., dynamo=True)``,
the default) is used. The legacy TorchScript exporter (``dynamo=False``) still exists but is
deprecated and warns; both give the same graph for ResNeXt. The dynamo exporter needs opset
>= 18; 18 is the default because ONNX Runtime 1.29 (Java) runs it and it is the lowest the
exporter supports without a version-conversion pass.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import torch
from torch import nn

from .metadata import FEATURES_NAME, INPUT_NAME, LOGITS_NAME
from .model import image_like_batch

DEFAULT_OPSET = 18
MIN_OPSET = 18
TOLERANCE = 1e-4
SELF_CHECK_SEED = 12345  # differs from any --random-init seed people use: not the calibration batch
SELF_CHECK_BATCH = 2

log = logging.getLogger(__name__)


class ClassifierWithFeatures(nn.Module):
    """``x -> (logits, features)`` where features are the last conv stage's output.

    Exporting both lets the app compute CAM heatmaps (features + fc weights) from one run.
    """

    def __init__(self, model: nn.Module) -> None:
        super().__init__()
        self.model = model

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        features = self.model.forward_features(x)
        return self.model.forward_head(features), features


class SelfCheckError(RuntimeError):
    """ONNX Runtime disagrees with torch beyond :data:`TOLERANCE`."""


def export(
    model: nn.Module, path: str | Path, input_size: tuple[int, int, int], opset: int = DEFAULT_OPSET
) -> None:
    """Write ``model`` (eval mode) to ONE self-contained ONNX file with a dynamic batch axis.

    ``external_data=False`` keeps resnext101's ~354 MB of weights inside the .onnx (the
    protobuf limit is 2 GB); a stale ``<file>.data`` from an older export is removed so
    nobody loads it by mistake.
    """
    if opset < MIN_OPSET:
        # torch would try onnx's version converter, which fails on this graph (Reduce axes)
        # and then quietly keeps opset 18: refuse instead of writing a different opset.
        raise ValueError(f"opset {opset} not supported: the dynamo exporter needs >= {MIN_OPSET}")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wrapper = ClassifierWithFeatures(model).eval()
    example = torch.zeros(SELF_CHECK_BATCH, *input_size)
    batch = torch.export.Dim("batch", min=1)
    with torch.no_grad():
        program = torch.onnx.export(
            wrapper,
            (example,),
            None,
            input_names=[INPUT_NAME],
            output_names=[LOGITS_NAME, FEATURES_NAME],
            opset_version=opset,
            dynamo=True,
            dynamic_shapes={"x": {0: batch}},
            verbose=False,
        )
    assert program is not None
    program.save(str(path), external_data=False)
    stale = Path(str(path) + ".data")
    if stale.exists():
        stale.unlink()


def check_opset(model: onnx.ModelProto, opset: int) -> None:
    """Fail if the default-domain opset of ``model`` is not the one asked for."""
    written = {o.domain: o.version for o in model.opset_import}
    if written.get("", written.get("ai.onnx")) != opset:
        raise RuntimeError(f"asked for opset {opset}, the exporter wrote {written}")


KEPT_NODE_METADATA = frozenset({"pkg.torch.onnx.name_scopes"})


def strip_debug_metadata(model: onnx.ModelProto) -> None:
    """Drop the dynamo exporter's per-node debug metadata (stack traces, fx names).

    Those carry absolute source paths and line numbers of the machine that exported, so the
    same weights would give different bytes in every checkout; they are not needed to run.
    The module path of each node (``pkg.torch.onnx.name_scopes``, e.g. ``['', 'global_pool',
    'global_pool.pool', 'mean']``) is kept: it is machine-independent and it is what lets the
    graph inspector attribute weightless nodes such as the global pool to the right stage.
    """
    for node in model.graph.node:
        kept = [p for p in node.metadata_props if p.key in KEPT_NODE_METADATA]
        del node.metadata_props[:]
        node.metadata_props.extend(kept)
    for info in (*model.graph.value_info, *model.graph.input, *model.graph.output):
        del info.metadata_props[:]
    for init in model.graph.initializer:
        del init.metadata_props[:]


def save_self_contained(model: onnx.ModelProto, path: str | Path) -> None:
    """Save with every tensor inline (no external .data file)."""
    onnx.save(model, str(path), save_as_external_data=False)


def self_check_input(input_size: tuple[int, int, int]) -> torch.Tensor:
    """The deterministic batch-2 input used for the torch vs ONNX Runtime comparison.

    Image-like (normalized 1/f noise) rather than white noise: the check should run the
    network in the regime it is used in. White noise gives a random-init network logits
    several times larger than photos do, and float32 rounding grows with them until it alone
    approaches the absolute 1e-4.
    """
    gen = torch.Generator().manual_seed(SELF_CHECK_SEED)
    return image_like_batch(input_size, SELF_CHECK_BATCH, gen)


@dataclass
class SelfCheck:
    """Max absolute differences between torch and ONNX Runtime outputs."""

    logits_max_abs_diff: float
    features_max_abs_diff: float

    @property
    def ok(self) -> bool:
        return max(self.logits_max_abs_diff, self.features_max_abs_diff) <= TOLERANCE


def self_check(path: str | Path, model: nn.Module, input_size: tuple[int, int, int]) -> SelfCheck:
    """Run the ONNX file on CPU and torch eval on the same input; raise if they disagree.

    Raises :class:`SelfCheckError` when either max abs diff exceeds :data:`TOLERANCE`, or when
    the graph does not have the input/outputs the app relies on.
    """
    x = self_check_input(input_size)
    with torch.no_grad():
        logits, features = ClassifierWithFeatures(model).eval()(x)
    options = ort.SessionOptions()
    options.log_severity_level = 3
    session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    names = [o.name for o in session.get_outputs()]
    if session.get_inputs()[0].name != INPUT_NAME or names[:2] != [LOGITS_NAME, FEATURES_NAME]:
        raise SelfCheckError(f"{path}: unexpected graph signature {names}")
    ort_logits, ort_features = session.run([LOGITS_NAME, FEATURES_NAME], {INPUT_NAME: x.numpy()})
    if ort_logits.shape != tuple(logits.shape) or ort_features.shape != tuple(features.shape):
        raise SelfCheckError(
            f"{path}: shapes differ: onnx {ort_logits.shape}/{ort_features.shape} vs torch "
            f"{tuple(logits.shape)}/{tuple(features.shape)}"
        )
    result = SelfCheck(
        float(np.max(np.abs(ort_logits - logits.numpy()))),
        float(np.max(np.abs(ort_features - features.numpy()))),
    )
    if (
        not result.ok
        or not np.isfinite([result.logits_max_abs_diff, result.features_max_abs_diff]).all()
    ):
        raise SelfCheckError(
            f"SELF-CHECK FAILED for {path}: ONNX Runtime differs from torch: "
            f"logits max abs diff {result.logits_max_abs_diff:.3e}, features max abs diff "
            f"{result.features_max_abs_diff:.3e} (tolerance {TOLERANCE:.0e})"
        )
    return result


def external_data_files(path: str | Path) -> list[str]:
    """Locations of external data referenced by an ONNX file (empty when self-contained)."""
    model = onnx.load(str(path), load_external_data=False)
    found: set[str] = set()
    for init in model.graph.initializer:
        if init.data_location == onnx.TensorProto.EXTERNAL:
            for entry in init.external_data:
                if entry.key == "location":
                    found.add(entry.value)
    return sorted(found)


def size_of(path: str | Path) -> int:
    """File size in bytes."""
    return os.path.getsize(path)
